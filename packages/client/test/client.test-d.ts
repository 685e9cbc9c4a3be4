import * as v from 'valibot';
import WebSocket from 'ws';
import {
  defineContract,
  type PresenceResultSchema,
  type PublishResultSchema,
  type RefreshResultSchema,
  type SubscribeResultSchema,
  type UnsubscribeResultSchema,
  type WelcomeSchema,
  type FullDeliverySchema,
  type PresenceEventSchema,
} from '@parley/protocol';
import { describe, expectTypeOf, it } from 'vitest';
import {
  createParleyClient,
  type ClientState,
  type DeliveryMeta,
  type ParleyError,
  type PresenceChange,
  type PresenceResult,
  type PublishResult,
  type RefreshResult,
  type Session,
  type SubscribeResult,
  type UnsubscribeResult,
  type WebSocketConstructor,
} from '../src/index.js';

const chat = defineContract({
  methods: {
    'chat.send': { params: v.object({ room: v.string(), text: v.string() }), result: v.object({ id: v.string(), at: v.number() }) },
    'chat.history': {
      params: v.optional(v.object({ limit: v.optional(v.number()) })),
      result: v.array(v.object({ text: v.string() })),
    },
    'chat.since': { params: v.object({ iso: v.string() }), result: v.pipe(v.string(), v.transform((s) => new Date(s))) },
  },
  events: {
    'chat.message': v.object({ room: v.string(), text: v.string() }),
    'chat.typing': v.pipe(v.string(), v.transform((s) => s.length)),
  },
});

const client = createParleyClient({ url: 'ws://localhost', contract: chat });

describe('calls', () => {
  it('infer params and results from the contract', () => {
    expectTypeOf(client.call('chat.send', { room: 'r', text: 'hi' })).toEqualTypeOf<Promise<{ id: string; at: number }>>();
    expectTypeOf(client.call('chat.history')).toEqualTypeOf<Promise<{ text: string }[]>>();
    expectTypeOf(client.call('chat.history', { limit: 5 }, { timeoutMs: 100 })).toEqualTypeOf<Promise<{ text: string }[]>>();
    // Results have the result schema's output type (transforms applied by client-side validation).
    expectTypeOf(client.call('chat.since', { iso: '2024-01-01' })).toEqualTypeOf<Promise<Date>>();
    expectTypeOf(client.notify('chat.send', { room: 'r', text: 'hi' })).toEqualTypeOf<Promise<void>>();
  });

  it('reject wrong method names and wrong params', () => {
    // @ts-expect-error: not a method of the contract
    void client.call('chat.nope', {});
    // @ts-expect-error: built-ins are not called through call()
    void client.call('rpc.subscribe', { topic: 'x' });
    // @ts-expect-error: params are required for chat.send
    void client.call('chat.send');
    // @ts-expect-error: text must be a string
    void client.call('chat.send', { room: 'r', text: 1 });
    // @ts-expect-error: unknown option
    void client.call('chat.send', { room: 'r', text: 'x' }, { retries: 3 });
    // @ts-expect-error: notify takes no call options
    void client.notify('chat.send', { room: 'r', text: 'x' }, { timeoutMs: 5 });
  });
});

describe('events', () => {
  it('infer payloads (the schema output) and metadata', () => {
    client.on('chat.message', (message, meta) => {
      expectTypeOf(message).toEqualTypeOf<{ room: string; text: string }>();
      expectTypeOf(meta).toEqualTypeOf<DeliveryMeta>();
      expectTypeOf(meta.from).toEqualTypeOf<string | null>();
    });
    client.on('chat.typing', (length) => expectTypeOf(length).toEqualTypeOf<number>());
    expectTypeOf(client.on('chat.message', () => undefined)).toEqualTypeOf<() => void>();
  });

  it('reject wrong event names and payloads', () => {
    // @ts-expect-error: not an event of the contract
    client.on('chat.nope', () => undefined);
    // @ts-expect-error: the payload is not a number
    client.on('chat.message', (message: number) => message);
    // @ts-expect-error: not an event of the contract
    void client.broadcast('room', 'chat.nope', {});
    // @ts-expect-error: the payload does not match the event schema
    void client.broadcast('room', 'chat.message', { text: 1 });
    // @ts-expect-error: a recipient is a user or a connection
    void client.send({ user: 'bob' }, 'chat.message', { room: 'r', text: 'x' });
  });

  it('senders pass the schema input type', () => {
    expectTypeOf(client.broadcast(null, 'chat.typing', 'abc')).toEqualTypeOf<Promise<PublishResult>>();
    expectTypeOf(client.send({ userId: 'bob' }, 'chat.message', { room: 'r', text: 'x' })).toEqualTypeOf<Promise<PublishResult>>();
    expectTypeOf(client.send({ connectionId: 'c1' }, 'chat.message', { room: 'r', text: 'x' })).toEqualTypeOf<Promise<PublishResult>>();
  });
});

