/**
 * The connection supervisor: one connection (or one attempt) at a time, backoff between
 * attempts, heartbeat while open, goaway windows, the browser's `online` event, and the
 * unauthorized rule (a fresh `auth()` once, then stop).
 *
 * @module
 */
import { ParleyError, encodeRequest, isRetryableClose, parleyError, type ServerItem } from '@parley/protocol';
import * as CloseCode from './close-codes.js';
import * as ErrorCode from './error-codes.js';
import * as Method from './methods.js';
import { Connection } from './connection.js';
import { Heartbeat } from './heartbeat.js';
import { Recovery, type Cause } from './recovery.js';
import type { Credentials, ResolvedOptions } from './options.js';
import { StateMachine, type StateDetail } from './state.js';
import type { Session } from './types.js';
import type { WebSocketConstructor } from './websocket.js';

/**
 * A lost connection, as the client's other parts see it.
 *
 * @example
 * ```ts
 * const loss: Loss = { next: 'reconnecting', error: parleyError(ErrorCode.ConnectionClosed, { closeCode: 1006 }) };
 * ```
 */
export interface Loss {
  /** What comes next. */
  readonly next: 'reconnecting' | 'closed' | 'unauthorized';
  /** What to reject the affected work with. */
  readonly error: ParleyError;
}

/**
 * What the supervisor asks of the rest of the client.
 *
 * @example
 * ```ts
 * const hooks: SupervisorHooks = { hello: () => ({}), opened, frame, lost, error: report };
 * ```
 */
export interface SupervisorHooks {
  /** `rpc.hello` params other than the credentials (client name, resume request). */
  hello(): Record<string, unknown>;
  /** The welcome arrived; writes now go through. Runs before the `open` state is announced. */
  opened(session: Session): void;
  /** A frame arrived on the open connection (or a replayed delivery right before its welcome); handed on as is, unbound. */
  readonly frame: (items: ServerItem[] | undefined) => void;
  /** The connection was lost; runs before the new state is announced. */
  lost(loss: Loss): void;
  /** Something worth telling the application (a failing `auth()`). */
  error(error: ParleyError): void;
}

/**
 * What the supervisor needs.
 *
 * @example
 * ```ts
 * const setup: SupervisorSetup = { url, options, auth, loadWebSocket: () => WebSocket, nextId, hooks };
 * ```
 */
export interface SupervisorSetup {
  readonly url: string | (() => string);
  readonly options: ResolvedOptions;
  readonly auth: (() => Credentials | Promise<Credentials>) | undefined;
  readonly loadWebSocket: () => WebSocketConstructor | Promise<WebSocketConstructor>;
  readonly nextId: () => string;
  readonly hooks: SupervisorHooks;
}

type EventHost = { addEventListener?: (type: string, listener: () => void) => void; removeEventListener?: (type: string, listener: () => void) => void };

/**
 * Keeps the client connected. Single flight: at most one socket or attempt exists, and at most
 * one retry timer.
 *
 * @example
 * ```ts
 * const supervisor = new Supervisor({ url, options, auth, loadWebSocket, nextId, hooks });
 * await supervisor.connect();
 * supervisor.write(frame);
 * ```
 */
export class Supervisor {
  /** The observable state. */
  readonly machine: StateMachine;
  #connection: Connection | undefined;
  #live: Connection | undefined;
  #attempting = false;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #goawayTimer: ReturnType<typeof setTimeout> | undefined;
  #heartbeat: Heartbeat | undefined;
  readonly #recovery: Recovery;
  readonly #setup: SupervisorSetup;

  /** @param setup - what the supervisor needs */
  constructor(setup: SupervisorSetup) {
    this.#setup = setup;
    this.machine = new StateMachine((thrown) => setup.hooks.error(wrap(thrown, 'A state listener threw')));
    this.#recovery = new Recovery(setup.options.reconnect, setup.options.random);
  }

  /** Writes a frame on the open connection; `false` when there is none (queue it instead). */
  write(frame: string): boolean {
    return this.#live?.send(frame) ?? false;
  }

  /** Starts connecting unless already connected or connecting; resolves once open. */
  connect(): Promise<void> {
    const state = this.machine.current;
    if (state === 'idle' || state === 'closed' || state === 'unauthorized') {
      this.#recovery.reset();
      this.machine.set('connecting');
      this.#listenOnline(true);
      void this.#attempt();
    }
    return this.machine.whenOpen();
  }

  /** Stops: no reconnect; the socket closes normally. */
  async close(): Promise<void> {
    this.#stopTimers();
    this.#listenOnline(false);
    const connection = this.#connection;
    this.#connection = undefined;
    this.#live = undefined;
    if (this.machine.current !== 'closed') {
      const detail = { closeCode: CloseCode.Normal, reason: 'client closed' };
      const error = parleyError(ErrorCode.ConnectionClosed, detail);
      this.#setup.hooks.lost({ next: 'closed', error });
      this.machine.set('closed', detail, error);
    }
    await connection?.shutdown();
  }

