/**
 * Lua scripts of presence, shared by the live path and the reaper. A presence entry is one
 * connection in one topic: field `<connectionId>` of the topic's hash, value
 * `<instance>\0<userId>\0<data JSON or empty>`; the topic's user hash counts each user's entries,
 * so a join is the count going 0 → 1 and a leave 1 → 0, cluster-wide. Notices are built here
 * (`{"k":"join"|"leave","topic","userId","ts","data"?}`, the Redis clock) and published on the
 * control channel.
 *
 * @module
 */
import { LuaScript } from './lua.js';

/** Lua: `now` in ms from the Redis clock. */
export const LUA_NOW = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

/** Lua: `notice(kind, topic, value)` → `userId, notice JSON`. Needs `now`. */
export const LUA_NOTICE = `local function notice(kind, topic, v)
  local a = string.find(v, '\\0', 1, true)
  local b = string.find(v, '\\0', a + 1, true)
  local user = string.sub(v, a + 1, b - 1)
  local data = string.sub(v, b + 1)
  local text = '{"k":"' .. kind .. '","topic":' .. cjson.encode(topic) .. ',"userId":' .. cjson.encode(user) .. ',"ts":' .. string.format('%d', now)
  if data ~= '' then text = text .. ',"data":' .. data end
  return user, text .. '}'
end`;

/** Lua: `drop(prefix, topic, conn, ctl)` removes an entry (and announces a leave if it was the user's last); `true` if it existed. */
export const LUA_DROP = `local function drop(prefix, topic, conn, ctl, instance)
  local key = prefix .. 'p:' .. topic
  local v = redis.call('HGET', key, conn)
  if not v then return false end
  if instance and string.sub(v, 1, #instance + 1) ~= instance .. '\\0' then return false end
  redis.call('HDEL', key, conn)
  local user, text = notice('leave', topic, v)
  local users = prefix .. 'pu:' .. topic
  if redis.call('HINCRBY', users, user, -1) <= 0 then
    redis.call('HDEL', users, user)
    redis.call('PUBLISH', ctl, text)
  end
  return true
end`;

/**
 * Adds (or re-tags) an entry. KEYS: the node instance's presence index. ARGV: prefix, topic,
 * connection id, value, control channel. Returns 1 when it was a join.
 *
 * @example
 * ```ts
 * await PRESENCE_ADD.run(send, [keys.nodePresence(instance)], [prefix, 'lobby', 'c1', `${instance}\0alice\0`, keys.control]);
 * ```
 */
export const PRESENCE_ADD = new LuaScript(`${LUA_NOW}
${LUA_NOTICE}
local prefix, topic, conn, v, ctl = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local key = prefix .. 'p:' .. topic
local existed = redis.call('HGET', key, conn)
redis.call('HSET', key, conn, v)
redis.call('SADD', KEYS[1], topic .. ' ' .. conn)
if existed then return 0 end
local user, text = notice('join', topic, v)
if redis.call('HINCRBY', prefix .. 'pu:' .. topic, user, 1) == 1 then
  redis.call('PUBLISH', ctl, text)
  return 1
end
return 0`);

/**
 * Removes an entry. KEYS: the node instance's presence index. ARGV: prefix, topic, connection
 * id, control channel. Returns 1 when it was a leave-worthy removal.
 *
 * @example
 * ```ts
 * await PRESENCE_REMOVE.run(send, [keys.nodePresence(instance)], [prefix, 'lobby', 'c1', keys.control]);
 * ```
 */
export const PRESENCE_REMOVE = new LuaScript(`${LUA_NOW}
${LUA_NOTICE}
${LUA_DROP}
redis.call('SREM', KEYS[1], ARGV[2] .. ' ' .. ARGV[3])
if drop(ARGV[1], ARGV[2], ARGV[3], ARGV[4], nil) then return 1 end
return 0`);

/**
 * Lists a topic's entries held by live node instances. KEYS: the topic's hash, the nodes set.
 * ARGV: node TTL (ms). Returns the values (`<instance>\0<userId>\0<data>`).
 *
 * @example
 * ```ts
 * await PRESENCE_LIST.run(send, [keys.presence('lobby'), keys.nodes], [15000]);
 * ```
 */
export const PRESENCE_LIST = new LuaScript(`${LUA_NOW}
local all = redis.call('HGETALL', KEYS[1])
local alive = {}
local out = {}
for i = 2, #all, 2 do
  local v = all[i]
  local instance = string.sub(v, 1, string.find(v, '\\0', 1, true) - 1)
  if alive[instance] == nil then
    local score = redis.call('ZSCORE', KEYS[2], instance)
    alive[instance] = score ~= false and tonumber(score) >= now - tonumber(ARGV[1])
  end
  if alive[instance] then out[#out + 1] = v end
end
return out`);
