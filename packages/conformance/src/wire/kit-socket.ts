/**
 * The kit's client: a plain `ws` WebSocket speaking Parley by hand, so the kit sees exactly what
 * the server under test puts on the wire. Every wait is bounded; nothing it receives can throw.
 *
 * @module
 */
import { clientProtocols } from '@parley/protocol';
import { WebSocket, type RawData } from 'ws';
import { StreamEpochs } from './deliveries.js';
import { UnparsedFrame } from './frames.js';

/**
 * Options of {@link KitSocket.connect}.
 *
 * @example
 * ```ts
 * const options: KitConnectOptions = { credentials: 'conformance-alice', timeoutMs: 5000 };
 * ```
 */
export interface KitConnectOptions {
  /** Subprotocols to offer. Default `['parley.v1', 'parley']`. */
  readonly protocols?: readonly string[];
  /** Send `rpc.hello` once open (default `true`); the welcome is then in {@link KitSocket.welcome}. */
  readonly hello?: boolean;
  /** Credentials for the hello (absent: a hello without credentials). */
  readonly credentials?: unknown;
  /** Extra `rpc.hello` params besides `credentials` (e.g. `resume`). */
  readonly helloParams?: Readonly<Record<string, unknown>>;
  /** Bound of every wait (open, hello reply), in ms. Default 5,000. */
  readonly timeoutMs?: number;
}

/**
 * How the socket closed.
 *
 * @example
 * ```ts
 * const { code } = await socket.closed; // e.g. 1009
 * ```
 */
export interface CloseInfo {
  /** The close code (1006 when the connection dropped without a close frame). */
  readonly code: number;
  /** The close reason text. */
  readonly reason: string;
}

/** How long `connect` keeps retrying after HTTP 429, as a multiple of the timeout. */
const RETRY_BUDGET_FACTOR = 6;

type Waiter = {
  readonly predicate: (frame: unknown) => boolean;
  readonly resolve: (frame: unknown) => void;
  readonly fail: (close: CloseInfo) => void;
};

const DEFAULT_TIMEOUT_MS = 5_000;

const preview = (frames: readonly unknown[]): string => JSON.stringify(frames).slice(0, 400);

/**
 * One connection to the server under test.
 *
 * @example
 * ```ts
 * const socket = await KitSocket.connect('ws://127.0.0.1:8080/parley', { credentials: 'conformance' });
 * const reply = await socket.request('rpc.ping');
 * await socket.close();
 * ```
 */
export class KitSocket {
  /** Frames received and not yet taken by {@link KitSocket.next}. */
  readonly inbox: unknown[] = [];
  /** Every frame received, in order. */
  readonly received: unknown[] = [];
  /** Resolves once the socket has closed. */
  readonly closed: Promise<CloseInfo>;
  /** The welcome (the `rpc.hello` result), when the socket said hello. */
  welcome: Record<string, unknown> | undefined;
  private waiters: Waiter[] = [];
  private counter = 0;
  /** What this connection knows of its streams' epochs (compact deliveries carry none). */
  private readonly epochs = new StreamEpochs();

  private constructor(
    /** The underlying `ws` socket. */
    readonly ws: WebSocket,
    /** Bound of every wait, in ms. */
    readonly timeoutMs: number,
  ) {
    ws.on('error', () => undefined);
    ws.on('message', (data: RawData, isBinary: boolean) => this.onFrame(data, isBinary));
    this.closed = new Promise((resolve) =>
      ws.once('close', (code, reason) => {
        const info = { code, reason: reason.toString() };
        // Nothing more can arrive: whoever still waits for a frame learns it now, not at its timeout.
        for (const waiter of this.waiters.splice(0)) waiter.fail(info);
        resolve(info);
      }),
    );
  }

