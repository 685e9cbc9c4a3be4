/**
 * The contract every contender implements: a server (run in its own process) and a client
 * driver (used by the load generator), both speaking the tiny scenario protocol: join the
 * `bench` room, broadcast to it, echo RPC, private message to a peer by id.
 *
 * A contender is one file in bench/contenders/ whose default export is a {@link ContenderModule}.
 */

/** One scenario message: what broadcasts and private messages carry. */
export interface BenchMessage {
  /** Id of the sending client. */
  readonly from: string;
  /** Sequence number, per sender (1, 2, ...). */
  readonly seq: number;
  /** `performance.now()` in the load generator when it was sent. */
  readonly sentAt: number;
  /** Filler of the configured size. */
  readonly payload: string;
}

/** Params and result of the echo RPC. */
export interface EchoParams {
  readonly seq: number;
  readonly payload: string;
}

/** Variant knobs a contender may read (e.g. Parley with incoming validation off). */
export interface ContenderOptions {
  /** Parley client: validate incoming events against the contract (default true). */
  readonly validateEvents?: boolean;
}

/** What the server process asks of a contender. */
export interface ServerOptions {
  readonly host: string;
  readonly port: number;
  readonly options: ContenderOptions;
}

/** A running contender server. */
export interface BenchServer {
  /** The port it listens on. */
  readonly port: number;
  /** The WebSocket URL clients connect to. */
  readonly url: string;
  /** Open (handshaken) client connections right now. */
  connectionCount(): number;
  /** Closes every connection and the listener. */
  close(): Promise<void>;
}

/** Callbacks a client driver calls for what arrives. */
export interface ClientEvents {
  onBroadcast(message: BenchMessage): void;
  onPrivate(message: BenchMessage): void;
  /** An asynchronous failure (a rejected send, a socket error): fails the cell. */
  onError(error: Error): void;
}

/** What the load generator asks of a contender's client. */
export interface ClientOptions {
  readonly url: string;
  /** This client's id; peers address private messages to it. */
  readonly id: string;
  readonly events: ClientEvents;
  readonly options: ContenderOptions;
}

/** One connected client (the promise from `connect` resolves after the handshake). */
export interface BenchClient {
  readonly id: string;
  /** Joins the `bench` room; resolves once the server confirmed it. */
  join(): Promise<void>;
  /** Broadcasts to the `bench` room (the sender receives it too when it joined). */
  broadcast(message: BenchMessage): void;
  /** Sends to the client with id `to`. */
  sendPrivate(to: string, message: BenchMessage): void;
  /** Echo RPC: resolves with what the server sent back. */
  echo(params: EchoParams): Promise<EchoParams>;
  /** Starts closing; does not wait (scenarios poll the server's connection count). */
  close(): void;
}

/** The default export of a contender file. */
export interface ContenderModule {
  startServer(options: ServerOptions): Promise<BenchServer>;
  connect(options: ClientOptions): Promise<BenchClient>;
}

/** A contender as the harness lists it: a name, the file it lives in, and its options. */
export interface ContenderSpec {
  readonly name: string;
  /** File name in bench/contenders/ without extension. */
  readonly module: string;
  readonly options: ContenderOptions;
  /** Short description for the report. */
  readonly label: string;
}

/** Every contender, in the order of round 1 (later rounds rotate it). */
export const CONTENDERS: readonly ContenderSpec[] = [
  { name: 'ws-naive', module: 'ws-naive', options: {}, label: 'ws: JSON.stringify + send per recipient' },
  { name: 'ws-frame-once', module: 'ws-frame-once', options: {}, label: 'ws: one frame per broadcast, writes corked per turn' },
  { name: 'socketio', module: 'socketio', options: {}, label: 'Socket.IO 4.8, websocket transport' },
  { name: 'parley', module: 'parley', options: { validateEvents: true }, label: 'Parley, incoming validation on' },
  { name: 'parley-novalidate', module: 'parley', options: { validateEvents: false }, label: 'Parley, incoming validation off' },
  { name: 'parley-parse-only', module: 'parley-parse-only', options: {}, label: "Parley's server, bare ws client: one JSON.parse per frame" },
];

/** The room every scenario uses. */
export const ROOM = 'bench';