  /** The server announced it goes away: reconnect at a random moment within its window. */
  goaway(reconnectWindowMs: number): void {
    const connection = this.#live;
    if (!connection) return;
    const delay = this.#recovery.goaway(reconnectWindowMs);
    if (this.#goawayTimer !== undefined) clearTimeout(this.#goawayTimer);
    this.#goawayTimer = setTimeout(() => {
      this.#goawayTimer = undefined;
      connection.abandon(CloseCode.ServiceRestart, 'goaway');
    }, delay);
  }

  async #attempt(): Promise<void> {
    if (this.#connection || this.#attempting) return;
    this.#attempting = true;
    let WebSocket: WebSocketConstructor;
    let credentials: Credentials | undefined;
    try {
      WebSocket = await this.#setup.loadWebSocket();
    } catch (thrown) {
      this.#attempting = false;
      if (!this.#wanted()) return;
      return this.#lose({ reason: 'no WebSocket implementation', error: wrap(thrown, 'No WebSocket implementation'), retryable: false });
    }
    try {
      credentials = this.#setup.auth ? await this.#setup.auth() : undefined;
    } catch (thrown) {
      this.#attempting = false;
      if (!this.#wanted()) return;
      const error = wrap(thrown, 'auth() failed');
      this.#setup.hooks.error(error);
      return this.#lose({ reason: 'auth failed', error, retryable: true });
    }
    this.#attempting = false;
    if (!this.#wanted() || this.#connection) return;
    const hello = this.#setup.hooks.hello();
    if (credentials !== undefined) hello['credentials'] = credentials;
    try {
      const connection: Connection = new Connection({
        WebSocket,
        url: typeof this.#setup.url === 'string' ? this.#setup.url : this.#setup.url(),
        protocols: this.#setup.options.protocols,
        hello,
        helloId: this.#setup.nextId(),
        connectTimeoutMs: this.#setup.options.connectTimeoutMs,
        events: {
          welcome: (session) => this.#welcomed(connection, session),
          // Straight to the inbound router (a hot path): a connection stops passing frames on once
          // it is done, which it is before it stops being the current one.
          frame: this.#setup.hooks.frame,
          closed: (closeCode, reason, error) => {
            if (connection !== this.#connection) return;
            this.#lose({ closeCode, reason, error, retryable: isRetryableClose(closeCode) });
          },
        },
      });
      this.#connection = connection;
    } catch (thrown) {
      this.#lose({ reason: 'cannot open', error: wrap(thrown, 'Cannot open the WebSocket'), retryable: false });
    }
  }

  /** Whether the client still wants a connection (no `close()` meanwhile). */
  #wanted(): boolean {
    const state = this.machine.current;
    return state === 'connecting' || state === 'reconnecting';
  }

  #welcomed(connection: Connection, session: Session): void {
    if (connection !== this.#connection) return;
    this.#live = connection;
    this.#recovery.opened();
    this.#startHeartbeat(connection, session);
    this.#setup.hooks.opened(session);
    if (this.#live === connection) this.machine.set('open');
  }

  #startHeartbeat(connection: Connection, session: Session): void {
    const timing = this.#setup.options.heartbeat;
    if (timing === false) return;
    const intervalMs = timing.intervalMs ?? session.heartbeat.intervalMs;
    const timeoutMs = timing.timeoutMs ?? session.heartbeat.timeoutMs;
    if (!(intervalMs > 0 && timeoutMs > 0)) return;
    this.#heartbeat = new Heartbeat({
      intervalMs,
      timeoutMs,
      ping: () => connection.send(encodeRequest(this.#setup.nextId(), Method.Ping)),
      dead: () => connection.abandon(CloseCode.Abnormal, 'heartbeat timeout', undefined, true),
    });
    this.#heartbeat.start();
    connection.heartbeat = this.#heartbeat;
  }

  #lose(cause: Cause): void {
    this.#connection = undefined;
    this.#live = undefined;
    this.#stopTimers();
    const { next, delayMs, attempt, error } = this.#recovery.decide(cause);
    this.#setup.hooks.lost({ next, error });
    const { closeCode, reason } = cause;
    const detail: StateDetail = { reason, ...(closeCode === undefined ? {} : { closeCode }), error: cause.error ?? error };
    if (next === 'reconnecting') {
      this.machine.set('reconnecting', { ...detail, attempt, delayMs });
      this.#retryTimer = setTimeout(() => {
        this.#retryTimer = undefined;
        void this.#attempt();
      }, delayMs);
    } else {
      this.#listenOnline(false);
      this.machine.set(next, detail, error);
    }
  }

  #stopTimers(): void {
    this.#heartbeat?.stop();
    this.#heartbeat = undefined;
    if (this.#retryTimer !== undefined) clearTimeout(this.#retryTimer);
    if (this.#goawayTimer !== undefined) clearTimeout(this.#goawayTimer);
    this.#retryTimer = undefined;
    this.#goawayTimer = undefined;
  }

  /** The browser came back online: a scheduled retry starts now. */
  readonly #online = (): void => {
    if (this.#retryTimer === undefined) return;
    clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
    void this.#attempt();
  };

  #listenOnline(on: boolean): void {
    const host = globalThis as EventHost;
    if (on) host.addEventListener?.('online', this.#online);
    else host.removeEventListener?.('online', this.#online);
  }
}

/** Turns anything thrown into a `ParleyError` (a `ParleyError` stays as it is). */
function wrap(thrown: unknown, message: string): ParleyError {
  if (thrown instanceof ParleyError) return thrown;
  return new ParleyError(ErrorCode.InternalError, message, { cause: thrown instanceof Error ? thrown.message : String(thrown) });
}
