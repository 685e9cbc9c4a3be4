/**
 * Every conformance vector of @parley/protocol (whatever files it ships now), sent over a real
 * socket to a live server with the fixture contract and handlers. Decode-layer vectors go through
 * the server too: the server must answer exactly what the decoder decides.
 */
import { allVectors, fixtureAuthenticate, matchExpected, NEGOTIATION_VECTORS, type Vector } from '@parley/protocol/vectors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { TestClient } from './helpers/client.js';
import { rawUpgrade } from './helpers/raw-upgrade.js';
import { closeAll, startServer, type Harness } from './helpers/server.js';

let harness: Harness;
beforeAll(async () => {
  harness = await startServer({ authenticate: ({ credentials }) => fixtureAuthenticate(credentials) });
});
afterAll(closeAll);

const isReply = (frame: any): boolean => Array.isArray(frame) || (typeof frame === 'object' && frame !== null && !('method' in frame));

function sendRaw(client: TestClient, vector: Vector): void {
  if (vector.frame === 'binary') client.ws.send(Buffer.from(vector.send, 'utf8'), { binary: true });
  else if (vector.frame === 'hex') client.ws.send(Buffer.from(vector.send, 'hex'), { binary: false });
  else client.ws.send(vector.send, { binary: false });
}

async function run(vector: Vector): Promise<void> {
  const client = await harness.connect(vector.session === 'open' ? { credentials: 'conformance' } : { hello: false });
  sendRaw(client, vector);
  const expectation = vector.expect;
  if ('noReply' in expectation) {
    expect(await client.quiet(isReply, 200)).toEqual([]);
    // Still alive and answering: the silence was not a dead connection.
    const ping = await client.request('rpc.ping');
    expect(ping.id).toBeDefined();
    return;
  }
  if ('close' in expectation) {
    if (expectation.reply !== undefined) expect(matchExpected(expectation.reply, await client.next(isReply))).toEqual([]);
    if (expectation.notice !== undefined) {
      expect(matchExpected(expectation.notice, await client.next((f) => f.method === 'rpc.error'))).toEqual([]);
    }
    expect((await client.closed).code).toBe(expectation.close);
    return;
  }
  const reply = await client.next(isReply);
  expect(matchExpected(expectation.reply, reply)).toEqual([]);
  expect(client.ws.readyState).toBe(WebSocket.OPEN);
}

describe('conformance vectors over a live server', () => {
  const vectors = allVectors().filter((v) => (v.role ?? 'server') === 'server');

  it('has vectors to run', () => {
    expect(vectors.length).toBeGreaterThan(0);
  });

  it.each(vectors.map((v) => [v.name, v] as const))('%s', async (_name, vector) => {
    await run(vector);
  });
});

describe('negotiation vectors over a raw upgrade', () => {
  it.each(NEGOTIATION_VECTORS.vectors.map((v) => [v.name, v] as const))('%s', async (_name, vector) => {
    const result = await rawUpgrade(harness.port, harness.parley.path, vector.offered, 'close' in vector.expect ? 5_000 : 200);
    expect(result.status).toBe(101);
    expect(result.headers['sec-websocket-protocol'] ?? null).toBe(vector.expect.protocol);
    if (!('close' in vector.expect)) {
      expect(result.frames.filter((f) => f.opcode === 0x8)).toEqual([]);
      return;
    }
    const texts = result.frames.filter((f) => f.opcode === 0x1).map((f) => JSON.parse(f.payload.toString('utf8')));
    expect(texts).toHaveLength(1);
    expect(matchExpected(vector.expect.notice, texts[0])).toEqual([]);
    const close = result.frames.find((f) => f.opcode === 0x8);
    expect(close?.payload.readUInt16BE(0)).toBe(vector.expect.close);
  });
});
