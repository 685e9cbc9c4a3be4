import * as v from 'valibot';
import { defineContract, ErrorCode } from '@parley/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import type { DeliveryMeta, PresenceChange } from '../../src/index.js';
import { client, closeClients } from '../helpers/clients.js';
import { contract, startServer, stopAll } from '../helpers/server.js';
import { pause, waitUntil } from '../helpers/wait.js';

afterEach(async () => {
  await closeClients();
  await stopAll();
});

type Note = { text: string };

describe('events', () => {
  it('delivers topic broadcasts to subscribers with their stream position and sender', async () => {
    const server = await startServer();
    const alice = client({ url: server.url, contract, auth: () => 'alice' });
    const bob = client({ url: server.url, contract, auth: () => 'bob' });
    const got: Array<[Note, DeliveryMeta]> = [];
    bob.on('fixture.note', (note, meta) => got.push([note, meta]));
    const sub = await bob.subscribe('room:1');
    expect(sub).toMatchObject({ topic: 'room:1', stream: 'topic:room:1', seq: 0 });
    await alice.connect();
    const published = await alice.broadcast('room:1', 'fixture.note', { text: 'hi' });
    await alice.broadcast('room:1', 'fixture.note', { text: 'again' });
    await waitUntil(() => got.length === 2, 5000, 'two notes');
    expect(got.map(([note]) => note.text)).toEqual(['hi', 'again']);
    const [, meta] = got[0]!;
    expect(meta).toEqual({
      stream: 'topic:room:1',
      epoch: published.epoch,
      seq: published.seq,
      from: 'alice',
      fromConnection: undefined,
      ts: undefined,
      topic: 'room:1',
    });
    expect(got[1]![1].seq).toBe(published.seq + 1);
  });

  it('broadcast(null) reaches everyone; send() reaches a user or one connection', async () => {
    const server = await startServer();
    const alice = client({ url: server.url, contract, auth: () => 'alice' });
    const bob1 = client({ url: server.url, contract, auth: () => 'bob' });
    const bob2 = client({ url: server.url, contract, auth: () => 'bob' });
    const seen: Record<string, string[]> = { alice: [], bob1: [], bob2: [] };
    for (const [name, c] of [['alice', alice], ['bob1', bob1], ['bob2', bob2]] as const) {
      c.on('fixture.note', (note, meta) => seen[name]!.push(`${meta.stream}:${note.text}`));
      await c.connect();
    }
    await alice.broadcast(null, 'fixture.note', { text: 'all' });
    await alice.send({ userId: 'bob' }, 'fixture.note', { text: 'dm' });
    await alice.send({ connectionId: bob2.session!.connectionId }, 'fixture.note', { text: 'one' });
    await waitUntil(() => seen['bob2']!.length === 3 && seen['bob1']!.length === 2 && seen['alice']!.length === 1, 5000, 'deliveries');
    expect(seen['alice']).toEqual(['all:all']);
    expect(seen['bob1']).toEqual(['all:all', 'user:bob:dm']);
    expect(seen['bob2']).toEqual(['all:all', 'user:bob:dm', `conn:${bob2.session!.connectionId}:one`]);
  });

  it('drops an event that fails the client contract and reports it; validateEvents: false lets it through', async () => {
    const server = await startServer();
    const strict = defineContract({ events: { 'fixture.note': v.object({ text: v.pipe(v.string(), v.maxLength(3)) }) } });
    const checked = client({ url: server.url, contract: strict });
    const unchecked = client({ url: server.url, contract: strict, validateEvents: false });
    const got: Record<string, string[]> = { checked: [], unchecked: [] };
    checked.on('fixture.note', (note) => got['checked']!.push(note.text));
    unchecked.on('fixture.note', (note) => got['unchecked']!.push(note.text));
    await checked.connect();
    await unchecked.connect();
    await server.parley.broadcast(null, 'fixture.note', { text: 'too long' });
    await server.parley.broadcast(null, 'fixture.note', { text: 'ok' });
    await waitUntil(() => got['checked']!.length === 1 && got['unchecked']!.length === 2, 5000, 'notes');
    expect(got).toEqual({ checked: ['ok'], unchecked: ['too long', 'ok'] });
    expect(checked.errors).toHaveLength(1);
    expect(checked.errors[0]).toMatchObject({ code: ErrorCode.InvalidParams, data: { event: 'fixture.note', issues: [expect.objectContaining({ path: 'text' })] } });
    expect(unchecked.errors).toEqual([]);
  });

  it('reports events the contract does not know, and handler errors, without stopping other handlers', async () => {
    const server = await startServer();
    const none = defineContract({ events: { 'other.event': v.string() } });
    const unknown = client({ url: server.url, contract: none });
    const c = client({ url: server.url, contract });
    const second: string[] = [];
    c.on('fixture.note', () => {
      throw new Error('handler bug');
    });
    c.on('fixture.note', (note) => second.push(note.text));
    await unknown.connect();
    await c.connect();
    await server.parley.broadcast(null, 'fixture.note', { text: 'x' });
    await waitUntil(() => unknown.errors.length === 1 && second.length === 1, 5000, 'errors');
    expect(unknown.errors[0]).toMatchObject({ code: ErrorCode.InvalidParams, message: 'Unknown event', data: { event: 'fixture.note' } });
    expect(c.errors).toHaveLength(1);
    expect(c.errors[0]).toMatchObject({ code: ErrorCode.InternalError, data: { cause: 'Error: handler bug' } });
    expect(c.state).toBe('open');
  });

  it('a removed handler is not called', async () => {
    const server = await startServer();
    const c = client({ url: server.url, contract });
    const got: string[] = [];
    const off = c.on('fixture.note', (note) => got.push(note.text));
    await c.connect();
    await server.parley.broadcast(null, 'fixture.note', { text: 'one' });
    await waitUntil(() => got.length === 1);
    off();
    await server.parley.broadcast(null, 'fixture.note', { text: 'two' });
    await pause(100);
    expect(got).toEqual(['one']);
  });

  it('presence: list, join and leave notices for subscribers with presence: true', async () => {
    const server = await startServer();
    const alice = client({ url: server.url, contract, auth: () => 'alice' });
    const bob = client({ url: server.url, contract, auth: () => 'bob' });
    const changes: PresenceChange[] = [];
    alice.onPresence('room:p', (change) => changes.push(change));
    await alice.subscribe('room:p', { presence: true });
    await bob.subscribe('room:p');
    await waitUntil(() => changes.some((change) => change.type === 'join' && change.userId === 'bob'), 5000, 'join');
    const { members } = await alice.presence('room:p');
    expect(members.map((m) => m.userId).sort()).toEqual(['alice', 'bob']);
    await bob.unsubscribe('room:p');
    await waitUntil(() => changes.some((change) => change.type === 'leave'), 5000, 'leave');
    expect(changes.find((change) => change.type === 'leave')).toMatchObject({ type: 'leave', topic: 'room:p', userId: 'bob', ts: expect.any(Number) });
  });
});
