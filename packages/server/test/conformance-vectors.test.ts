/**
 * Every conformance vector of @parley/protocol (whatever files it ships now) and every scenario
 * of the conformance kit, run by the kit's own runners (@parley/conformance: one implementation)
 * over real sockets against a live server with the fixture contract, handlers and authentication.
 * Decode-layer vectors go through the server too: the server must answer exactly what the decoder
 * decides. One vitest case per kit case, so a failure names the case and lists its mismatches.
 */
import { DEFAULT_SETTINGS, runNegotiationVector, runScenario, runVector, SCENARIOS, type CaseResult } from '@parley/conformance';
import { fixtureAuthenticate, NEGOTIATION_VECTORS, VECTOR_FILES } from '@parley/protocol/vectors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeAll, startServer, type Harness } from './helpers/server.js';

let harness: Harness;
beforeAll(async () => {
  harness = await startServer({
    authenticate: ({ credentials }) => fixtureAuthenticate(credentials),
    // The kit sends bursts (a 50-item batch) and opens hundreds of connections from one IP:
    // rate limits are not what conformance checks (docs/conformance.md).
    rateLimit: false,
    connectionRate: false,
  });
});
afterAll(closeAll);

function expectPass(result: CaseResult): void {
  expect(result.details).toEqual([]);
  expect(result.status).toBe('pass');
}

describe('conformance vectors over a live server', () => {
  const vectors = Object.entries(VECTOR_FILES).flatMap(([group, file]) =>
    file.vectors.filter((v) => (v.role ?? 'server') === 'server').map((v) => [`${group}/${v.name}`, group, v] as const),
  );

  it('has vectors to run', () => {
    expect(vectors.length).toBeGreaterThan(0);
  });

  it.each(vectors)('%s', async (_id, group, vector) => {
    expectPass(await runVector(harness.url, vector, DEFAULT_SETTINGS, group));
  });
});

describe('negotiation vectors over a raw upgrade', () => {
  it.each(NEGOTIATION_VECTORS.vectors.map((v) => [v.name, v] as const))('%s', async (_name, vector) => {
    expectPass(await runNegotiationVector(harness.url, vector));
  });
});

describe('conformance kit scenarios', () => {
  it.each(SCENARIOS.map((s) => [s.name, s] as const))('%s', async (_name, scenario) => {
    expectPass(await runScenario(harness.url, scenario));
  });
});
