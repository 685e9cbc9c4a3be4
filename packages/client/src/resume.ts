/**
 * Continuity of delivery streams across reconnects (protocol 6.5, 7): the resume request sent
 * in the hello, what the welcome and subscribe results say about each stream, and the recovery
 * signal the application gets for every stream whose continuity is, or could not be, restored.
 *
 * @module
 */
import type { ResumeResult, StreamPosition } from '@parley/protocol';
import { Listeners } from './events.js';
import { StreamPositions, topicOf, type StreamBreak } from './positions.js';
import type { ResumeFailureReason, Session, SubscribeResult } from './types.js';

/** Most streams one resume request may list (protocol 5.2). */
const MAX_RESUME_STREAMS = 1000;

/**
 * Why a stream lost continuity: a resume failure reason from the server, or `gap` when messages
 * went missing on a live connection (the server's `drop` slow-consumer policy).
 *
 * @example
 * ```ts
 * const reason: RecoveryReason = 'window_exceeded';
 * ```
 */
export type RecoveryReason = ResumeFailureReason | 'gap';

/**
 * What happened to one stream's continuity.
 *
 * - `recovered: true`: everything missed while disconnected (`replayed` messages) was delivered,
 *   in order, before this signal. Nothing to do.
 * - `recovered: false`: messages were missed and will not come: same epoch, seqs
 *   `from.seq + 1 … to.seq`; with `epoch_changed`, the rest of `from`'s epoch and `1 … to.seq`
 *   of the new one. Reload the state this stream feeds. Delivery continues after `to`
 *   (no `to` for `forbidden` and `unknown_stream`: the stream stopped).
 *
 * @example
 * ```ts
 * client.onRecovery(({ stream, recovered, reason }) => {
 *   if (!recovered) reloadFromServer(stream, reason);
 * });
 * ```
 */
export interface RecoveryInfo {
  /** The stream (`all`, `topic:<topic>`, `user:<userId>`). */
  readonly stream: string;
  /** The topic, for a topic stream. */
  readonly topic?: string | undefined;
  /** Whether everything missed was delivered. */
  readonly recovered: boolean;
  /** Why not (`recovered: false` only). */
  readonly reason?: RecoveryReason | undefined;
  /** How many missed messages were replayed (`recovered: true` only). */
  readonly replayed?: number | undefined;
  /** The last position processed before the break, if the client had one. */
  readonly from?: StreamPosition | undefined;
  /** Where the stream continues: messages after it will be delivered. */
  readonly to?: StreamPosition | undefined;
}

/**
 * A resume request for `rpc.hello`.
 *
 * @example
 * ```ts
 * const resume: ResumeRequest = { sessionId: 's1', streams: [{ stream: 'all', epoch: 'e1', seq: 9 }] };
 * ```
 */
export interface ResumeRequest {
  /** The session to resume. */
  readonly sessionId: string;
  /** Where each stream stopped. */
  readonly streams: { stream: string; epoch: string; seq: number }[];
}


/**
 * Tracks positions and tells the application about continuity.
 *
 * @example
 * ```ts
 * const continuity = new Continuity();
 * continuity.listeners.add((info) => console.log(info));
 * const resume = continuity.request(session.sessionId, () => true);
 * continuity.welcomed(welcome); // after the reconnect
 * ```
 */
export class Continuity {
  /** Last processed position per stream (shared with the inbound router, which dedupes with it). */
  readonly positions: StreamPositions;
  /** Every recovery signal. */
  readonly listeners: Listeners<[RecoveryInfo]>;
  readonly #topics = new Map<string, Listeners<[RecoveryInfo]>>();
  readonly #onThrow: ((thrown: unknown) => void) | undefined;

  /** @param onThrow - receives what a listener threw */
  constructor(onThrow?: (thrown: unknown) => void) {
    this.listeners = new Listeners(onThrow);
    this.#onThrow = onThrow;
    this.positions = new StreamPositions((change: StreamBreak) => this.#emit({ ...change, recovered: false }));
  }

  /** Adds a listener for one topic's signals; returns its remover. */
  onTopic(topic: string, listener: (info: RecoveryInfo) => void): () => void {
    let set = this.#topics.get(topic);
    if (!set) this.#topics.set(topic, (set = new Listeners(this.#onThrow)));
    const remove = set.add(listener);
    return () => {
      remove();
      if (set.size === 0 && this.#topics.get(topic) === set) this.#topics.delete(topic);
    };
  }

  /**
   * The resume request after a reconnect: every stream with a position, except connection
   * streams and those `resumable` refuses (topics resumed by a subscribe instead).
   */
  request(sessionId: string, resumable: (stream: string) => boolean): ResumeRequest {
    const streams = this.positions.entries().filter(({ stream }) => !stream.startsWith('conn:') && resumable(stream));
    return { sessionId, streams: streams.slice(0, MAX_RESUME_STREAMS) };
  }

  /**
   * Takes in a welcome: each resume result, then the positions of the streams the session
   * receives from the start. Returns the topic streams the server subscribed this connection
   * to (all resumed topics except refused ones).
   */
  welcomed(welcome: Session): Set<string> {
    const subscribed = new Set<string>();
    for (const result of welcome.resume ?? []) {
      this.#result(result);
      const refused = !result.recovered && (result.reason === 'forbidden' || result.reason === 'unknown_stream');
      if (!refused && topicOf(result.stream) !== undefined) subscribed.add(result.stream);
    }
    for (const position of welcome.streams) this.positions.start(position.stream, position);
    return subscribed;
  }

  /** Takes in a subscribe result (with or without a replay). */
  subscribed(result: SubscribeResult): void {
    const { stream, epoch, seq } = result;
    if (result.recovered === undefined) return this.positions.start(stream, { epoch, seq });
    const outcome = result.recovered
      ? { stream, recovered: true as const, epoch, seq, replayed: result.replayed ?? 0 }
      : { stream, recovered: false as const, epoch, seq, reason: result.reason ?? 'window_exceeded' };
    this.#result(outcome);
  }

  #result(result: ResumeResult): void {
    const { stream } = result;
    const from = this.positions.get(stream);
    const to = { epoch: result.epoch, seq: result.seq };
    if (result.recovered) {
      if (from && from.epoch === to.epoch && from.seq >= to.seq) {
        return this.#emit({ stream, recovered: true, replayed: result.replayed, from: { epoch: to.epoch, seq: to.seq - result.replayed }, to });
      }
      // The server said "replayed", but not all of it arrived: a gap like any other.
      this.positions.set(stream, to);
      return this.#emit({ stream, recovered: false, reason: 'gap', from, to });
    }
    if (result.reason === 'forbidden' || result.reason === 'unknown_stream') {
      this.positions.delete(stream);
      return this.#emit({ stream, recovered: false, reason: result.reason, from });
    }
    this.positions.set(stream, to);
    this.#emit({ stream, recovered: false, reason: result.reason, from, to });
  }

  #emit(info: Omit<RecoveryInfo, 'topic'>): void {
    const topic = topicOf(info.stream);
    const signal: RecoveryInfo = topic === undefined ? info : { ...info, topic };
    this.listeners.emit(signal);
    if (topic !== undefined) this.#topics.get(topic)?.emit(signal);
  }
}
