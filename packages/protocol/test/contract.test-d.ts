import * as v from 'valibot';
import { describe, expectTypeOf, it } from 'vitest';
import {
  defineContract,
  getMethod,
  type Contract,
  type EventInput,
  type EventName,
  type EventPayload,
  type HandlerParams,
  type HandlerResult,
  type MethodDefinition,
  type MethodName,
  type MethodParams,
  type MethodResult,
  type Schema,
} from '@parley/protocol';

const chat = defineContract({
  methods: {
    'chat.send': { params: v.object({ room: v.string(), text: v.string() }), result: v.object({ id: v.string() }) },
    // Input ≠ output: callers send a numeric string, handlers receive a number.
    'math.double': { params: v.object({ n: v.pipe(v.string(), v.transform(Number)) }), result: v.pipe(v.number(), v.transform(String)) },
    'chat.history': {
      params: v.optional(v.object({ limit: v.optional(v.number(), 50) })),
      result: v.array(v.object({ text: v.string() })),
      idempotent: true,
    },
  },
  events: {
    'chat.message': v.object({ room: v.string(), text: v.string() }),
    'chat.typing': v.object({ at: v.pipe(v.number(), v.transform((ms) => new Date(ms))) }),
  },
});
type Chat = typeof chat;

describe('defineContract inference', () => {
  it('keeps the literal method and event names', () => {
    expectTypeOf<MethodName<Chat>>().toEqualTypeOf<'chat.send' | 'math.double' | 'chat.history'>();
    expectTypeOf<EventName<Chat>>().toEqualTypeOf<'chat.message' | 'chat.typing'>();
  });

  it('types params and results of a plain method the same on both sides', () => {
    expectTypeOf<MethodParams<Chat, 'chat.send'>>().toEqualTypeOf<{ room: string; text: string }>();
    expectTypeOf<HandlerParams<Chat, 'chat.send'>>().toEqualTypeOf<{ room: string; text: string }>();
    expectTypeOf<HandlerResult<Chat, 'chat.send'>>().toEqualTypeOf<{ id: string }>();
    expectTypeOf<MethodResult<Chat, 'chat.send'>>().toEqualTypeOf<{ id: string }>();
  });

  it('separates schema input (caller params, handler result) from output (handler params, caller result)', () => {
    expectTypeOf<MethodParams<Chat, 'math.double'>>().toEqualTypeOf<{ n: string }>();
    expectTypeOf<HandlerParams<Chat, 'math.double'>>().toEqualTypeOf<{ n: number }>();
    expectTypeOf<HandlerResult<Chat, 'math.double'>>().toEqualTypeOf<number>();
    expectTypeOf<MethodResult<Chat, 'math.double'>>().toEqualTypeOf<string>();
  });

  it('applies optional params and defaults', () => {
    expectTypeOf<MethodParams<Chat, 'chat.history'>>().toEqualTypeOf<{ limit?: number | undefined } | undefined>();
    expectTypeOf<HandlerParams<Chat, 'chat.history'>>().toEqualTypeOf<{ limit: number } | undefined>();
    expectTypeOf<MethodResult<Chat, 'chat.history'>>().toEqualTypeOf<{ text: string }[]>();
  });

  it('types event payloads as sent (input) and as received (output)', () => {
    expectTypeOf<EventInput<Chat, 'chat.message'>>().toEqualTypeOf<{ room: string; text: string }>();
    expectTypeOf<EventPayload<Chat, 'chat.message'>>().toEqualTypeOf<{ room: string; text: string }>();
    expectTypeOf<EventInput<Chat, 'chat.typing'>>().toEqualTypeOf<{ at: number }>();
    expectTypeOf<EventPayload<Chat, 'chat.typing'>>().toEqualTypeOf<{ at: Date }>();
  });

  it('rejects names the contract does not define', () => {
    // @ts-expect-error: not a method of the contract
    expectTypeOf<MethodParams<Chat, 'chat.nope'>>().toBeUnknown();
    // @ts-expect-error: an event is not a method
    expectTypeOf<MethodResult<Chat, 'chat.message'>>().toBeUnknown();
    // @ts-expect-error: not an event of the contract
    expectTypeOf<EventPayload<Chat, 'chat.nope'>>().toBeUnknown();
    // @ts-expect-error: inherited names are not methods
    expectTypeOf<HandlerParams<Chat, 'toString'>>().toBeUnknown();
  });

  it('keeps the definitions (with the idempotent flag) in the contract type', () => {
    expectTypeOf(chat).toExtend<Contract>();
    expectTypeOf(chat.methods['chat.history'].idempotent).toEqualTypeOf<true>();
    expectTypeOf(getMethod(chat, 'anything')).toEqualTypeOf<MethodDefinition | undefined>();
  });

  it('gives an empty contract no names', () => {
    type Empty = ReturnType<typeof defineContract<Record<never, never>, Record<never, never>>>;
    expectTypeOf(defineContract({})).toEqualTypeOf<Empty>();
    expectTypeOf<MethodName<Empty>>().toBeNever();
    expectTypeOf<EventName<Empty>>().toBeNever();
  });

  it('only takes schemas in a contract', () => {
    // @ts-expect-error: params must be a valibot schema
    defineContract({ methods: { 'a.b': { params: { room: 'string' }, result: v.null() } } });
    // @ts-expect-error: events map to schemas
    defineContract({ events: { 'a.b': 42 } });
    // @ts-expect-error: JSON-RPC params are an object or an array, never a lone string
    defineContract({ methods: { 'a.b': { params: v.string(), result: v.null() } } });
    // @ts-expect-error: null params cannot be sent either
    defineContract({ methods: { 'a.b': { params: v.nullable(v.undefined()), result: v.null() } } });
    defineContract({ methods: { 'a.b': { params: v.undefined(), result: v.null() } } });
    defineContract({ methods: { 'a.b': { params: v.unknown(), result: v.null() } } });
    defineContract({ methods: { 'a.b': { params: v.any(), result: v.null() } } });
    defineContract({ methods: { 'a.b': { params: v.array(v.string()), result: v.null() } } });
    expectTypeOf(v.string()).toExtend<Schema>();
  });
});
