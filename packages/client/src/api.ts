/**
 * The client's public interface, typed from the contract.
 *
 * @module
 */
import type {
  AnyContract,
  EventInput,
  EventName,
  EventPayload,
  MethodName,
  MethodParams,
  MethodResult,
  ParleyError,
} from '@parley/protocol';
import type { Credentials } from './options.js';
import type { RecoveryInfo } from './resume.js';
import type { ClientState, StateChange } from './state.js';
import type {
  DeliveryMeta,
  PresenceChange,
  PresenceResult,
  PublishResult,
  Recipient,
  RefreshResult,
  Session,
  SubscribeResult,
  UnsubscribeResult,
} from './types.js';

/**
 * Options of one call.
 *
 * @example
 * ```ts
 * const controller = new AbortController();
 * await client.call('chat.send', { text: 'hi' }, { timeoutMs: 2000, signal: controller.signal, queue: false });
 * ```
 */
export interface CallOptions {
  /** Time allowed for the reply once the request was sent. Default: the client's `callTimeoutMs` (10000). */
  readonly timeoutMs?: number;
  /** Aborting rejects the call with `Aborted` (a queued call is then never sent). */
  readonly signal?: AbortSignal;
  /** `false`: while not connected, reject at once with `ConnectionClosed` instead of queueing. Default `true`. */
  readonly queue?: boolean;
  /**
   * Whether the call may be re-sent (same id) when its reply is lost to a disconnect; `false`
   * rejects it with `OutcomeUnknown` instead. Default: the contract's `idempotent` (true unless
   * `false`); for built-ins, true except `broadcast` and `send`.
   */
  readonly idempotent?: boolean;
}

/**
 * Options of `notify`.
 *
 * @example
 * ```ts
 * await client.notify('chat.typing', { room: 'r1' }, { queue: false });
 * ```
 */
export interface NotifyOptions {
  /** `false`: while not connected, reject at once instead of queueing. Default `true`. */
  readonly queue?: boolean;
}

/**
 * Options of `subscribe`.
 *
 * @example
 * ```ts
 * await client.subscribe('room:1', { presence: true });
 * ```
 */
export interface SubscribeOptions extends CallOptions {
  /** Receive join/leave notices for the topic (see `onPresence`). Default `false`. */
  readonly presence?: boolean;
}

/**
 * The arguments after the method name: params (optional when the schema accepts `undefined`),
 * then options.
 *
 * @example
 * ```ts
 * type A = CallArgs<typeof chat, 'chat.send'>; // [params: { text: string }, options?: CallOptions]
 * ```
 */
export type CallArgs<C extends AnyContract, K extends MethodName<C>, O = CallOptions> =
  undefined extends MethodParams<C, K> ? [params?: MethodParams<C, K>, options?: O] : [params: MethodParams<C, K>, options?: O];

/**
 * A handler of an application event: the payload (validated, the schema's output type) and where
 * the message came from.
 *
 * @example
 * ```ts
 * const onMessage: EventHandler<typeof chat, 'chat.message'> = (msg, meta) => render(msg.text, meta.from?.userId);
 * ```
 */
export type EventHandler<C extends AnyContract, K extends EventName<C>> = (payload: EventPayload<C, K>, meta: DeliveryMeta) => void;

/**
 * Receives recovery signals (see {@link RecoveryInfo}).
 *
 * @example
 * ```ts
 * const listener: RecoveryListener = ({ stream, recovered }) => recovered || reload(stream);
 * ```
 */
export type RecoveryListener = (info: RecoveryInfo) => void;

/**
 * A Parley client. Every method that talks to the server returns a promise that settles exactly
 * once, with the result or a `ParleyError` (codes in `ErrorCode`); none of them ever throws
 * synchronously.
 *
 * @example
 * ```ts
 * const client = createParleyClient({ url: 'ws://localhost:8080', contract: chat });
 * client.on('chat.message', (msg) => console.log(msg.text));
 * await client.subscribe('room:1');
 * await client.call('chat.send', { room: 'room:1', text: 'hi' });
 * ```
 */
export interface ParleyClient<C extends AnyContract> {
  /** The connection state. */
  readonly state: ClientState;
  /** The last session the server welcomed this client to (`undefined` before the first welcome). */
  readonly session: Session | undefined;
  /** Connects (unless connected or connecting); resolves once open, rejects if the client stops first. */
  connect(): Promise<void>;
  /** Closes for good (until `connect()`): pending and queued calls reject with `ConnectionClosed`. */
  close(): Promise<void>;
  /** Calls a contract method; resolves with its (validated) result. */
  call<K extends MethodName<C>>(method: K, ...args: CallArgs<C, K>): Promise<MethodResult<C, K>>;
  /** Sends a contract method as a notification (no reply); resolves once written to the socket. */
  notify<K extends MethodName<C>>(method: K, ...args: CallArgs<C, K, NotifyOptions>): Promise<void>;
  /** Listens to a contract event; returns a function that stops listening. */
  on<K extends EventName<C>>(event: K, handler: EventHandler<C, K>): () => void;
  /** Listens to state changes; returns a function that stops listening. */
  onState(listener: (change: StateChange) => void): () => void;
  /**
   * Listens to errors nobody awaits: invalid or unknown events (dropped), throwing handlers,
   * failed re-subscriptions, a failing `auth()`, the server's connection-level `rpc.error`.
   */
  onError(listener: (error: ParleyError) => void): () => void;
  /** Publishes a contract event to a topic's subscribers, or to everyone with `null`. */
  broadcast<K extends EventName<C>>(topic: string | null, event: K, data: EventInput<C, K>, options?: CallOptions): Promise<PublishResult>;
  /** Sends a contract event to every connection of a user, or to one connection. */
  send<K extends EventName<C>>(to: Recipient, event: K, data: EventInput<C, K>, options?: CallOptions): Promise<PublishResult>;
  /** Subscribes to a topic; the client re-subscribes by itself after every reconnect. */
  subscribe(topic: string, options?: SubscribeOptions): Promise<SubscribeResult>;
  /** Unsubscribes (and stops re-subscribing). */
  unsubscribe(topic: string, options?: CallOptions): Promise<UnsubscribeResult>;
  /** Lists who is present in a topic. */
  presence(topic: string, options?: CallOptions): Promise<PresenceResult>;
  /** Listens to a topic's join/leave notices (subscribe with `presence: true`); returns a remover. */
  onPresence(topic: string, handler: (change: PresenceChange) => void): () => void;
  /**
   * Listens to recovery signals of every stream: after each reconnect, per stream, whether what
   * was missed was replayed (`recovered: true`) or not (reload: the missed seqs are in the
   * signal), and any gap seen on a live connection. Returns a remover.
   */
  onRecovery(listener: RecoveryListener): () => void;
  /** Listens to one topic's recovery signals; returns a remover. */
  onRecovery(topic: string, listener: RecoveryListener): () => void;
  /** Replaces the session's credentials without reconnecting (`rpc.refresh`); without an argument, calls `auth()`. */
  refresh(credentials?: Credentials, options?: CallOptions): Promise<RefreshResult>;
}
