/**
 * Protocol limits and their safe defaults. A server advertises the limits in force in its
 * welcome; both peers enforce them.
 *
 * @module
 */

/**
 * The limits the decoder enforces on every frame.
 *
 * @example
 * ```ts
 * const limits: FrameLimits = { ...DEFAULT_FRAME_LIMITS, maxMessageBytes: 16 * 1024 };
 * ```
 */
export interface FrameLimits {
  /** Largest frame, in UTF-8 bytes. Servers close with 1009 past it; clients refuse to send it. */
  readonly maxMessageBytes: number;
  /** Most items in one JSON-RPC batch. */
  readonly maxBatchLength: number;
  /** Deepest nesting of arrays and objects in one frame (the frame itself is depth 1). */
  readonly maxDepth: number;
  /** Longest string `id`, in UTF-16 code units. */
  readonly maxIdLength: number;
  /** Longest method name, in UTF-16 code units. */
  readonly maxMethodLength: number;
}

/**
 * Safe defaults: 64 KiB messages (Centrifugo's default, OWASP's advice), 50-item batches,
 * 32 levels of nesting, ids of at most 128 characters, method names of at most 128.
 *
 * @example
 * ```ts
 * DEFAULT_FRAME_LIMITS.maxMessageBytes; // 65536
 * ```
 */
export const DEFAULT_FRAME_LIMITS: FrameLimits = {
  maxMessageBytes: 65_536, // 64 KiB, as a literal: bundlers keep an unused `64 * 1024`
  maxBatchLength: 50,
  maxDepth: 32,
  maxIdLength: 128,
  maxMethodLength: 128,
};

/**
 * Length of a string in UTF-8 bytes, without `Buffer` or `TextEncoder` (runs anywhere). A lone
 * surrogate counts 3 bytes, as its U+FFFD replacement would.
 *
 * @example
 * ```ts
 * utf8Length('héllo'); // 6
 * ```
 */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

/**
 * Whether the text has more than `count` opening brackets (in strings or not): found with the
 * engine's own `indexOf`, far faster than a loop over every character. A text with no more than
 * `maxDepth` of them cannot nest deeper, so most frames never need the exact scan.
 */
function hasMoreOpeners(text: string, count: number): boolean {
  let found = 0;
  for (const opener of ['{', '[']) {
    for (let at = text.indexOf(opener); at !== -1; at = text.indexOf(opener, at + 1)) if (++found > count) return true;
  }
  return false;
}

/**
 * Whether the JSON text nests arrays and objects deeper than `maxDepth`, found by one scan of
 * the text before it is parsed (so a deep frame never reaches recursive code). Brackets inside
 * strings do not count.
 *
 * @example
 * ```ts
 * exceedsDepth('[[[1]]]', 2); // true
 * exceedsDepth('{"a":"[[["}', 1); // false
 * ```
 */
export function exceedsDepth(json: string, maxDepth: number): boolean {
  if (json.length <= maxDepth || !hasMoreOpeners(json, maxDepth)) return false;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > maxDepth) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}
