/**
 * A raw test client: a real `ws` WebSocket speaking Parley by hand (no @parley/client), so the
 * tests see exactly what goes over the wire.
 */
import { StreamEpochs, isDelivery, viewOf, type DeliveryView } from '@parley/conformance';
import { clientProtocols } from '@parley/protocol';
import { WebSocket, type ClientOptions, type RawData } from 'ws';

/** A frame received, parsed (a reply, a batch reply or a notification). */
export type Frame = any;

/** A delivery as the tests read it: either form, placed in its epoch; `data` untyped, as frames are here. */
export type Delivered = Omit<DeliveryView, 'data'> & { readonly data: any };

export interface ConnectOptions {
  /** Subprotocols to offer; default `['parley.v1', 'parley']`. */
  readonly protocols?: string[];
  /** Send `rpc.hello` after opening (default true). */
  readonly hello?: boolean;
  /** Credentials for the hello. */
  readonly credentials?: unknown;
  /** Extra `ws` client options (headers, TLS). */
  readonly ws?: ClientOptions;
}

const DEFAULT_WAIT_MS = 5_000;

export class TestClient {
  /** Every frame received and not yet taken by `next`. */
  readonly inbox: Frame[] = [];
  /** Every frame received, in order. */
  readonly received: Frame[] = [];
  /** The welcome, after hello. */
  welcome: any;
  /** Resolves with the close code and reason. */
  readonly closed: Promise<{ code: number; reason: string }>;
  private waiters: Array<{ predicate: (f: Frame) => boolean; resolve: (f: Frame) => void }> = [];
  private nextId = 0;
  /** The epochs this connection was told (welcome, subscribe results, full deliveries), for compact deliveries. */
  private readonly epochs = new StreamEpochs();

  private constructor(readonly ws: WebSocket) {
    ws.on('error', () => undefined);
    ws.on('message', (data: RawData) => this.onFrame(JSON.parse((data as Buffer).toString('utf8'))));
    this.closed = new Promise((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  }

  /** Opens a connection (and says hello unless told not to). */
  static async connect(url: string, options: ConnectOptions = {}): Promise<TestClient> {
    const ws = new WebSocket(url, options.protocols ?? clientProtocols(), options.ws);
    const client = new TestClient(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    });
    if (options.hello !== false) {
      const reply = await client.request('rpc.hello', options.credentials === undefined ? {} : { credentials: options.credentials });
      if (!reply.result) throw new Error(`hello failed: ${JSON.stringify(reply)}`);
      client.welcome = reply.result;
    }
    return client;
  }

  get connectionId(): string {
    return this.welcome.connectionId;
  }

  get userId(): string {
    return this.welcome.identity.userId;
  }

  /** Sends a raw text frame or a JSON value. */
  send(frame: string | object): void {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** Sends a request and waits for its response. */
  async request(method: string, params?: unknown): Promise<Frame> {
    const id = `t${++this.nextId}`;
    this.epochs.sent(id, method, params);
    const reply = this.next((f) => !Array.isArray(f) && f.id === id && ('result' in f || 'error' in f));
    this.send(params === undefined ? { jsonrpc: '2.0', id, method } : { jsonrpc: '2.0', id, method, params });
    return reply;
  }

  /** Sends a request and returns its result, throwing on an error response. */
  async call(method: string, params?: unknown): Promise<any> {
    const reply = await this.request(method, params);
    if ('error' in reply) throw new Error(`${method} failed: ${JSON.stringify(reply.error)}`);
    return reply.result;
  }

  /** Sends a notification. */
  notify(method: string, params?: unknown): void {
    this.send(params === undefined ? { jsonrpc: '2.0', method } : { jsonrpc: '2.0', method, params });
  }

  /** Takes the first frame (already received or coming) that matches. */
  next(predicate: (f: Frame) => boolean = () => true, timeoutMs = DEFAULT_WAIT_MS): Promise<Frame> {
    const index = this.inbox.findIndex(predicate);
    if (index >= 0) return Promise.resolve(this.inbox.splice(index, 1)[0]);
    return new Promise((resolve, reject) => {
      const waiter = {
        predicate,
        resolve: (f: Frame) => {
          clearTimeout(timer);
          resolve(f);
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`no matching frame within ${timeoutMs} ms; inbox: ${JSON.stringify(this.inbox).slice(0, 500)}`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** Takes the next delivery (optionally of one event), read in either form and placed in its epoch. */
  nextDelivery(event?: string): Promise<Delivered> {
    return this.next((f) => isDelivery()(f) && (event === undefined || f.method === event)).then((f) => this.view(f));
  }

  /** A delivery frame read in either form, with the epoch it belongs to (its own, or the one this connection knew). */
  view(frame: Frame): Delivered {
    const view = viewOf(frame, this.epochs.epochOf(frame));
    if (!view) throw new Error(`not a delivery: ${JSON.stringify(frame)}`);
    return view;
  }

  /** Every delivery received so far (taken or not), in order, as views. */
  deliveries(stream?: string): Delivered[] {
    return this.received.filter(isDelivery(stream)).map((f) => this.view(f));
  }

  /** Waits `ms` and returns the frames matching `predicate` received meanwhile (and not taken). */
  async quiet(predicate: (f: Frame) => boolean = () => true, ms = 150): Promise<Frame[]> {
    await new Promise((resolve) => setTimeout(resolve, ms));
    return this.inbox.filter(predicate);
  }

  /** Closes and waits for the close to finish. */
  async close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return;
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) this.ws.terminate();
    await this.closed;
  }

  private onFrame(frame: Frame): void {
    this.received.push(frame);
    this.epochs.received(frame);
    const waiter = this.waiters.find((w) => w.predicate(frame));
    if (waiter) {
      this.waiters = this.waiters.filter((w) => w !== waiter);
      waiter.resolve(frame);
      return;
    }
    this.inbox.push(frame);
  }
}
