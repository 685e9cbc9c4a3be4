import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import {
  CloseCode,
  ENVELOPES,
  ErrorCode,
  NEGOTIATION_TOKEN,
  PROTOCOL_V1,
  SUPPORTED_VERSIONS,
  clientProtocols,
  negotiate,
  parseProtocolHeader,
  selectedVersion,
  type ProtocolVersion,
} from '@parley/protocol';

/** A synthetic next version, registered beside v1 the way a real v2 would be. */
const V2: ProtocolVersion = { name: 'parley.v2', rank: 2 };
const BOTH = [V2, PROTOCOL_V1];

describe('clientProtocols', () => {
  it('offers v1 then the negotiation token by default', () => {
    expect(clientProtocols()).toEqual(['parley.v1', 'parley']);
    expect(SUPPORTED_VERSIONS).toEqual([PROTOCOL_V1]);
  });

  it('offers versions newest first whatever order they are given in', () => {
    expect(clientProtocols([PROTOCOL_V1, V2])).toEqual(['parley.v2', 'parley.v1', 'parley']);
    expect(clientProtocols(BOTH)).toEqual(['parley.v2', 'parley.v1', 'parley']);
  });
});

describe('negotiate with a synthetic v2 beside v1', () => {
  it('a v2+v1 client gets v2 from a v2+v1 server', () => {
    const n = negotiate(clientProtocols(BOTH), BOTH);
    expect(n).toEqual({ ok: true, protocol: 'parley.v2', version: V2 });
  });

  it('picks the highest rank whatever the order of the offer or of the server list', () => {
    expect(negotiate(['parley.v1', 'parley.v2'], [PROTOCOL_V1, V2])).toMatchObject({ ok: true, protocol: 'parley.v2' });
  });

  it('a v1-only client gets v1 from a v2+v1 server', () => {
    expect(negotiate(clientProtocols(), BOTH)).toEqual({ ok: true, protocol: 'parley.v1', version: PROTOCOL_V1 });
  });

  it('a v2+v1 client gets v1 from a v1-only server', () => {
    expect(negotiate(clientProtocols(BOTH))).toEqual({ ok: true, protocol: 'parley.v1', version: PROTOCOL_V1 });
  });

  it('a v2-only client against a v1-only server: select "parley", -32006, close 4406', () => {
    const n = negotiate(clientProtocols([V2]), [PROTOCOL_V1]);
    expect(n).toEqual({
      ok: false,
      protocol: NEGOTIATION_TOKEN,
      error: { code: ErrorCode.UnsupportedVersion, message: 'Unsupported protocol version', data: { supported: ['parley.v1'], offered: ['parley.v2', 'parley'] } },
      closeCode: CloseCode.UnsupportedVersion,
    });
    if (!n.ok) expect(v.is(ENVELOPES['rpc.error'].params, n.error)).toBe(true);
  });

  it('selects no protocol when the client did not offer the negotiation token', () => {
    const n = negotiate(['graphql-ws']);
    expect(n.ok).toBe(false);
    expect(n.protocol).toBeUndefined();
  });

  it('reports at most 16 distinct offered tokens', () => {
    const offered = Array.from({ length: 40 }, (_, i) => `x${i % 20}`);
    const n = negotiate(offered);
    expect(!n.ok && n.error.data).toEqual({ supported: ['parley.v1'], offered: offered.slice(0, 16) });
  });

  it('ignores prototype-named tokens', () => {
    expect(negotiate(['__proto__', 'constructor', 'toString']).ok).toBe(false);
  });
});

describe('selectedVersion (client side)', () => {
  it('accepts only a version the client speaks', () => {
    expect(selectedVersion('parley.v1')).toBe(PROTOCOL_V1);
    expect(selectedVersion('parley.v2', BOTH)).toBe(V2);
    expect(selectedVersion('parley.v2')).toBeUndefined();
    expect(selectedVersion('parley')).toBeUndefined();
    expect(selectedVersion('')).toBeUndefined();
  });
});

describe('parseProtocolHeader', () => {
  it.each([
    ['parley.v1, parley', ['parley.v1', 'parley']],
    ['parley.v1,parley', ['parley.v1', 'parley']],
    ['  parley.v2 ,\tparley.v1 , parley  ', ['parley.v2', 'parley.v1', 'parley']],
    ['parley', ['parley']],
  ])('%j → %j', (header, tokens) => {
    expect(parseProtocolHeader(header)).toEqual(tokens);
  });

  it.each(['', ' ', 'a,,b', 'a,', 'a b', 'a\tb', 'x'.repeat(65)])('%j is malformed', (header) => {
    expect(parseProtocolHeader(header)).toBeUndefined();
  });

  it('keeps at most maxTokens tokens', () => {
    const tokens = Array.from({ length: 16 }, (_, i) => `t${i}`);
    expect(parseProtocolHeader(tokens.join(','))).toEqual(tokens);
    expect(parseProtocolHeader([...tokens, 't16'].join(','))).toBeUndefined();
    expect(parseProtocolHeader('a,b,c', 2)).toBeUndefined();
  });

  it('rejects the CVE-2021-32640 input (\'b\' + 32000 spaces + \'x\')', () => {
    expect(parseProtocolHeader(`b${' '.repeat(32000)}x`)).toBeUndefined();
  });

  it('rejects a huge comma-separated header', () => {
    expect(parseProtocolHeader(','.repeat(100_000))).toBeUndefined();
    expect(parseProtocolHeader('a,'.repeat(50_000))).toBeUndefined();
  });
});