  /**
   * Opens a connection and, unless `hello: false`, sends `rpc.hello`; rejects when the connection
   * cannot be opened or the hello is refused.
   *
   * @example
   * ```ts
   * const raw = await KitSocket.connect(url, { hello: false });
   * ```
   */
  static async connect(url: string, options: KitConnectOptions = {}): Promise<KitSocket> {
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const protocols = [...(options.protocols ?? clientProtocols())];
    const deadline = Date.now() + RETRY_BUDGET_FACTOR * timeoutMs;
    let socket: KitSocket;
    for (;;) {
      const opened = await KitSocket.open(url, protocols, timeoutMs);
      if (opened instanceof KitSocket) {
        socket = opened;
        break;
      }
      // HTTP 429 (new connections per IP rate-limited): wait as told, within the budget.
      if (Date.now() + opened.retryAfterMs > deadline) throw new Error(`cannot connect to ${url}: HTTP 429 (connection rate limited) for too long`);
      await new Promise((resolve) => setTimeout(resolve, opened.retryAfterMs));
    }
    if (options.hello === false) return socket;
    const params: Record<string, unknown> = { ...options.helloParams };
    if (options.credentials !== undefined) params['credentials'] = options.credentials;
    try {
      const reply = await socket.request('rpc.hello', params);
      const result = reply['result'];
      if (typeof result !== 'object' || result === null) throw new Error(`rpc.hello refused: ${JSON.stringify(reply)}`);
      socket.welcome = result as Record<string, unknown>;
    } catch (error) {
      await socket.close();
      throw error;
    }
    return socket;
  }

