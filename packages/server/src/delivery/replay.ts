/**
 * Replays: all of a stream's missed messages, framed for one connection, or none when they would
 * not fit its buffer (never part of them).
 *
 * @module
 */
import type { AnyContract } from '@parley/protocol';
import type { StreamMessage } from './adapter.js';
import type { ServerCore } from '../core.js';
import { frameText, type Frame } from '../transport/frame.js';

/**
 * Frames a replay within `budget` bytes; `undefined` when it does not fit (then nothing of it
 * is sent: the stream is `window_exceeded`, never partly replayed).
 *
 * @example
 * ```ts
 * const frames = replayFrames(read.messages, { bytes: 512 * 1024 });
 * ```
 */
export function replayFrames(messages: readonly StreamMessage[], budget: { bytes: number }): Frame[] | undefined {
  const frames = messages.map((message) => frameText(message.text));
  const bytes = frames.reduce((sum, frame) => sum + frame.bytes, 0);
  if (bytes > budget.bytes) return undefined;
  budget.bytes -= bytes;
  return frames;
}

/**
 * The most bytes of replayed messages queued for one connection at once: half its buffer bound,
 * so a replay can never make it a slow consumer (which would close it, and the next resume
 * would ask for the same replay again).
 *
 * @example
 * ```ts
 * const budget = { bytes: replayBudget(core) };
 * ```
 */
export function replayBudget(core: ServerCore<AnyContract>): number {
  return Math.floor(core.options.maxBufferedBytes / 2);
}
