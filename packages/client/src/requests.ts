/**
 * The request manager: ids, pending calls, timeouts, aborts. Every call settles exactly once, with
 * its result or a `ParleyError`. A call allocates as little as it can (it is the hot path of an
 * RPC-heavy client): no closure kept per call unless it has an abort signal (its timer callback
 * is shared, the call rides on the timer as an argument, and settling reports to the manager).
 *
 * @module
 */
import { ParleyError, encodeRequest, parleyError, validate, type AnySchema, type JsonRpcResponse } from '@parley/protocol';
import * as ErrorCode from './error-codes.js';
import type { QueuedItem } from './queue.js';

/** Longest delay `setTimeout` takes; a `timeoutMs` at or past it means "no timeout". */
const MAX_TIMER_MS = 2_147_483_647;

/** A call's timer callback: the call and its timeout ride on the timer as arguments (no closure per call). */
const timeOut = (call: PendingCall, timeoutMs: number): void => call.fail(parleyError(ErrorCode.Timeout, { method: call.method, timeoutMs }));

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
  /** The contract's result schema: a result it refuses rejects the call with -32603 `Invalid result`. */
  readonly result?: AnySchema | undefined;
  /** The schema's compiled check (Node): a result it passes is its own output, without valibot. */
  readonly check?: ((value: unknown) => boolean) | undefined;
  /** Sees the (checked) result before the caller does; may throw a `ParleyError`. */
  readonly onResult?: ((result: unknown) => void) | undefined;
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
  readonly #manager: RequestManager;
  /** The abort listener, made only for a call with a signal. */
  #abort: (() => void) | undefined;

  /** @internal */
  constructor(
    id: string,
    method: string,
    frame: string,
    settings: CallSettings,
    ok: (value: unknown) => void,
    ko: (error: ParleyError) => void,
    manager: RequestManager,
  ) {
    this.id = id;
    this.method = method;
    this.frame = frame;
    this.#settings = settings;
    this.#ok = ok;
    this.#ko = ko;
    this.#manager = manager;
    const { signal } = settings;
    if (signal) signal.addEventListener('abort', (this.#abort = () => this.fail(parleyError(ErrorCode.Aborted, { method }))), { once: true });
  }

  /** Whether the contract lets this call run twice. */
  get idempotent(): boolean {
    return this.#settings.idempotent;
  }

  /** The frame went to the socket: the reply timeout starts now (at the first write; a re-send keeps it). */
  written(): void {
    if (this.#done) return;
    this.sent = true;
    const { timeoutMs } = this.#settings;
    if (this.#timer === undefined && timeoutMs < MAX_TIMER_MS) this.#timer = setTimeout(timeOut, timeoutMs, this, timeoutMs);
  }

  /** Rejects the call (no-op once settled). */
  fail(error: ParleyError): void {
    if (this.#finish()) this.#ko(error);
  }

  /** Resolves the call with a result off the wire (no-op once settled). */
  resolve(result: unknown): void {
    if (!this.#finish()) return;
    const { result: schema, check, onResult } = this.#settings;
    let value = result;
    try {
      if (schema && !check?.(value)) {
        const checked = validate(schema, value);
        if (!checked.success) throw new ParleyError(ErrorCode.InternalError, 'Invalid result', { method: this.method, issues: checked.issues });
        value = checked.output;
      }
      onResult?.(value);
    } catch (thrown) {
      return this.#ko(thrown instanceof ParleyError ? thrown : parleyError(ErrorCode.InternalError, { method: this.method }));
    }
    this.#ok(value);
  }

  #finish(): boolean {
    if (this.#done) return false;
    this.#done = true;
    clearTimeout(this.#timer);
    this.#settings.signal?.removeEventListener('abort', this.#abort as () => void); // made with the signal
    this.#manager.settled(this);
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
  /** Told once about each call when it settles, however (its owner drops it from the offline queue and the send window). */
  onSettle: ((call: PendingCall) => void) | undefined;

  /** A fresh id (also used for hello and pings, whose replies nobody waits for). */
  nextId(): string {
    this.#counter += 1;
    return String(this.#counter);
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
      call = new PendingCall(id, method, frame, settings, resolve as (value: unknown) => void, reject, this);
    });
    this.#pending.set(id, call);
    return { call, promise };
  }

  /** @internal A call settled: it leaves the pending calls. */
  settled(call: PendingCall): void {
    this.#pending.delete(call.id);
    this.onSettle?.(call);
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
