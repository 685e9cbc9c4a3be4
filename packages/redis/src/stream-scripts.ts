/**
 * The Lua scripts of a delivery stream: publish (number, log, fan out, atomically), position and
 * read. Atomic scripts are what make numbering consistent across nodes: Redis runs one at a time,
 * and pub/sub delivers what one script published, in order, to every subscriber.
 *
 * Keys: `KEYS[1]` the stream's meta hash (`e` epoch, `s` last seq), `KEYS[2]` its log (a Redis
 * Stream, entries `m` = the encoded delivery, ids from the Redis clock). A missing meta hash gets
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
 * Publish. ARGV: candidate epoch, head, tail, max log length (0: no log), log age (ms), stream
 * TTL (ms), channel. Returns `{epoch, seq}`.
 *
 * @example
 * ```ts
 * await PUBLISH.run(send, [keys.meta(s), keys.log(s)], [newEpoch(), head, tail, 1000, 120000, 86400000, keys.channel(s)]);
 * ```
 */
export const PUBLISH = new LuaScript(`${EPOCH}
local s = redis.call('HINCRBY', KEYS[1], 's', 1)
local text = ARGV[2] .. '"' .. e .. '","seq":' .. s .. ARGV[3]
local maxlen = tonumber(ARGV[4])
if maxlen > 0 then
  ${NOW}
  redis.call('XADD', KEYS[2], 'MAXLEN', '~', maxlen, '*', 'm', text)
  redis.call('XTRIM', KEYS[2], 'MINID', '~', now - tonumber(ARGV[5]))
  redis.call('PEXPIRE', KEYS[2], ARGV[6])
end
redis.call('PEXPIRE', KEYS[1], ARGV[6])
redis.call('PUBLISH', ARGV[7], text)
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