describe('lifecycle and built-ins', () => {
  it('are typed', () => {
    expectTypeOf(client.state).toEqualTypeOf<ClientState>();
    expectTypeOf(client.session).toEqualTypeOf<Session | undefined>();
    expectTypeOf(client.connect()).toEqualTypeOf<Promise<void>>();
    expectTypeOf(client.subscribe('room', { presence: true })).toEqualTypeOf<Promise<SubscribeResult>>();
    expectTypeOf(client.unsubscribe('room')).toEqualTypeOf<Promise<UnsubscribeResult>>();
    expectTypeOf(client.presence('room')).toEqualTypeOf<Promise<PresenceResult>>();
    expectTypeOf(client.refresh('token')).toEqualTypeOf<Promise<RefreshResult>>();
    client.onPresence('room', (change) => expectTypeOf(change).toEqualTypeOf<PresenceChange>());
    client.onError((error) => expectTypeOf(error).toEqualTypeOf<ParleyError>());
    client.onState(({ state, previous }) => {
      expectTypeOf(state).toEqualTypeOf<ClientState>();
      expectTypeOf(previous).toEqualTypeOf<ClientState>();
    });
  });

  it('accept the WebSocket implementations people have', () => {
    expectTypeOf(WebSocket).toExtend<WebSocketConstructor>();
    expectTypeOf(globalThis.WebSocket).toExtend<WebSocketConstructor>();
  });
});

describe('the client types mirror the protocol schemas', () => {
  it('results from the server fit them', () => {
    expectTypeOf<v.InferOutput<typeof PublishResultSchema>>().toExtend<PublishResult>();
    expectTypeOf<v.InferOutput<typeof SubscribeResultSchema>>().toExtend<SubscribeResult>();
    expectTypeOf<v.InferOutput<typeof UnsubscribeResultSchema>>().toExtend<UnsubscribeResult>();
    expectTypeOf<v.InferOutput<typeof PresenceResultSchema>>().toExtend<PresenceResult>();
    expectTypeOf<v.InferOutput<typeof RefreshResultSchema>>().toExtend<RefreshResult>();
    expectTypeOf<v.InferOutput<typeof WelcomeSchema>>().toExtend<Session>();
    expectTypeOf<Pick<v.InferOutput<typeof FullDeliverySchema>, 'stream' | 'epoch' | 'seq' | 'from'>>().toExtend<Pick<DeliveryMeta, 'stream' | 'epoch' | 'seq' | 'from'>>();
    expectTypeOf<v.InferOutput<typeof FullDeliverySchema>['fromConnection']>().toEqualTypeOf<DeliveryMeta['fromConnection']>();
    expectTypeOf<v.InferOutput<typeof FullDeliverySchema>['ts']>().toEqualTypeOf<DeliveryMeta['ts']>();
    expectTypeOf<v.InferOutput<typeof PresenceEventSchema> & { type: 'join' }>().toExtend<PresenceChange>();
  });

  it('and they carry nothing the schemas lack', () => {
    expectTypeOf<keyof PublishResult>().toEqualTypeOf<keyof v.InferOutput<typeof PublishResultSchema>>();
    expectTypeOf<keyof SubscribeResult>().toEqualTypeOf<keyof v.InferOutput<typeof SubscribeResultSchema>>();
    expectTypeOf<keyof PresenceResult>().toEqualTypeOf<keyof v.InferOutput<typeof PresenceResultSchema>>();
    expectTypeOf<keyof RefreshResult>().toEqualTypeOf<keyof v.InferOutput<typeof RefreshResultSchema>>();
    // The delivery's members but the payload, plus what the stream name tells (the topic).
    expectTypeOf<keyof DeliveryMeta>().toEqualTypeOf<Exclude<keyof v.InferOutput<typeof FullDeliverySchema>, 'data'> | 'topic'>();
  });
});
