/**
 * "Every envelope and every code has a schema, a vector and a test": every ENVELOPES entry, every
 * error code that travels on the wire and every close code appears in some vector's `covers`, and
 * every `covers` entry is true of its vector (the method is in the frame, the code in the
 * expectation). Close codes that no single frame can provoke are listed below with where their
 * behaviour is tested; the list can only shrink (a code covered by a vector must leave it).
 */
import { describe, expect, it } from 'vitest';
import { CLOSE_TABLE, ENVELOPES, ERROR_TABLE, isDeliveryMethod } from '@parley/protocol';
import { NEGOTIATION_VECTORS, allVectors } from '@parley/protocol/vectors';
import { codesIn, methodsIn } from './support/vector-support.js';

/**
 * Close codes no single frame can provoke, and where their behaviour is tested instead (the
 * server and client issues own those tests).
 */
const BEHAVIOURAL_CLOSE_CODES: Readonly<Record<number, string>> = {
  1000: 'normal closure on request (client.close(), server.close()): @parley/server and @parley/client lifecycle tests',
  1001: 'the server process going away without a drain: @parley/server shutdown tests',
  1002: 'WebSocket framing errors (unmasked frame, bad opcode) are enforced by the ws library below any payload',
  1006: 'reserved, never sent: a client observes it on network failure; @parley/client reconnect tests',
  1008: 'repeated protocol abuse across many frames: @parley/server abuse-policy tests',
  1011: 'an unexpected server fault: @parley/server fault tests',
  1012: 'drain (rpc.goaway, then 1012): @parley/server drain tests',
  1013: 'overload or connection limit at upgrade: @parley/server limit tests',
  4408: 'no hello within the handshake timeout (time, not a frame): @parley/server handshake tests',
  4419: 'credentials expiring without a refresh (time): @parley/server auth tests',
  4429: 'sustained flooding after rate-limit replies (many frames): @parley/server rate-limit tests',
  4509: 'a client reading too slowly (backpressure): @parley/server slow-consumer tests',
};

/** The `covers` entry of vectors holding a delivery, which has no method name of its own. */
const DELIVERY = 'delivery';

const frameVectors = allVectors();
const negotiationVectors = NEGOTIATION_VECTORS.vectors;
const covered = new Set([...frameVectors, ...negotiationVectors].flatMap((vec) => vec.covers));
const wireErrorCodes = Object.entries(ERROR_TABLE)
  .filter(([, info]) => !info.local)
  .map(([code]) => code);
const localErrorCodes = Object.entries(ERROR_TABLE)
  .filter(([, info]) => info.local)
  .map(([code]) => code);
const closeCodes = Object.keys(CLOSE_TABLE);

describe('coverage', () => {
  it.each(Object.keys(ENVELOPES))('envelope %s has a vector', (name) => {
    expect(covered).toContain(name);
  });

  it('deliveries (notifications named after their event, protocol 6.1) have vectors', () => {
    expect(covered).toContain(DELIVERY);
  });

  it.each(wireErrorCodes)('wire error code %s has a vector', (code) => {
    expect(covered).toContain(code);
  });

  it.each(closeCodes)('close code %s has a vector or a documented behavioural test', (code) => {
    const behavioural = Object.hasOwn(BEHAVIOURAL_CLOSE_CODES, code);
    expect(covered.has(code), behavioural ? 'covered now: remove it from BEHAVIOURAL_CLOSE_CODES' : 'needs a vector').toBe(!behavioural);
  });

  it('lists only real close codes as behavioural', () => {
    for (const code of Object.keys(BEHAVIOURAL_CLOSE_CODES)) expect(closeCodes).toContain(code);
  });

  it('never claims a local error code travels on the wire', () => {
    for (const code of localErrorCodes) expect(covered).not.toContain(code);
  });

  it('covers only known names and codes', () => {
    const known = new Set([...Object.keys(ENVELOPES), DELIVERY, ...wireErrorCodes, ...closeCodes]);
    expect([...covered].filter((name) => !known.has(name))).toEqual([]);
  });
});

describe('every covers entry is true of its vector', () => {
  it.each(frameVectors)('$name', (vec) => {
    const methods = vec.frame === 'hex' ? new Set<string>() : methodsIn(vec.send);
    // A client-role frame is what a server sends: its codes are in the frame itself.
    const codes = codesIn(vec.role === 'client' && vec.frame !== 'hex' ? [vec.expect, JSON.parse(vec.send)] : vec.expect);
    for (const entry of vec.covers) {
      if (Object.hasOwn(ENVELOPES, entry)) expect(methods, `${entry} is sent`).toContain(entry);
      else if (entry === DELIVERY) expect([...methods].some(isDeliveryMethod), 'a delivery is in the frame').toBe(true);
      else if (Object.hasOwn(CLOSE_TABLE, entry)) expect('close' in vec.expect && vec.expect.close).toBe(Number(entry));
      else expect(codes, `${entry} is in the expected reply`).toContain(Number(entry));
    }
  });

  it.each(negotiationVectors)('$name', (vec) => {
    for (const entry of vec.covers) {
      if (Object.hasOwn(CLOSE_TABLE, entry)) expect('close' in vec.expect && vec.expect.close).toBe(Number(entry));
      else expect(codesIn(vec.expect)).toContain(Number(entry));
    }
  });
});
