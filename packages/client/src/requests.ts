/**
 * The request manager: ids, pending calls, timeouts, aborts. Every call settles exactly once, with
 * its result or a `ParleyError`.
 *
 * @module
 */
import { ParleyError, encodeRequest, parleyError, type JsonRpcResponse } from '@parley/protocol';
import * as ErrorCode from './error-codes.js';
import type { QueuedItem } from './queue.js';

/** Longest delay `setTimeout` takes; a `timeoutMs` at or past it means "no timeout". */
const MAX_TIMER_MS = 2_147_483_647;

/**
 * How one call behaves.
 *
 * @example
 * ```ts
 * const settings: CallSettings = { timeoutMs: 10_000, signal: controller.signal, idempotent: true };
 * ```
 */
export interface CallSettings {
  /** Time allowed for the reply once the request was written to the socket. */
  readonly timeoutMs: number;
  /** Aborting it rejects the call with `Aborted` (and drops it from the offline queue). */
  readonly signal?: AbortSignal | undefined;
  /** Whether the call may be re-sent (same id) after its reply was lost to a disconnect. */
  readonly idempotent: boolean;
  /** Turns the raw result into the caller's value (contract validation); may throw a `ParleyError`. */
  readonly parse?: ((result: unknown) => unknown) | undefined;
}

/**
 * One call from `start` until it settles.
 *
 * @example
 * ```ts
 * const { call, promise } = requests.start('chat.send', { text: 'hi' }, { timeoutMs: 10_000, idempotent: true });
 * if (call && socket.send(call.frame)) call.written();
 * ```
 */
export class PendingCall implements QueuedItem {
  /** Whether the frame was written to a socket (so the server may have seen it). */
  sent = false;
  /** Sent on a connection that was lost before the reply; waits to be written again, with the same id. */
  orphaned = false;
  /** Called once when the call settles, however; the offline queue's owner uses it to drop the frame. */
  onSettle: (() => void) | undefined;
  /** The JSON-RPC id (a string unique within the client's lifetime). */
  readonly id: string;
  /** The method called. */
  readonly method: string;
  /** The encoded request. */
  readonly frame: string;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #done = false;
  readonly #settings: CallSettings;
  readonly #ok: (value: unknown) => void;
  readonly #ko: (error: ParleyError) => void;
  readonly #forget: () => void;

  /** @internal */
  constructor(
    id: string,
    method: string,
    frame: string,
    settings: CallSettings,
    ok: (value: unknown) => void,
    ko: (error: ParleyError) => void,
    forget: () => void,
  ) {
    this.id = id;
    this.method = method;
    this.frame = frame;
    this.#settings = settings;
    this.#ok = ok;
    this.#ko = ko;
    this.#forget = forget;
    settings.signal?.addEventListener('abort', this.#abort, { once: true });
  }

  /** Whether the contract lets this call run twice. */
  get idempotent(): boolean {
    return this.#settings.idempotent;
  }

  /** The frame went to the socket: the reply timeout starts now. */
  written(): void {
    if (this.#done) return;
    this.sent = true;
    const { timeoutMs } = this.#settings;
    if (this.#timer === undefined && timeoutMs < MAX_TIMER_MS) {
      this.#timer = setTimeout(() => this.fail(parleyError(ErrorCode.Timeout, { method: this.method, timeoutMs })), timeoutMs);
    }
  }

  /** Rejects the call (no-op once settled). */
  fail(error: ParleyError): void {
    if (this.#finish()) this.#ko(error);
  }

  /** Resolves the call with a result off the wire (no-op once settled). */
  resolve(result: unknown): void {
    if (!this.#finish()) return;
    const { parse } = this.#settings;
    if (!parse) return this.#ok(result);
    let value: unknown;
    try {
      value = parse(result);
    } catch (thrown) {
      return this.#ko(thrown instanceof ParleyError ? thrown : parleyError(ErrorCode.InternalError, { method: this.method }));
    }
    this.#ok(value);
  }

  readonly #abort = (): void => this.fail(parleyError(ErrorCode.Aborted, { method: this.method }));

  #finish(): boolean {
    if (this.#done) return false;
    this.#done = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#settings.signal?.removeEventListener('abort', this.#abort);
    this.#forget();
    this.onSettle?.();
    return true;
  }
}

/**
 * Creates calls with ids unique for the client's lifetime (`"1"`, `"2"`, ...: unique within any
 * session, as idempotent re-sends need), matches replies to them, and fails them in bulk when a
 * connection is lost.
 *
 * @example
 * ```ts
 * const requests = new RequestManager();
 * const { call, promise } = requests.start('chat.send', { text: 'hi' }, { timeoutMs: 10_000, idempotent: true });
 * requests.respond({ jsonrpc: '2.0', id: call!.id, result: { id: 'm1' } });
 * await promise; // { id: 'm1' }
 * ```
 */
export class RequestManager {
  #counter = 0;
  readonly #pending = new Map<string, PendingCall>();
  /** Sees the id of every response, answered call or not (the send window frees its slot). */
  onResponse: ((id: JsonRpcResponse['id']) => void) | undefined;

  /** A fresh id (also used for hello and pings, whose replies nobody waits for). */
  nextId(): string {
    this.#counter += 1;
    return String(this.#counter);
  }

  /** Calls not yet settled. */
  get size(): number {
    return this.#pending.size;
  }

  /**
   * Starts a call. `call` is `undefined` when the call failed at once (params that are not JSON,
   * an already-aborted signal); the promise then rejects.
   */
  start<T>(method: string, params: unknown, settings: CallSettings): { call: PendingCall | undefined; promise: Promise<T> } {
    if (settings.signal?.aborted) return { call: undefined, promise: Promise.reject(parleyError(ErrorCode.Aborted, { method })) };
    const id = this.nextId();
    let frame: string;
    try {
      frame = encodeRequest(id, method, params);
    } catch {
      return {
        call: undefined,
        promise: Promise.reject(new ParleyError(ErrorCode.InvalidParams, 'Params cannot be encoded as JSON', { method })),
      };
    }
    let call!: PendingCall;
    const promise = new Promise<T>((resolve, reject) => {
      call = new PendingCall(id, method, frame, settings, resolve as (value: unknown) => void, reject, () => this.#pending.delete(id));
    });
    this.#pending.set(id, call);
    return { call, promise };
  }

  /** Settles the call a response answers; `false` when no call waits for it (a ping, a late reply). */
  respond(response: JsonRpcResponse): boolean {
    this.onResponse?.(response.id);
    const call = typeof response.id === 'string' ? this.#pending.get(response.id) : undefined;
    if (!call?.sent) return false;
    if ('error' in response) call.fail(ParleyError.fromObject(response.error));
    else call.resolve(response.result);
    return true;
  }

  /**
   * The connection carrying the sent calls is gone. `decide` says, per call, which error to reject
   * it with, or `undefined` to keep it for {@link RequestManager.resend} after the reconnect.
   */
  lost(decide: (call: PendingCall) => ParleyError | undefined): void {
    for (const call of [...this.#pending.values()]) {
      if (!call.sent) continue;
      const error = decide(call);
      if (error) call.fail(error);
      else call.orphaned = true;
    }
  }

  /** Writes the calls kept by `lost` again, same frame and id, in the order they were made. */
  resend(write: (frame: string, call: PendingCall) => boolean): void {
    for (const call of [...this.#pending.values()]) {
      if (call.orphaned && write(call.frame, call)) call.orphaned = false;
    }
  }

  /** Rejects every unsettled call, sent or not. */
  failAll(error: ParleyError): void {
    for (const call of [...this.#pending.values()]) call.fail(error);
  }
}
