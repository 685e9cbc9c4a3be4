import { CloseCode, ErrorCode } from '@parley/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import type { Credentials } from '../../src/index.js';
import { client, closeClients } from '../helpers/clients.js';
import { closeRawServers, startRawServer } from '../helpers/raw-server.js';
import { contract, startServer, stopAll } from '../helpers/server.js';
import { pause, waitForState, waitUntil } from '../helpers/wait.js';

afterEach(async () => {
  await closeClients();
  await stopAll();
  await closeRawServers();
});

/** An auth() that hands out the given credentials in turn (the last one forever) and counts calls. */
function tokens(...list: Credentials[]): (() => Credentials) & { calls: number } {
  const auth = Object.assign(
    () => {
      const credentials = list[Math.min(auth.calls, list.length - 1)]!;
      auth.calls += 1;
      return credentials;
    },
    { calls: 0 },
  );
  return auth;
}

describe('auth', () => {
  it('calls auth() before every (re)connect and sends its credentials in hello', async () => {
    const first = await startServer();
    const auth = tokens('alice');
    const c = client({ url: first.url, contract, auth, reconnect: { baseMs: 20 } });
    await c.connect();
    expect(c.session?.identity).toEqual({ userId: 'alice' });
    expect(auth.calls).toBe(1);
    await first.stop();
    await startServer({}, first.port);
    await waitUntil(() => c.changes.filter((change) => change.state === 'open').length === 2, 10_000, 'reopen');
    expect(auth.calls).toBeGreaterThanOrEqual(2);
  });

  it('accepts an async auth()', async () => {
    const server = await startServer();
    const c = client({ url: server.url, contract, auth: async () => Promise.resolve({ userId: 'async' }) });
    await c.connect();
    expect(c.session?.identity.userId).toBe('async');
  });

  it('after an unauthorized refusal, calls auth() once more and recovers with its new credentials', async () => {
    const server = await startServer();
    const auth = tokens('reject-stale', 'carol');
    const c = client({ url: server.url, contract, auth });
    await c.connect();
    expect(c.session?.identity.userId).toBe('carol');
    expect(auth.calls).toBe(2);
    expect(c.changes.map((change) => change.state)).toEqual(['connecting', 'reconnecting', 'open']);
    expect(c.changes[1]).toMatchObject({ closeCode: CloseCode.Unauthorized, delayMs: 0, error: { code: ErrorCode.Unauthorized } });
  });

  it('refused twice in a row: state unauthorized, no retry loop, queued work fails with Unauthorized', async () => {
    const server = await startServer();
    const auth = tokens('reject');
    const c = client({ url: server.url, contract, auth, autoConnect: false });
    const queued = c.call('fixture.echo', { value: 1 });
    await expect(c.connect()).rejects.toMatchObject({ code: ErrorCode.Unauthorized, data: { closeCode: 4401 } });
    await expect(queued).rejects.toMatchObject({ code: ErrorCode.Unauthorized });
    expect(c.state).toBe('unauthorized');
    expect(c.changes.map((change) => change.state)).toEqual(['connecting', 'reconnecting', 'unauthorized']);
    await pause(200);
    expect(auth.calls).toBe(2);
    expect(c.state).toBe('unauthorized');
    await expect(c.call('fixture.echo', { value: 1 })).rejects.toMatchObject({ code: ErrorCode.ConnectionClosed, data: { state: 'unauthorized' } });
  });

  it('connect() after unauthorized starts over (for example after the user logged in again)', async () => {
    const server = await startServer();
    const auth = tokens('reject', 'reject', 'dave');
    const c = client({ url: server.url, contract, auth });
    await waitForState(c, 'unauthorized');
    await c.connect();
    expect(c.session?.identity.userId).toBe('dave');
  });

  it('an auth() that throws is reported and retried with backoff', async () => {
    const server = await startServer();
    let calls = 0;
    const c = client({
      url: server.url,
      contract,
      reconnect: { baseMs: 10 },
      auth: () => {
        calls += 1;
        if (calls === 1) throw new Error('token endpoint down');
        return 'erin';
      },
    });
    await c.connect();
    expect(c.session?.identity.userId).toBe('erin');
    expect(c.errors[0]).toMatchObject({ code: ErrorCode.InternalError, message: 'auth() failed', data: { cause: 'token endpoint down' } });
    expect(c.changes.map((change) => change.state)).toEqual(['connecting', 'reconnecting', 'open']);
  });

  it('refresh() replaces the credentials in-session: same connection, new identity data and expiry', async () => {
    const server = await startServer();
    const c = client({ url: server.url, contract, auth: () => ({ userId: 'frank', data: { v: 1 } }) });
    await c.connect();
    const connectionId = c.session!.connectionId;
    const result = await c.refresh({ userId: 'frank', data: { v: 2 }, ttlMs: 60_000 });
    expect(result).toEqual({ identity: { userId: 'frank', data: { v: 2 } }, expiresAt: expect.any(Number) });
    expect(c.session).toMatchObject({ connectionId, identity: { userId: 'frank', data: { v: 2 } }, expiresAt: result.expiresAt });
    // Without credentials, refresh() asks auth().
    const again = await c.refresh();
    expect(again.identity).toEqual({ userId: 'frank', data: { v: 1 } });
    expect(c.session?.expiresAt).toBeUndefined();
    await expect(c.refresh('reject')).rejects.toMatchObject({ code: ErrorCode.Unauthorized });
    await expect(c.refresh('someone-else')).rejects.toMatchObject({ code: ErrorCode.Forbidden });
    expect(c.changes.map((change) => change.state)).toEqual(['connecting', 'open']);
  });

  it('expired credentials (4419) reconnect with fresh ones from auth()', async () => {
    // The server's expiry guard closes with 4419; a raw server does the same at a chosen moment.
    const raw = await startRawServer({ onSocket: (socket, index) => index === 0 && socket.close(CloseCode.CredentialsExpired, 'credentials expired') });
    const auth = tokens('old-token', 'new-token');
    const c = client({ url: raw.url, contract, auth, reconnect: { baseMs: 10 } });
    await c.connect();
    await waitUntil(() => raw.hellos.length === 2, 5000, 'second hello');
    await waitForState(c, 'open');
    expect(c.changes.find((change) => change.state === 'reconnecting')).toMatchObject({ closeCode: CloseCode.CredentialsExpired });
    expect(raw.hellos.map((hello: any) => hello.params.credentials)).toEqual(['old-token', 'new-token']);
    expect(raw.hellos.map((hello: any) => hello.params.client)).toEqual(['parley-js/0.1.0', 'parley-js/0.1.0']);
  });
});
