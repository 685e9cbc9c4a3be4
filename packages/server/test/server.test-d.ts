/**
 * Types inferred from the contract: handler params and results, unknown methods rejected,
 * event payloads of the server-side API typed.
 */
import { defineContract, type PresenceMember, type PublishResult } from '@parley/protocol';
import * as v from 'valibot';
import { describe, expectTypeOf, it } from 'vitest';
import { createParleyServer, type HandlerContext, type ParleyServer } from '../src/index.js';

const chat = defineContract({
  methods: {
    'chat.send': { params: v.object({ room: v.string(), text: v.string() }), result: v.object({ id: v.string() }) },
    'chat.count': {
      params: v.object({ room: v.pipe(v.string(), v.transform((s) => s.length)) }),
      result: v.number(),
    },
  },
  events: {
    'chat.message': v.object({ room: v.string(), text: v.string() }),
    'chat.typing': v.object({ userId: v.string() }),
  },
});

describe('createParleyServer types', () => {
  const server = createParleyServer({ contract: chat });

  it('is typed by its contract', () => {
    expectTypeOf(server).toEqualTypeOf<ParleyServer<typeof chat>>();
  });

  it('infers handler params (schema output) and checks the result', () => {
    server.handle('chat.send', (params, ctx) => {
      expectTypeOf(params).toEqualTypeOf<{ room: string; text: string }>();
      expectTypeOf(ctx).toEqualTypeOf<HandlerContext<typeof chat>>();
      expectTypeOf(ctx.identity.userId).toBeString();
      return { id: 'm1' };
    });
    server.handle('chat.count', (params) => {
      expectTypeOf(params.room).toBeNumber(); // after the transform
      return Promise.resolve(params.room);
    });
    // @ts-expect-error the result must match the result schema
    server.handle('chat.send', () => ({ id: 1 }));
    // @ts-expect-error async results are checked too
    server.handle('chat.count', () => Promise.resolve('nope'));
  });

  it('rejects methods that are not in the contract', () => {
    // @ts-expect-error not a method of the contract
    server.handle('nope', () => null);
    // @ts-expect-error events are not methods
    server.handle('chat.message', () => null);
  });

  it('types event payloads of broadcast, sendToUser and sendToConnection', () => {
    expectTypeOf(server.broadcast('room:1', 'chat.message', { room: 'r', text: 't' })).toEqualTypeOf<Promise<PublishResult>>();
    void server.broadcast(null, 'chat.typing', { userId: 'u' });
    void server.sendToUser('bob', 'chat.message', { room: 'r', text: 't' });
    void server.sendToConnection('c1', 'chat.typing', { userId: 'u' });
    // @ts-expect-error wrong payload for the event
    void server.broadcast('room:1', 'chat.message', { room: 'r' });
    // @ts-expect-error unknown event
    void server.broadcast('room:1', 'chat.nope', {});
    // @ts-expect-error payload of another event
    void server.sendToUser('bob', 'chat.typing', { room: 'r', text: 't' });
    expectTypeOf(server.presence('room:1')).toEqualTypeOf<Promise<PresenceMember[]>>();
  });

  it('types its events', () => {
    server.on('disconnect', (info, close) => {
      expectTypeOf(info.userId).toBeString();
      expectTypeOf(close.code).toBeNumber();
    });
    // @ts-expect-error unknown event
    server.on('nope', () => undefined);
  });
});
