/**
 * Puts the parts together: supervisor (connection), request manager, outbox and offline queue,
 * inbound routing, topic memory.
 *
 * @module
 */
import {
  DEFAULT_FRAME_LIMITS,
  ErrorCode,
  Method,
  ParleyError,
  encodeNotification,
  getMethod,
  validate,
  type AnyContract,
} from '@parley/protocol';
import type { CallOptions, ParleyClient, SubscribeOptions } from './api.js';
import { Listeners } from './events.js';
import { Inbound } from './inbound.js';
import { resolveOptions, type ClientOptions, type Credentials } from './options.js';
import { Outbox, type Outgoing } from './outbox.js';
import { OfflineQueue } from './queue.js';
import { RequestManager } from './requests.js';
import { Supervisor } from './supervisor.js';
import type { RefreshResult, Session, SubscribeResult } from './types.js';
import type { WebSocketConstructor } from './websocket.js';

/** The name the client gives in its hello. */
const CLIENT_NAME = 'parley-js/0.1.0';

/**
 * Creates a client with a given way to find a WebSocket implementation (used when the options
 * name none). `createParleyClient` is this with the platform's default.
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
): ParleyClient<C> {
  const settings = resolveOptions(options);
  const { contract, WebSocket } = options;
  const errors = new Listeners<[ParleyError]>();
  const report = (error: ParleyError): void => errors.emit(error);
  const requests = new RequestManager();
  const queue = settings.queue ? new OfflineQueue<Outgoing>(settings.queue) : undefined;
  /** Topics to re-subscribe after a reconnect, with the options they were subscribed with. */
  const topics = new Map<string, { presence: boolean }>();
  let session: Session | undefined;
  let lastLoss: ParleyError | undefined;

  const supervisor: Supervisor = new Supervisor({
    url: options.url,
    options: settings,
    auth: options.auth,
    loadWebSocket: WebSocket ? () => WebSocket : loadWebSocket,
    nextId: () => requests.nextId(),
    hooks: {
      // Seam (delivery guarantees): a resume request from inbound.positions goes here.
      hello: () => ({ client: CLIENT_NAME }),
      opened: (welcome) => {
        session = welcome;
        inbound.positions.forgetConnections();
        resubscribe();
        outbox.flush();
      },
      frame: (decoded) => inbound.handle(decoded),
      lost: ({ next, error }) => {
        lastLoss = error;
        // Seam (delivery guarantees): keep idempotent calls for a re-send after resume, and
        // reject the others with OutcomeUnknown. Until then every sent call fails.
        requests.lost(() => error);
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
    requests,
    goaway: (windowMs) => supervisor.goaway(windowMs),
    report,
  });

  function request<T>(method: string, params: unknown, callOptions: CallOptions = {}, priority = false): Promise<T> {
    const definition = getMethod(contract, method);
    const { call, promise } = requests.start<T>(method, params, {
      timeoutMs: callOptions.timeoutMs ?? settings.callTimeoutMs,
      signal: callOptions.signal,
      idempotent: definition?.idempotent ?? true,
      parse:
        definition && settings.validateResults
          ? (result) => {
              const checked = validate(definition.result, result);
              if (checked.success) return checked.output;
              throw new ParleyError(ErrorCode.InternalError, 'Invalid result', { method, issues: checked.issues });
            }
          : undefined,
    });
    if (call) {
      call.onSettle = () => queue?.remove(call);
      outbox.submit(call, callOptions.queue ?? true, priority);
    }
    return promise;
  }

  function subscribeParams(topic: string, presence: boolean): Record<string, unknown> {
    return presence ? { topic, presence } : { topic };
  }

  function resubscribe(): void {
    for (const [topic, intent] of topics) {
      // Seam (delivery guarantees): `since` from inbound.positions replays what was missed.
      request<SubscribeResult>(Method.Subscribe, subscribeParams(topic, intent.presence), { queue: false }, true).catch(
        (error: ParleyError) => {
          if (error.code === ErrorCode.ConnectionClosed) return; // the next reconnect tries again
          if (topics.get(topic) === intent) topics.delete(topic);
          report(error);
        },
      );
    }
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
      return new Promise((resolve, reject) => outbox.submit({ frame, written: resolve, fail: reject }, notifyOptions?.queue ?? true));
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
      return request<SubscribeResult>(Method.Subscribe, subscribeParams(topic, intent.presence), subscribeOptions).catch(
        (error: ParleyError) => {
          // A refused subscription is forgotten; one cut off by a disconnect is retried after the reconnect.
          if (error.code !== ErrorCode.ConnectionClosed && topics.get(topic) === intent) topics.delete(topic);
          throw error;
        },
      );
    },
    unsubscribe: (topic, callOptions) => {
      topics.delete(topic);
      return request(Method.Unsubscribe, { topic }, callOptions);
    },
    presence: (topic, callOptions) => request(Method.Presence, { topic }, callOptions),
    onPresence: (topic, handler) => inbound.onPresence(topic, handler),
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
