import type * as v from 'valibot';
import { NameSchema } from './envelopes/primitives.js';
import { onlyPrimitiveParams, type StructuredParams } from './structured-params.js';
import { validate } from './validate.js';

/**
 * A synchronous valibot schema, as contracts hold them.
 *
 * @example
 * ```ts
 * const text: Schema = v.pipe(v.string(), v.minLength(1), v.maxLength(500));
 * ```
 */
export type Schema = v.GenericSchema;

/**
 * One application method: the schema of its params and of its result.
 *
 * @example
 * ```ts
 * const send = { params: v.object({ text: v.string() }), result: v.object({ id: v.string() }) } satisfies MethodDefinition;
 * ```
 */
export interface MethodDefinition<P extends Schema = Schema, R extends Schema = Schema> {
  /** Schema of `params`; validated by the server before the handler runs. */
  readonly params: P;
  /** Schema of the result. */
  readonly result: R;
  /**
   * `false` marks a call that must not run twice: if its reply is lost to a disconnect the
   * client rejects it with `OutcomeUnknown` instead of re-sending. Default `true`.
   */
  readonly idempotent?: boolean;
}

/**
 * The methods of a contract, by name.
 *
 * @example
 * ```ts
 * const methods = {
 *   'chat.send': { params: v.object({ room: v.string(), text: v.string() }), result: v.object({ id: v.string() }) },
 * } satisfies MethodMap;
 * ```
 */
export type MethodMap = Readonly<Record<string, MethodDefinition>>;
/**
 * The events of a contract (payload schemas), by name.
 *
 * @example
 * ```ts
 * const events = { 'chat.message': v.object({ room: v.string(), text: v.string(), from: v.string() }) } satisfies EventMap;
 * ```
 */
export type EventMap = Readonly<Record<string, Schema>>;

/**
 * A contract: the application's methods and events, shared by server and client. Made with
 * {@link defineContract}.
 *
 * @example
 * ```ts
 * const names = (contract: Contract): string[] => [...Object.keys(contract.methods), ...Object.keys(contract.events)];
 * names(chat); // ['chat.send', 'chat.message']
 * ```
 */
export interface Contract<M extends MethodMap = MethodMap, E extends EventMap = EventMap> {
  /** Application methods. */
  readonly methods: M;
  /** Application events. */
  readonly events: E;
}

/**
 * Any contract.
 *
 * @example
 * ```ts
 * function eventNames<C extends AnyContract>(contract: C): EventName<C>[] {
 *   return Object.keys(contract.events) as EventName<C>[];
 * }
 * eventNames(chat); // ['chat.message'], typed ('chat.message')[]
 * ```
 */
export type AnyContract = Contract<MethodMap, EventMap>;

/**
 * Names of the contract's methods.
 *
 * @example
 * ```ts
 * type ChatMethod = MethodName<typeof chat>; // 'chat.send'
 * ```
 */
export type MethodName<C extends AnyContract> = keyof C['methods'] & string;
/**
 * What a caller passes as params of method `K` (the schema's input type).
 *
 * @example
 * ```ts
 * const params: MethodParams<typeof chat, 'chat.send'> = { room: 'lobby', text: 'hi' };
 * await client.call('chat.send', params);
 * ```
 */
export type MethodParams<C extends AnyContract, K extends MethodName<C>> = v.InferInput<C['methods'][K]['params']>;
/**
 * What a handler receives as params of method `K` (the schema's output type).
 *
 * @example
 * ```ts
 * const clean = (params: HandlerParams<typeof chat, 'chat.send'>): string => params.text.trim();
 * ```
 */
export type HandlerParams<C extends AnyContract, K extends MethodName<C>> = v.InferOutput<C['methods'][K]['params']>;
/**
 * What a handler of method `K` returns (the result schema's input type).
 *
 * @example
 * ```ts
 * const reply: HandlerResult<typeof chat, 'chat.send'> = { id: crypto.randomUUID() };
 * ```
 */
export type HandlerResult<C extends AnyContract, K extends MethodName<C>> = v.InferInput<C['methods'][K]['result']>;
/**
 * What a caller receives as the result of method `K` (the result schema's output type).
 *
 * @example
 * ```ts
 * const sent: MethodResult<typeof chat, 'chat.send'> = await client.call('chat.send', { room: 'lobby', text: 'hi' });
 * sent.id; // string
 * ```
 */
