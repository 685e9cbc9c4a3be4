/**
 * Everything the server sends after the welcome: replies go to the request manager, deliveries
 * (notifications named after their event, protocol 6.1) to the application's event handlers (validated against the contract), presence changes to
 * their topic's handlers, goaway to the supervisor. Nothing here ever throws into the socket
 * handler, and nothing is ever sent back: answering a confused server could start a loop.
 *
 * @module
 */
import {
  ParleyError,
  getEvent,
  isDeliveryMethod,
  isErrorObject,
  readDelivery,
  validate,
  parleyError,
  type AnyContract,
  type ServerItem,
} from '@parley/protocol';
import * as ErrorCode from './error-codes.js';
import * as Method from './methods.js';
import { Listeners } from './events.js';
import { readPresence } from './guards.js';
import { StreamPositions } from './positions.js';
import type { RequestManager } from './requests.js';
import type { DeliveryMeta, PresenceChange } from './types.js';

/**
 * What inbound handling needs.
 *
 * @example
 * ```ts
 * const setup: InboundSetup = { contract, validateEvents: true, requests, goaway: (ms) => supervisor.goaway(ms), report };
 * ```
 */
export interface InboundSetup {
  readonly contract: AnyContract;
  readonly validateEvents: boolean;
  /** Compiles an event schema's fast check (`compileSchemaCheck`; absent: valibot alone). */
  readonly compile?: ((schema: object) => ((value: unknown) => boolean) | undefined) | undefined;
  readonly requests: RequestManager;
  /** The server asked for a reconnect within this window. */
  readonly goaway: (reconnectWindowMs: number) => void;
  /** Reports what went wrong, to the application's error listeners. */
  readonly report: (error: ParleyError) => void;
  /** The position tracker to dedupe with (default: a new one). */
  readonly positions?: StreamPositions;
}

const problem = (message: string, data?: unknown): ParleyError => new ParleyError(ErrorCode.InvalidParams, message, data);

/** An event's handlers, with its schema and compiled check, looked up once (not per message). */
class EventListeners extends Listeners<[unknown, DeliveryMeta]> {
  constructor(
    onThrow: (thrown: unknown) => void,
    readonly schema: ReturnType<typeof getEvent>,
    readonly check: ((value: unknown) => boolean) | undefined,
  ) {
    super(onThrow);
  }
}

/**
 * Routes inbound frames.
 *
 * @example
 * ```ts
 * const inbound = new Inbound({ contract, validateEvents: true, requests, goaway, report });
 * inbound.on('chat.message', (payload, meta) => console.log(payload, meta.seq));
 * inbound.handle(readServerFrame(raw));
 * ```
 */
export class Inbound {
  /** Last processed position per stream. */
  readonly positions: StreamPositions;
  readonly #events = new Map<string, EventListeners>();
  readonly #presence = new Map<string, Listeners<[PresenceChange]>>();
  readonly #setup: InboundSetup;
  /** Where a compact delivery is read into: one object for all, read before the next one. */
  readonly #read = {};

  /** @param setup - what inbound handling needs */
  constructor(setup: InboundSetup) {
    this.#setup = setup;
    this.positions = setup.positions ?? new StreamPositions();
  }

  /** Adds a handler for an application event; returns its remover. */
  on(event: string, handler: (payload: unknown, meta: DeliveryMeta) => void): () => void {
    let listeners = this.#events.get(event);
    if (!listeners) {
      const schema = getEvent(this.#setup.contract, event);
      listeners = new EventListeners(this.#onThrow(event), schema, schema && this.#setup.compile?.(schema));
      this.#events.set(event, listeners);
    }
    return listeners.add(handler);
  }

  /** Adds a handler for a topic's presence changes; returns its remover. */
  onPresence(topic: string, handler: (change: PresenceChange) => void): () => void {
    let listeners = this.#presence.get(topic);
    if (!listeners) this.#presence.set(topic, (listeners = new Listeners(this.#onThrow(topic))));
    return listeners.add(handler);
  }

  /** Handles one frame's items (`undefined`: the frame was not JSON). */
  handle(items: ServerItem[] | undefined): void {
    if (!items) return this.#setup.report(parleyError(ErrorCode.ParseError));
    if (!items.length) return this.#setup.report(parleyError(ErrorCode.InvalidRequest, { reason: 'empty batch' }));
    for (const item of items) this.#item(item);
  }

  #onThrow(key: string): (thrown: unknown) => void {
    return (thrown) => this.#setup.report(new ParleyError(ErrorCode.InternalError, 'A handler threw', { key, cause: String(thrown) }));
  }

  #item(item: ServerItem): void {
    // Requests included: a client takes none.
    if (!item) return this.#setup.report(parleyError(ErrorCode.InvalidRequest));
    if ('method' in item) return this.#notification(item.method, item.params);
    if (!this.#setup.requests.respond(item) && item.id === null && 'error' in item) this.#setup.report(ParleyError.fromObject(item.error));
  }

  #notification(method: string, params: unknown): void {
    if (isDeliveryMethod(method)) return this.#delivery(method, params);
    switch (method) {
      case Method.PresenceJoin:
      case Method.PresenceLeave:
        return this.#presenceChange(method === Method.PresenceJoin ? 'join' : 'leave', params);
      case Method.GoAway: {
        const window = (params as { reconnectWindowMs?: unknown } | undefined)?.reconnectWindowMs;
        return this.#setup.goaway(typeof window === 'number' ? window : 0);
      }
      case Method.Error:
        return this.#setup.report(isErrorObject(params) ? ParleyError.fromObject(params) : problem('Invalid rpc.error'));
      default:
        return this.#setup.report(new ParleyError(ErrorCode.MethodNotFound, 'Unknown notification from the server', { method }));
    }
  }

  /** A delivery (protocol 6.1): placed in its stream (dedupe, gaps), validated, handed to the event's handlers. */
  #delivery(event: string, params: unknown): void {
    const delivery = readDelivery(params, this.#read);
    if (!delivery) return this.#setup.report(problem('Invalid delivery', { event }));
    const { stream, seq } = delivery;
    const entry = this.positions.accept(stream, delivery.epoch, seq);
    // null: a compact delivery on a stream the server never placed for this client (protocol 6.5); undefined: a duplicate.
    if (entry === null) return this.#setup.report(problem('Delivery on a stream with no known epoch', { event, stream }));
    if (!entry) return;
    const listeners = this.#events.get(event);
    const schema = listeners ? listeners.schema : getEvent(this.#setup.contract, event);
    if (!schema) return this.#setup.report(problem('Unknown event', { event }));
    if (!listeners?.size) return;
    let payload = delivery.data;
    // The compiled check first: a payload it passes is its own output; valibot decides the rest.
    if (this.#setup.validateEvents && listeners.check?.(payload) !== true) {
      const valid = validate(schema, payload);
      if (!valid.success) return this.#setup.report(problem('Invalid event payload', { event, issues: valid.issues }));
      payload = valid.output;
    }
    // Spelled out: one object of a fixed shape per message (hot path).
    listeners.emit(payload, { stream, epoch: entry.epoch, seq, from: delivery.from, fromConnection: delivery.fromConnection, ts: delivery.ts, topic: entry.topic });
  }

  #presenceChange(type: PresenceChange['type'], params: unknown): void {
    const change = readPresence(type, params);
    if (!change) return this.#setup.report(problem('Invalid presence notice'));
    this.#presence.get(change.topic)?.emit(change);
  }
}
