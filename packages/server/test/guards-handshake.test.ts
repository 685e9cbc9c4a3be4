/**
 * The upgrade guards over real sockets: the Origin allowlist (HTTP 403 before the upgrade, exact
 * matching only), and handshake hardening replaying the inputs of the known `ws` advisories on a
 * raw `net` socket. Each input must be refused cleanly (an HTTP error status, or the server
 * closing the connection), and the same server must keep serving a normal client afterwards.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { closeAll, connect, startServer } from './helpers/server.js';
import { closeGuardServers, httpUpgrade, rawRequest, startGuardServer } from './helpers/upgrade.js';

afterEach(async () => {
  await closeAll();
  await closeGuardServers();
});

describe('origin allowlist', () => {
  it('refuses a disallowed Origin with 403 before the upgrade; matching is exact', async () => {
    const h = await startServer({ origins: { allowed: ['https://example.com'] } });
    expect((await httpUpgrade(h.port, '/parley', { Origin: 'https://example.com' })).status).toBe(101);
    for (const origin of ['https://example.com.evil.com', 'https://evil.example.com', 'http://example.com', 'https://example.com:8443', 'null']) {
      const refused = await httpUpgrade(h.port, '/parley', { Origin: origin });
      expect(refused.status, origin).toBe(403);
      expect(refused.headers.connection).toBe('close');
    }
    expect(h.parley.connections.count).toBe(0);
  });

  it("default 'same-host': the page's own origin passes, another site's is refused, no Origin (Node clients) passes", async () => {
    const h = await startServer();
    const host = `127.0.0.1:${h.port}`;
    expect((await httpUpgrade(h.port, '/parley', { Origin: `http://${host}` })).status).toBe(101);
    expect((await httpUpgrade(h.port, '/parley', { Origin: 'https://evil.example' })).status).toBe(403);
    const node = await h.connect(); // ws sends no Origin
    expect(await node.call('rpc.ping')).toEqual({ ts: expect.any(Number) });
  });

  it("allowMissing: false refuses a request without Origin; '*' allows any", async () => {
    const strict = await startServer({ origins: { allowed: ['https://example.com'], allowMissing: false } });
    expect((await httpUpgrade(strict.port)).status).toBe(403);
    const open = await startServer({ origins: { allowed: '*' } });
    expect((await httpUpgrade(open.port, '/parley', { Origin: 'https://anything.example' })).status).toBe(101);
  });
});

/** A WebSocket upgrade request as raw text, with `extra` header lines before the WebSocket ones. */
function upgradeText(port: number, extra: string, protocol = 'parley.v1, parley'): string {
  const key = randomBytes(16).toString('base64');
  return (
    `GET /parley HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n${extra}` +
    `Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n` +
    `Sec-WebSocket-Protocol: ${protocol}\r\n\r\n`
  );
}

/** The server still takes a normal client and answers it. */
async function stillServing(url: string): Promise<void> {
  const client = await connect(url);
  expect(await client.call('rpc.ping')).toEqual({ ts: expect.any(Number) });
}

describe('handshake hardening (ws advisories replayed on a raw socket)', () => {
  it('CVE-2024-37890: 2,000 extra headers that fit the header size (the upgrade headers fall past maxHeadersCount) are refused cleanly', async () => {
    const h = await startServer();
    const extra = 'a: b\r\n'.repeat(2000); // 12 KB: under Node's 16 KiB, over its 2,000-header count
    const { status, response } = await rawRequest(h.port, upgradeText(h.port, extra));
    // Either an HTTP error, or the connection closed without an upgrade: never a 101, never a crash.
    expect(status === undefined || status >= 400, response.slice(0, 80)).toBe(true);
    await stillServing(h.url);
  });

  it('CVE-2024-37890: 2,000 larger extra headers (over the header size) are refused cleanly', async () => {
    const h = await startServer();
    const extra = Array.from({ length: 2000 }, (_, i) => `x-extra-${i}: value\r\n`).join('');
    const { status } = await rawRequest(h.port, upgradeText(h.port, extra));
    expect(status === undefined || status >= 400).toBe(true);
    await stillServing(h.url);
  });

  it("CVE-2021-32640: Sec-WebSocket-Protocol 'b' + 32,000 spaces + 'x' is refused (Node's header limit)", async () => {
    const h = await startServer();
    const { status } = await rawRequest(h.port, upgradeText(h.port, '', `b${' '.repeat(32_000)}x`));
    expect(status === undefined || status >= 400).toBe(true);
    await stillServing(h.url);
  });

  it("CVE-2021-32640: with a raised header limit the same header reaches Parley, which refuses it with 400", async () => {
    const s = await startGuardServer({}, { maxHeaderSize: 128 * 1024 });
    const { status, response } = await rawRequest(s.port, upgradeText(s.port, '', `b${' '.repeat(32_000)}x`));
    expect(status).toBe(400);
    expect(response).toContain('protocol_header');
    await stillServing(s.url);
  });

  it('an upgrade without a key or version is refused with an HTTP error and the server keeps serving', async () => {
    const h = await startServer();
    const { status } = await rawRequest(h.port, `GET /parley HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n`);
    expect(status).toBeGreaterThanOrEqual(400);
    await stillServing(h.url);
  });
});