export type MethodResult<C extends AnyContract, K extends MethodName<C>> = v.InferOutput<C['methods'][K]['result']>;
/**
 * Names of the contract's events.
 *
 * @example
 * ```ts
 * type ChatEvent = EventName<typeof chat>; // 'chat.message'
 * ```
 */
export type EventName<C extends AnyContract> = keyof C['events'] & string;
/**
 * What a sender passes as the payload of event `K`.
 *
 * @example
 * ```ts
 * const message: EventInput<typeof chat, 'chat.message'> = { room: 'lobby', text: 'Welcome!', from: 'system' };
 * await server.broadcast('lobby', 'chat.message', message);
 * ```
 */
export type EventInput<C extends AnyContract, K extends EventName<C>> = v.InferInput<C['events'][K]>;
/**
 * What a listener receives as the payload of event `K`.
 *
 * @example
 * ```ts
 * const show = (payload: EventPayload<typeof chat, 'chat.message'>) => console.log(`${payload.from}: ${payload.text}`);
 * client.on('chat.message', show);
 * ```
 */
export type EventPayload<C extends AnyContract, K extends EventName<C>> = v.InferOutput<C['events'][K]>;

const isSyncSchema = (x: unknown): x is Schema =>
  typeof x === 'object' && x !== null && (x as { kind?: unknown }).kind === 'schema' && (x as { async?: unknown }).async === false;

function checkName(kind: string, name: string): void {
  if (!validate(NameSchema, name).success) {
    throw new TypeError(`defineContract: invalid ${kind} name ${JSON.stringify(name)} (letters, digits, _ . : -; not in rpc.)`);
  }
}

/**
 * Defines the contract both sides import. Names must start with a letter and may not use the
 * reserved `rpc.` namespace; schemas must be synchronous valibot schemas, and params schemas must
 * take an object or an array (JSON-RPC params are structured; `v.undefined()` means no params).
 * The server's handlers and the client's calls and listeners infer every type from it.
 *
 * @example
 * ```ts
 * import * as v from 'valibot';
 * import { defineContract } from '@parley/protocol';
 *
 * export const chat = defineContract({
 *   methods: {
 *     'chat.send': { params: v.object({ room: v.string(), text: v.string() }), result: v.object({ id: v.string() }) },
 *   },
 *   events: {
 *     'chat.message': v.object({ room: v.string(), text: v.string(), from: v.string() }),
 *   },
 * });
 * ```
 */
export function defineContract<const M extends MethodMap = Record<never, never>, const E extends EventMap = Record<never, never>>(definition: {
  readonly methods?: M & StructuredParams<M>;
  readonly events?: E;
}): Contract<M, E> {
  const methods = definition.methods ?? ({} as M);
  const events = definition.events ?? ({} as E);
  for (const [name, method] of Object.entries(methods)) {
    checkName('method', name);
    if (!isSyncSchema(method.params) || !isSyncSchema(method.result)) {
      throw new TypeError(`defineContract: method ${name} needs synchronous valibot params and result schemas`);
    }
    if (onlyPrimitiveParams(method.params)) {
      throw new TypeError(`defineContract: method ${name} has params that can only be a primitive; JSON-RPC params are an object or an array`);
    }
  }
  for (const [name, schema] of Object.entries(events)) {
    checkName('event', name);
    if (!isSyncSchema(schema)) throw new TypeError(`defineContract: event ${name} needs a synchronous valibot schema`);
  }
  return Object.freeze({ methods: Object.freeze({ ...methods }), events: Object.freeze({ ...events }) });
}

/**
 * Looks a method up by a name that came off the wire, safely: inherited names such as
 * `toString` or `__proto__` are never found.
 *
 * @example
 * ```ts
 * getMethod(chat, 'chat.send'); // the definition
 * getMethod(chat, 'toString');  // undefined
 * ```
 */
export function getMethod(contract: AnyContract, name: string): MethodDefinition | undefined {
  return Object.hasOwn(contract.methods, name) ? contract.methods[name] : undefined;
}

/**
 * Looks an event's schema up by a name that came off the wire, safely (own names only).
 *
 * @example
 * ```ts
 * getEvent(chat, 'chat.message'); // the schema
 * ```
 */
export function getEvent(contract: AnyContract, name: string): Schema | undefined {
  return Object.hasOwn(contract.events, name) ? contract.events[name] : undefined;
}
