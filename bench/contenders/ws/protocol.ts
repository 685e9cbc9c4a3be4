/**
 * The scenario protocol as JSON over raw `ws`, shared by the two raw-ws contenders
 * (their servers differ only in how they write).
 *
 * client → server: `{t:'j'}` join, `{t:'b', m}` broadcast, `{t:'e', i, p}` echo,
 * `{t:'p', to, m}` private.  server → client: `{t:'j'}` joined, `{t:'b', m}`, `{t:'e', i, p}`, `{t:'p', m}`.
 */
import type { BenchMessage, EchoParams } from '../../src/contender.js';

/** What a client sends. */
export type ClientFrame =
  | { readonly t: 'j' }
  | { readonly t: 'b'; readonly m: BenchMessage }
  | { readonly t: 'e'; readonly i: number; readonly p: EchoParams }
  | { readonly t: 'p'; readonly to: string; readonly m: BenchMessage };

/** What the server sends. */
export type ServerFrame =
  | { readonly t: 'j' }
  | { readonly t: 'b'; readonly m: BenchMessage }
  | { readonly t: 'e'; readonly i: number; readonly p: EchoParams }
  | { readonly t: 'p'; readonly m: BenchMessage };

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null;

/** Parses a frame; `undefined` for anything malformed (never throws). */
export function parseFrame<T extends ClientFrame | ServerFrame>(raw: string): T | undefined {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (!isObject(value) || typeof value['t'] !== 'string') return undefined;
  return value as T;
}
