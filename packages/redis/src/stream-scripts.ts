/**
 * The Lua scripts of a delivery stream: publish (number, log, fan out, atomically), position and
 * read. Atomic scripts are what make numbering consistent across nodes: Redis runs one at a time,
 * and pub/sub delivers what one script published, in order, to every subscriber.
 *
 * Keys: `KEYS[1]` the stream's meta hash (`e` epoch, `s` last seq), `KEYS[2]` its log (a Redis
 * Stream, entries `m` = the delivery frame, ids from the Redis clock). A missing meta hash gets
 * the caller's candidate epoch (once: `HGET` then `HSET` inside the script, like `SET NX`) and an
 * empty log.
 *
 * @module
 */
import { LuaScript } from './lua.js';

const NOW = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

const EPOCH = `local e = redis.call('HGET', KEYS[1], 'e')
local fresh = false
if not e then
  e = ARGV[1]
  redis.call('HSET', KEYS[1], 'e', e, 's', 0)
  redis.call('DEL', KEYS[2])
  fresh = true
end`;

/**
 * Publish. ARGV: candidate epoch, then the delivery template (head, stream JSON, from JSON, extra,
 * data JSON or ''), then max log length (0: no log), log age (ms), stream TTL (ms), channel.
 * Joins the frame exactly as `joinDelivery` (`@parley/protocol`) does: the full form, with the
 * epoch, for seq 1 and whenever `extra` is set, the compact form otherwise. Logs the frame,
 * publishes `<epoch> <seq> <frame>`. Returns `{epoch, seq}`. Epochs are base64url (`newEpoch`), so
 * `"` .. e .. `"` is their JSON.
 *
 * @example
 * ```ts
 * await PUBLISH.run(send, [keys.meta(s), keys.log(s)], [newEpoch(), ...publishArgs(draft), 1000, 120000, 86400000, keys.channel(s)]);
 * ```
 */
export const PUBLISH = new LuaScript(`${EPOCH}
local s = redis.call('HINCRBY', KEYS[1], 's', 1)
local seq = string.format('%d', s)
local text
if s == 1 or ARGV[5] ~= '' then
  local data = ''
  if ARGV[6] ~= '' then data = ',"data":' .. ARGV[6] end
  text = ARGV[2] .. '{"stream":' .. ARGV[3] .. ',"seq":' .. seq .. ',"epoch":"' .. e .. '","from":' .. ARGV[4] .. ARGV[5] .. data .. '}}'
else
  local data = ''
  if ARGV[6] ~= '' then data = ',' .. ARGV[6] end
  text = ARGV[2] .. '[' .. ARGV[3] .. ',' .. seq .. ',' .. ARGV[4] .. data .. ']}'
end
local maxlen = tonumber(ARGV[7])
if maxlen > 0 then
  ${NOW}
  redis.call('XADD', KEYS[2], 'MAXLEN', '~', maxlen, '*', 'm', text)
  redis.call('XTRIM', KEYS[2], 'MINID', '~', now - tonumber(ARGV[8]))
  redis.call('PEXPIRE', KEYS[2], ARGV[9])
end
redis.call('PEXPIRE', KEYS[1], ARGV[9])
redis.call('PUBLISH', ARGV[10], e .. ' ' .. seq .. ' ' .. text)
return {e, s}`);

/**
 * Position (creating the epoch if the stream is new). ARGV: candidate epoch, stream TTL (ms).
 * Returns `{epoch, seq}`.
 *
 * @example
 * ```ts
 * await POSITION.run(send, [keys.meta(s), keys.log(s)], [newEpoch(), 86400000]);
 * ```
 */
export const POSITION = new LuaScript(`${EPOCH}
redis.call('PEXPIRE', KEYS[1], ARGV[2])
redis.call('PEXPIRE', KEYS[2], ARGV[2])
return {e, tonumber(redis.call('HGET', KEYS[1], 's'))}`);

/**
 * Read after a position. ARGV: candidate epoch, since epoch, since seq, log age (ms).
 * Returns `{status, epoch, seq, text...}` with status `ok`, `epoch_changed` or
 * `window_exceeded`; the texts (only with `ok`) are every message after `since`, oldest first.
 * The log holds every seq of its epoch from some point on (trimming only cuts the oldest), so the
 * last `seq - since` entries are exactly the ones after `since` when the log holds that many.
 *
 * @example
 * ```ts
 * await READ.run(send, [keys.meta(s), keys.log(s)], [newEpoch(), 'e1', 40, 120000]);
 * ```
 */
export const READ = new LuaScript(`${EPOCH}
local s = tonumber(redis.call('HGET', KEYS[1], 's'))
local since = tonumber(ARGV[3])
if fresh or ARGV[2] ~= e or since > s then return {'epoch_changed', e, s} end
if since == s then return {'ok', e, s} end
local n = s - since
if redis.call('XLEN', KEYS[2]) < n then return {'window_exceeded', e, s} end
local entries = redis.call('XREVRANGE', KEYS[2], '+', '-', 'COUNT', n)
if #entries < n then return {'window_exceeded', e, s} end
${NOW}
local oldest = tonumber(string.match(entries[n][1], '^(%d+)'))
if oldest < now - tonumber(ARGV[4]) then return {'window_exceeded', e, s} end
local out = {'ok', e, s}
for i = n, 1, -1 do out[#out + 1] = entries[i][2][2] end
return out`);
