/**
 * Sessions remembered cluster-wide, so a client can resume on another node after its own died
 * (internal). The server calls `rememberSession` when a session opens and again when its
 * connection closes; a session is kept in Redis (`<prefix>s:<sessionId>` = user id) for its
 * `ttlMs` after the last call, and this node renews the sessions it holds open (every `ttlMs / 3`,
 * from the heartbeat), so a session stays findable while its node lives and for `ttlMs` after its
 * connection closed or its node died.
 *
 * @module
 */
import type { SessionRef } from '@parley/server';
import type { Send } from './lua.js';

interface Held {
  readonly ttlMs: number;
  calls: number;
  renewedAt: number;
}

/**
 * This node's view of the cluster's sessions.
 *
 * @example
 * ```ts
 * const sessions = new SessionDirectory('parley:', send);
 * await sessions.remember({ sessionId: 's1', userId: 'alice' }, 120_000);
 * await sessions.find('s1'); // { sessionId: 's1', userId: 'alice' }
 * ```
 */
export class SessionDirectory {
  private readonly held = new Map<string, Held>();

  constructor(
    private readonly prefix: string,
    private readonly send: Send,
  ) {}

  /** Opened (odd call) or closed (even call): keeps the session for `ttlMs` from now. */
  async remember(session: SessionRef, ttlMs: number): Promise<void> {
    const held = this.held.get(session.sessionId);
    const calls = (held?.calls ?? 0) + 1;
    if (calls % 2 === 1) this.held.set(session.sessionId, { ttlMs, calls, renewedAt: Date.now() });
    else this.held.delete(session.sessionId);
    await this.send(['SET', this.key(session.sessionId), session.userId, 'PX', String(Math.max(1, Math.ceil(ttlMs)))]);
  }

  /** The session, if remembered anywhere. */
  async find(sessionId: string): Promise<SessionRef | undefined> {
    const userId = await this.send(['GET', this.key(sessionId)]);
    return typeof userId === 'string' ? { sessionId, userId } : undefined;
  }

  /** Renews the sessions held open here that are due. */
  async renew(now: number): Promise<void> {
    const due: Promise<unknown>[] = [];
    for (const [sessionId, held] of this.held) {
      if (now - held.renewedAt < held.ttlMs / 3) continue;
      held.renewedAt = now;
      due.push(this.send(['PEXPIRE', this.key(sessionId), String(Math.max(1, Math.ceil(held.ttlMs)))]));
    }
    await Promise.all(due);
  }

  private key(sessionId: string): string {
    return `${this.prefix}s:${sessionId}`;
  }
}
