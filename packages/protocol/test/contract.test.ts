import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { defineContract, getEvent, getMethod, onlyPrimitiveParams, validate, type MethodDefinition, type Schema } from '@parley/protocol';

const send = { params: v.object({ room: v.string(), text: v.string() }), result: v.object({ id: v.string() }) };
const chat = defineContract({
  methods: { 'chat.send': send, 'chat.edit': { ...send, idempotent: false } },
  events: { 'chat.message': v.object({ text: v.string() }) },
});
const PROTO_NAMES = ['toString', '__proto__', 'constructor', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', '__defineGetter__', 'prototype'];

describe('defineContract', () => {
  it('keeps the methods and events it was given, frozen', () => {
    expect(Object.keys(chat.methods)).toEqual(['chat.send', 'chat.edit']);
    expect(chat.methods['chat.edit'].idempotent).toBe(false);
    expect(Object.keys(chat.events)).toEqual(['chat.message']);
    expect(Object.isFrozen(chat) && Object.isFrozen(chat.methods) && Object.isFrozen(chat.events)).toBe(true);
  });

  it('accepts an empty definition', () => {
    const empty = defineContract({});
    expect([Object.keys(empty.methods), Object.keys(empty.events)]).toEqual([[], []]);
  });

  it.each(['rpc.send', 'rpc.', 'rpc.hello'])('rejects the reserved method name %j', (name) => {
    expect(() => defineContract({ methods: { [name]: send } })).toThrow(TypeError);
  });

  it.each(['rpc.message', 'rpc.x'])('rejects the reserved event name %j', (name) => {
    expect(() => defineContract({ events: { [name]: v.string() } })).toThrow(TypeError);
  });

  it.each(['', '1abc', '.a', 'has space', 'a/b', 'é', `a${'b'.repeat(128)}`, '__proto__'])('rejects the invalid name %j', (name) => {
    expect(() => defineContract({ methods: { [name]: send } })).toThrow(TypeError);
    expect(() => defineContract({ events: { [name]: v.string() } })).toThrow(TypeError);
  });

  it('accepts names of up to 128 characters from letters, digits, _ . : -', () => {
    expect(() => defineContract({ methods: { [`a${'b'.repeat(127)}`]: send, 'A1_b.c:d-e': send } })).not.toThrow();
  });

  it('rejects an own "__proto__" key from parsed JSON (it is not a valid name)', () => {
    const methods = JSON.parse('{"__proto__":{}}') as Record<string, MethodDefinition>;
    expect(() => defineContract({ methods })).toThrow(TypeError);
  });

  it('rejects async schemas', () => {
    const asyncParams = v.objectAsync({ text: v.string() });
    expect(() => defineContract({ methods: { 'a.b': { params: asyncParams as unknown as Schema, result: v.null() } } })).toThrow(/synchronous/);
    expect(() => defineContract({ methods: { 'a.b': { params: v.object({}), result: v.pipeAsync(v.string()) as unknown as Schema } } })).toThrow(/synchronous/);
    expect(() => defineContract({ events: { 'a.b': v.objectAsync({}) as unknown as Schema } })).toThrow(/synchronous/);
  });

  it('rejects things that are not valibot schemas', () => {
    for (const bad of [undefined, null, {}, { kind: 'validation', async: false }, 'string']) {
      expect(() => defineContract({ methods: { 'a.b': { params: bad as unknown as Schema, result: v.null() } } })).toThrow(TypeError);
      expect(() => defineContract({ events: { 'a.b': bad as unknown as Schema } })).toThrow(TypeError);
    }
  });
});

describe('getMethod / getEvent', () => {
  it('find the contract own names', () => {
    expect(getMethod(chat, 'chat.send')).toBe(chat.methods['chat.send']);
    expect(getEvent(chat, 'chat.message')).toBe(chat.events['chat.message']);
  });

  it.each(PROTO_NAMES)('never find the inherited name %j', (name) => {
    expect(getMethod(chat, name)).toBeUndefined();
    expect(getEvent(chat, name)).toBeUndefined();
  });

  it('do not confuse methods with events', () => {
    expect(getMethod(chat, 'chat.message')).toBeUndefined();
    expect(getEvent(chat, 'chat.send')).toBeUndefined();
  });

  it('find a method legitimately named like a prototype member when the contract defines it', () => {
    const odd = defineContract({ methods: { toString: send }, events: { constructor: v.string() } });
    expect(getMethod(odd, 'toString')).toBe(send);
    expect(getEvent(odd, 'constructor')).toBe(odd.events['constructor']);
    expect(getMethod(odd, 'valueOf')).toBeUndefined();
  });

  it('return schemas both sides validate with', () => {
    const definition = getMethod(chat, 'chat.send');
    expect(definition && validate(definition.params, { room: 'r', text: 't' }).success).toBe(true);
    expect(definition && validate(definition.params, { room: 'r' }).success).toBe(false);
  });
});

describe('defineContract refuses params that can only be a primitive (JSON-RPC params are an object or an array)', () => {
  const result = v.null();
  const define = (params: Schema): unknown => defineContract({ methods: { 'a.b': { params, result } } });

  it.each([
    ['v.string()', v.string()],
    ['v.pipe(v.string(), v.minLength(1))', v.pipe(v.string(), v.minLength(1))],
    ['v.number()', v.number()],
    ['v.boolean()', v.boolean()],
    ['v.null()', v.null()],
    ["v.literal('x')", v.literal('x')],
    ["v.picklist(['a', 'b'])", v.picklist(['a', 'b'])],
    ['v.optional(v.string())', v.optional(v.string())],
    ['v.nullable(v.undefined())', v.nullable(v.undefined())],
    ['v.union([v.string(), v.number()])', v.union([v.string(), v.number()])],
    ['v.union([v.undefined(), v.null()])', v.union([v.undefined(), v.null()])],
  ])('refuses %s', (_, params) => {
    expect(() => define(params)).toThrow(/can only be a primitive/);
  });

  it.each([
    ['v.object({})', v.object({})],
    ['v.array(v.string())', v.array(v.string())],
    ['v.tuple([v.string()])', v.tuple([v.string()])],
    ['v.undefined() (no params)', v.undefined()],
    ['v.optional(v.object({}))', v.optional(v.object({}))],
    ['v.nullable(v.object({}))', v.nullable(v.object({}))],
    ['v.union([v.object({}), v.string()])', v.union([v.object({}), v.string()])],
    ['v.unknown()', v.unknown()],
    ['v.any()', v.any()],
    ['v.record(v.string(), v.number())', v.record(v.string(), v.number())],
  ])('accepts %s', (_, params) => {
    expect(() => define(params)).not.toThrow();
  });

  it('classifies without a contract too', () => {
    expect(onlyPrimitiveParams(v.string())).toBe(true);
    expect(onlyPrimitiveParams(v.object({ text: v.string() }))).toBe(false);
    expect(onlyPrimitiveParams({ type: 'optional', wrapped: { type: 'optional', wrapped: 'not a schema' } })).toBe(false);
  });
});