  /** Opens a socket; resolves with how long to wait when the server answered HTTP 429. */
  private static open(url: string, protocols: string[], timeoutMs: number): Promise<KitSocket | { retryAfterMs: number }> {
    const ws = new WebSocket(url, protocols, { handshakeTimeout: timeoutMs });
    const socket = new KitSocket(ws, timeoutMs);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(socket));
      ws.once('error', (error) => reject(new Error(`cannot connect to ${url}: ${error.message}`)));
      ws.once('unexpected-response', (_req, res) => {
        res.resume();
        ws.terminate();
        if (res.statusCode !== 429) {
          reject(new Error(`cannot connect to ${url}: HTTP ${String(res.statusCode)} instead of a WebSocket upgrade`));
          return;
        }
        const seconds = Number(res.headers['retry-after']);
        resolve({ retryAfterMs: Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds * 1_000, 5_000) : 1_000 });
      });
    });
  }

  /** A fresh request id, unique on this socket. */
  nextId(): string {
    return `k${++this.counter}`;
  }

  /**
   * Sends a raw text frame, or a JSON value as text.
   *
   * @example
   * ```ts
   * socket.send('[]');
   * ```
   */
  send(frame: string | object): void {
    if (this.ws.readyState !== WebSocket.OPEN) return;
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame), { binary: false });
  }

  /**
   * Sends raw bytes as a text frame (`binary: false`, even if they are not UTF-8) or a binary frame.
   *
   * @example
   * ```ts
   * socket.sendBytes(Buffer.from('7b7d', 'hex'), false);
   * ```
   */
  sendBytes(bytes: Uint8Array, binary: boolean): void {
    if (this.ws.readyState !== WebSocket.OPEN) return;
    this.ws.send(bytes, { binary });
  }

  /**
   * Sends a request and waits for the response with its id.
   *
   * @example
   * ```ts
   * const { result } = await socket.request('rpc.subscribe', { topic: 'room:1' });
   * ```
   */
  async request(method: string, params?: unknown): Promise<Record<string, unknown>> {
    const id = this.nextId();
    this.epochs.sent(id, method, params);
    const reply = this.next((f) => isResponseTo(f, id), `response to ${method}`);
    this.send(params === undefined ? { jsonrpc: '2.0', id, method } : { jsonrpc: '2.0', id, method, params });
    return (await reply) as Record<string, unknown>;
  }

  /**
   * Sends a request and returns its result; throws when the response is an error.
   *
   * @example
   * ```ts
   * const { ts } = await socket.call('rpc.ping');
   * ```
   */
  async call(method: string, params?: unknown): Promise<Record<string, unknown>> {
    const reply = await this.request(method, params);
    if (!('result' in reply)) throw new Error(`${method} failed: ${JSON.stringify(reply)}`);
    return reply['result'] as Record<string, unknown>;
  }

  /**
   * Sends a notification.
   *
   * @example
   * ```ts
   * socket.notify('rpc.ping');
   * ```
   */
  notify(method: string, params?: unknown): void {
    this.send(params === undefined ? { jsonrpc: '2.0', method } : { jsonrpc: '2.0', method, params });
  }

  /**
   * Takes the first frame (already received or still to come) that matches; rejects after the
   * timeout, naming `what` and the frames received meanwhile.
   *
   * @example
   * ```ts
   * const join = await socket.next((f) => (f as { method?: string }).method === 'rpc.presence.join', 'join notice');
   * ```
   */
  next(predicate: (frame: unknown) => boolean = () => true, what = 'frame', timeoutMs = this.timeoutMs): Promise<unknown> {
    const index = this.inbox.findIndex(predicate);
    if (index >= 0) return Promise.resolve(this.inbox.splice(index, 1)[0]);
    if (this.ws.readyState === WebSocket.CLOSED) {
      return Promise.reject(new Error(`no ${what}: the connection is closed (unclaimed frames: ${preview(this.inbox)})`));
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        predicate,
        resolve: (frame) => {
          clearTimeout(timer);
          resolve(frame);
        },
        fail: (close) => {
          clearTimeout(timer);
          reject(new Error(`no ${what}: the connection closed (code ${close.code}) (unclaimed frames: ${preview(this.inbox)})`));
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`no ${what} within ${timeoutMs} ms (unclaimed frames: ${preview(this.inbox)})`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /**
   * Waits `ms`, then returns the unclaimed frames that match (for "nothing arrives" checks).
   *
   * @example
   * ```ts
   * const replies = await socket.quiet(isReply, 200); // [] when the server stayed silent
   * ```
   */
  async quiet(predicate: (frame: unknown) => boolean = () => true, ms = 200): Promise<unknown[]> {
    await new Promise((resolve) => setTimeout(resolve, ms));
    return this.inbox.filter(predicate);
  }

  /**
   * Waits for the close (bounded by the timeout): the close info, or `undefined` if still open.
   *
   * @example
   * ```ts
   * const close = await socket.waitClosed(); // { code: 1009, reason: '' }
   * ```
   */
  waitClosed(timeoutMs = this.timeoutMs): Promise<CloseInfo | undefined> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), timeoutMs)));
    return Promise.race([this.closed, timeout]).finally(() => clearTimeout(timer));
  }

  /**
   * Drops the connection (no close handshake) and waits until it is gone.
   *
   * @example
   * ```ts
   * await socket.close();
   * ```
   */
  async close(): Promise<void> {
    if (this.ws.readyState !== WebSocket.CLOSED) this.ws.terminate();
    await this.closed;
  }

  /**
   * The epoch a received delivery belongs to, as this connection could tell when it arrived: its
   * own (full form) or the one the connection was told for its stream (compact); `null` when it
   * was compact on a stream whose epoch the connection was never told (protocol 6.3, rule 2).
   *
   * @example
   * ```ts
   * const frame = await socket.next(isDelivery('all'));
   * socket.epochOf(frame as object); // 'e1'
   * ```
   */
  epochOf(frame: object): string | null | undefined {
    return this.epochs.epochOf(frame);
  }

  private onFrame(data: RawData, isBinary: boolean): void {
    const text = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8');
    let frame: unknown;
    try {
      frame = isBinary ? new UnparsedFrame(`(binary frame) ${text}`) : JSON.parse(text);
    } catch {
      frame = new UnparsedFrame(text);
    }
    this.received.push(frame);
    this.epochs.received(frame);
    const waiter = this.waiters.find((w) => w.predicate(frame));
    if (!waiter) {
      this.inbox.push(frame);
      return;
    }
    this.waiters = this.waiters.filter((w) => w !== waiter);
    waiter.resolve(frame);
  }
}

/** Whether a frame is the response to the request with this id. */
function isResponseTo(frame: unknown, id: string): boolean {
  return typeof frame === 'object' && frame !== null && !Array.isArray(frame) && (frame as { id?: unknown }).id === id && !('method' in frame);
}
