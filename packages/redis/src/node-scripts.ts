/**
 * Lua scripts of node liveness: heartbeat, reaping dead node instances, and the cluster-wide
 * connection check. A node instance is `<nodeId>.<generation>`; a node whose instance was reaped
 * (it was cut off longer than the TTL) registers a new one and re-adds its entries, so the
 * reaper, which only removes entries tagged with the dead instance, never takes them again.
 *
 * @module
 */
import { LuaScript } from './lua.js';
import { LUA_DROP, LUA_NOTICE, LUA_NOW } from './presence-scripts.js';

/**
 * Heartbeat. KEYS: nodes set. ARGV: instance, `new` to register. Returns 0 when the instance is
 * unknown (reaped) and was not being registered, else 1.
 *
 * @example
 * ```ts
 * await HEARTBEAT.run(send, [keys.nodes], [instance, 'new']);
 * ```
 */
export const HEARTBEAT = new LuaScript(`${LUA_NOW}
if ARGV[2] ~= 'new' and not redis.call('ZSCORE', KEYS[1], ARGV[1]) then return 0 end
redis.call('ZADD', KEYS[1], now, ARGV[1])
return 1`);

/**
 * Reaps: moves instances silent for longer than the TTL (or retired: ARGV[5]) to the `gc` set,
 * then removes up to `batch` presence entries (announcing leaves) and connections of each
 * instance in it. KEYS: nodes set, gc set. ARGV: prefix, TTL (ms), batch, control channel,
 * instance to retire (or empty). Returns 1 while work remains.
 *
 * @example
 * ```ts
 * while (await REAP.run(send, [keys.nodes, `${prefix}gc`], [prefix, 15000, 500, keys.control, '']) === 1);
 * ```
 */
export const REAP = new LuaScript(`${LUA_NOW}
${LUA_NOTICE}
${LUA_DROP}
local prefix, batch, ctl = ARGV[1], tonumber(ARGV[3]), ARGV[4]
if ARGV[5] ~= '' then
  redis.call('ZREM', KEYS[1], ARGV[5])
  redis.call('SADD', KEYS[2], ARGV[5])
end
local dead = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[2]), 'LIMIT', 0, 100)
for _, instance in ipairs(dead) do
  redis.call('ZREM', KEYS[1], instance)
  redis.call('SADD', KEYS[2], instance)
end
local more = 0
for _, instance in ipairs(redis.call('SRANDMEMBER', KEYS[2], 8)) do
  local np = prefix .. 'np:' .. instance
  for _, m in ipairs(redis.call('SPOP', np, batch)) do
    local sp = string.find(m, ' ', 1, true)
    drop(prefix, string.sub(m, 1, sp - 1), string.sub(m, sp + 1), ctl, instance)
  end
  local nc = prefix .. 'nc:' .. instance
  for _, c in ipairs(redis.call('SPOP', nc, batch)) do
    if redis.call('HGET', prefix .. 'conns', c) == instance then redis.call('HDEL', prefix .. 'conns', c) end
  end
  if redis.call('SCARD', np) == 0 and redis.call('SCARD', nc) == 0 then
    redis.call('SREM', KEYS[2], instance)
  else
    more = 1
  end
end
if redis.call('SCARD', KEYS[2]) > 0 then more = 1 end
return more`);

/**
 * Whether a connection has a session on a live node instance. KEYS: conns hash, nodes set.
 * ARGV: connection id, TTL (ms). Returns 1 or 0.
 *
 * @example
 * ```ts
 * await HAS_CONNECTION.run(send, [keys.conns, keys.nodes], ['c1', 15000]);
 * ```
 */
export const HAS_CONNECTION = new LuaScript(`${LUA_NOW}
local instance = redis.call('HGET', KEYS[1], ARGV[1])
if not instance then return 0 end
local score = redis.call('ZSCORE', KEYS[2], instance)
if score and tonumber(score) >= now - tonumber(ARGV[2]) then return 1 end
return 0`);
