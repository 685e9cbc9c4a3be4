/**
 * Puts the parts together: supervisor (connection), request manager, outbox and offline queue,
 * inbound routing, topic memory.
 *
 * @module
 */
import {
  DEFAULT_FRAME_LIMITS,
  ParleyError,
  encodeNotification,
  getMethod,
  topicStream,
  type AnyContract,
} from '@parley/protocol';
import * as ErrorCode from './error-codes.js';
import * as Method from './methods.js';
import type { CallOptions, ParleyClient, RecoveryListener, SubscribeOptions } from './api.js';
import { Listeners } from './events.js';
import { Inbound } from './inbound.js';
import { resolveOptions, type ClientOptions, type Credentials } from './options.js';
import { Outbox, type Outgoing } from './outbox.js';
import { OfflineQueue } from './queue.js';
import type { PendingCall} from './requests.js';
import { RequestManager } from './requests.js';
import { Continuity } from './resume.js';
import { topicOf } from './positions.js';
import { idempotentByDefault, lostCallError } from './lost-calls.js';
import { Supervisor } from './supervisor.js';
import type { RefreshResult, Session, SubscribeResult } from './types.js';
import type { WebSocketConstructor } from './websocket.js';
import { SendWindow } from './window.js';

/** The name the client gives in its hello. */
const CLIENT_NAME = 'parley-js/0.1.0';

/**
 * Creates a client with a given way to find a WebSocket implementation (used when the options
 * name none) and, optionally, a compiler of fast schema checks for incoming events and results
 * (`compileSchemaCheck`: generated code, so never in a browser build). `createParleyClient` is
 * this with the platform's defaults.
 *
 * @example
 * ```ts
 * import WebSocket from 'ws';
 * const client = createClient({ url, contract }, () => WebSocket);
 * ```
 */
export function createClient<C extends AnyContract>(
  options: ClientOptions<C>,
  loadWebSocket: () => WebSocketConstructor | Promise<WebSocketConstructor>,
  compile?: (schema: object) => ((value: unknown) => boolean) | undefined,
): ParleyClient<C> {
  const settings = resolveOptions(options);
  const { contract, WebSocket } = options;
  const errors = new Listeners<[ParleyError]>();
  const report = (error: ParleyError): void => errors.emit(error);
  const requests = new RequestManager();
  // Every frame goes to the outbox through the send window (a call holds a slot from its write to
  // its reply), by one send function for all (no closure per call); a call counts once written.
  const sendWindow = new SendWindow<Outgoing>((item, queueable, priority) => {
    outbox.submit(item, queueable, priority);
    return (item as Partial<PendingCall>).sent === true;
  });
  requests.onResponse = (id) => sendWindow.replied(id);
  requests.onSettle = (call) => {
    queue?.remove(call);
    sendWindow.drop(call);
  };
  const queue = settings.queue ? new OfflineQueue<Outgoing>(settings.queue) : undefined;
  /** Topics to re-subscribe after a reconnect, with the options they were subscribed with. */
  const topics = new Map<string, { presence: boolean }>();
  let session: Session | undefined;
  let lastLoss: ParleyError | undefined;
  const continuity = new Continuity((thrown) =>
    report(new ParleyError(ErrorCode.InternalError, 'A recovery listener threw', { cause: String(thrown) })),
  );
  /** Streams the hello resumes; topics with presence notices are resumed by `rpc.subscribe` instead. */
  const resumable = (stream: string): boolean => {
    const topic = topicOf(stream);
    return topic === undefined || topics.get(topic)?.presence === false;
  };

  const supervisor: Supervisor = new Supervisor({
    url: options.url,
    options: settings,
    auth: options.auth,
    loadWebSocket: WebSocket ? () => WebSocket : loadWebSocket,
    nextId: () => requests.nextId(),
    hooks: {
      hello: () => (session ? { client: CLIENT_NAME, resume: continuity.request(session.sessionId, resumable) } : { client: CLIENT_NAME }),
      opened: (welcome) => {
        session = welcome;
        continuity.positions.forgetConnections();
        const resumed = continuity.welcomed(welcome);
        for (const result of welcome.resume ?? []) {
          const topic = topicOf(result.stream);
          if (result.recovered || result.reason !== 'forbidden' || topic === undefined) continue;
          topics.delete(topic);
          report(new ParleyError(ErrorCode.Forbidden, 'Resubscribing was refused', { topic }));
        }
        sendWindow.opened(welcome.limits.maxPendingRequests);
        requests.resend((frame, call) => sendWindow.wrote(call.id, supervisor.write(frame)));
        resubscribe(resumed);
        // What waited offline goes out through the window too, oldest first.
        const waiting: Outgoing[] = [];
        for (let item = queue?.peek(); item; item = queue?.peek()) {
          queue?.shift();
          waiting.push(item);
        }
        for (const item of waiting) sendWindow.submit(item, true);
      },
      frame: (items) => inbound.handle(items),
      lost: (loss) => {
        const { next, error } = loss;
        lastLoss = error;
        sendWindow.closed();
        requests.lost((call) => lostCallError(call, loss));
        if (next !== 'reconnecting') {
          outbox.clear(error);
          requests.failAll(error);
        }
      },
      error: report,
    },
  });

  const outbox = new Outbox(queue, {
    write: (frame) => supervisor.write(frame),
    canQueue: () => supervisor.machine.current !== 'closed' && supervisor.machine.current !== 'unauthorized',
    maxMessageBytes: () => session?.limits.maxMessageBytes ?? DEFAULT_FRAME_LIMITS.maxMessageBytes,
    notConnected: () =>
      new ParleyError(ErrorCode.ConnectionClosed, 'Not connected', { state: supervisor.machine.current, ...(lastLoss?.data as object) }),
  });

  const inbound: Inbound = new Inbound({
    contract,
    validateEvents: settings.validateEvents,
    compile,
    requests,
    goaway: (windowMs) => supervisor.goaway(windowMs),
    report,
    positions: continuity.positions,
  });

  /**
   * Starts a call. `onResult` (built-ins only) runs synchronously when the reply is read, before
   * the next frame: a subscribe result must place its stream before the deliveries that follow it.
   */
  function request<T>(method: string, params: unknown, callOptions: CallOptions = {}, priority = false, onResult?: (result: T) => void): Promise<T> {
    const definition = getMethod(contract, method);
    const schema = settings.validateResults ? definition?.result : undefined;
    const { call, promise } = requests.start<T>(method, params, {
      timeoutMs: callOptions.timeoutMs ?? settings.callTimeoutMs,
      signal: callOptions.signal,
      idempotent: callOptions.idempotent ?? (definition ? definition.idempotent !== false : idempotentByDefault(method)),
      result: schema,
      check: schema && compile?.(schema),
      onResult: onResult as ((result: unknown) => void) | undefined,
    });
    if (call) sendWindow.submit(call, callOptions.queue ?? true, priority);
    return promise;
  }

  function subscribeParams(topic: string, presence: boolean): Record<string, unknown> {
    return presence ? { topic, presence } : { topic };
  }

  /** `rpc.subscribe`; its result tells the stream's position (and, with `since`, what was replayed). */
  function subscribeCall(topic: string, params: Record<string, unknown>, callOptions: CallOptions, priority = false): Promise<SubscribeResult> {
    return request<SubscribeResult>(Method.Subscribe, params, callOptions, priority, (result) => {
      if (topics.has(topic)) continuity.subscribed(result);
    });
  }

  /** After a welcome: subscribes again to the topics the hello did not resume, from where each stopped. */
  function resubscribe(resumed: ReadonlySet<string>): void {
    for (const [topic, intent] of topics) {
      const stream = topicStream(topic);
      if (resumed.has(stream)) continue;
      const since = continuity.positions.get(stream);
      const params = { ...subscribeParams(topic, intent.presence), ...(since ? { since } : {}) };
      subscribeCall(topic, params, { queue: false }, true).catch((error: ParleyError) => {
        if (error.code === ErrorCode.ConnectionClosed) return; // the next reconnect tries again
        if (topics.get(topic) === intent) forget(topic);
        report(error);
      });
    }
  }

  function forget(topic: string): void {
    topics.delete(topic);
    continuity.positions.delete(topicStream(topic));
  }

  const client: ParleyClient<C> = {
    get state() {
      return supervisor.machine.current;
    },
    get session() {
      return session;
    },
    connect: () => supervisor.connect(),
    close: () => supervisor.close(),
    call: (method, ...[params, callOptions]) => request(method, params, callOptions),
    notify: (method, ...[params, notifyOptions]) => {
      let frame: string;
      try {
        frame = encodeNotification(method, params);
      } catch {
        return Promise.reject(new ParleyError(ErrorCode.InvalidParams, 'Params cannot be encoded as JSON', { method }));
      }
      return new Promise((resolve, reject) => sendWindow.submit({ frame, written: resolve, fail: reject }, notifyOptions?.queue ?? true));
    },
    on: (event, handler) => inbound.on(event, handler),
    onState: (listener) => supervisor.machine.listeners.add(listener),
    onError: (listener) => errors.add(listener),
    broadcast: (topic, event, data, callOptions) =>
      request(Method.Broadcast, topic === null ? { event, data } : { topic, event, data }, callOptions),
    send: (to, event, data, callOptions) => request(Method.Private, { to, event, data }, callOptions),
    subscribe: (topic: string, subscribeOptions: SubscribeOptions = {}) => {
      const intent = { presence: subscribeOptions.presence ?? false };
      topics.set(topic, intent);
      return subscribeCall(topic, subscribeParams(topic, intent.presence), subscribeOptions).catch((error: ParleyError) => {
        // A refused subscription is forgotten; one cut off by a disconnect is retried after the reconnect.
        if (error.code !== ErrorCode.ConnectionClosed && topics.get(topic) === intent) forget(topic);
        throw error;
      });
    },
    unsubscribe: (topic, callOptions) => {
      forget(topic);
      return request(Method.Unsubscribe, { topic }, callOptions);
    },
    presence: (topic, callOptions) => request(Method.Presence, { topic }, callOptions),
    onPresence: (topic, handler) => inbound.onPresence(topic, handler),
    onRecovery: (...args: [RecoveryListener] | [string, RecoveryListener]) =>
      args.length === 1 ? continuity.listeners.add(args[0]) : continuity.onTopic(args[0], args[1]),
    refresh: async (credentials?: Credentials, callOptions?: CallOptions) => {
      const fresh = credentials ?? (await options.auth?.());
      if (fresh === undefined) throw new ParleyError(ErrorCode.InvalidParams, 'No credentials to refresh with');
      const result = await request<RefreshResult>(Method.Refresh, { credentials: fresh }, callOptions);
      if (session) {
        const { expiresAt: _old, ...rest } = session;
        session = { ...rest, identity: result.identity, ...(result.expiresAt === undefined ? {} : { expiresAt: result.expiresAt }) };
      }
      return result;
    },
  };

  // In a microtask, so listeners added right after creation see `idle → connecting`.
  if (settings.autoConnect) {
    queueMicrotask(() => {
      if (supervisor.machine.current === 'idle') supervisor.connect().catch(() => undefined);
    });
  }
  return client;
}
