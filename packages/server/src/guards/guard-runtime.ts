/**
 * The guards' state while the server runs: each connection's client IP, connection-counter
 * ticket, rate limiter, transport credentials and in-flight work; the server's in-flight work,
 * session expiry, metrics and drain flag (internal).
 *
 * @module
 */
import type { IncomingMessage } from 'node:http';
import { ErrorCode, parleyError } from '@parley/protocol';
import type { Connection } from '../session/connection.js';
import type { Guards } from './guard-set.js';
import type { ConnectionTicket } from './connection-limits.js';
import { extractCredentials, type TransportCredentials } from './credentials.js';
import { ExpiryScheduler } from './expiry.js';
import { InFlightTracker } from './in-flight.js';
import type { ParleyMetrics } from './metrics.js';
import type { AdvertisedRateLimit } from './rate-limit-options.js';
import type { ConnectionRateLimiter } from './rate-limiter.js';
import type { Logger } from '../util/logger.js';
import type { Admission } from '../transport/upgrade-gate.js';

/**
 * One connection's guard state (internal).
 *
 * @example
 * ```ts
 * const verdict = runtime.of(connection).limiter?.checkFrame(bytes);
 * ```
 */
export interface ConnectionGuard {
  /** The client IP. */
  readonly ip: string;
  /** Its place in the connection counters. */
  readonly ticket: ConnectionTicket | undefined;
  /** Its rate limiter (none with `rateLimit: false`). */
  readonly limiter: ConnectionRateLimiter | undefined;
  /** The token its upgrade request carried. */
  readonly transport: TransportCredentials | undefined;
  /** Its calls under way (the drain waits for them before closing it). */
  readonly inFlight: InFlightTracker;
  /** Frames waiting for an asynchronous rate-limit verdict, kept in order. */
  queue: Promise<void> | undefined;
  /** Counts `work` in {@link ConnectionGuard.inFlight} until it settles. */
  track(work: Promise<unknown>): void;
}

/** A connection's guard state; its in-flight tracker is made on first use (most connections never need one). */
class GuardState implements ConnectionGuard {
  queue: Promise<void> | undefined = undefined;
  private tracker: InFlightTracker | undefined = undefined;

  constructor(
    readonly ip: string,
    readonly ticket: ConnectionTicket | undefined,
    readonly limiter: ConnectionRateLimiter | undefined,
    readonly transport: TransportCredentials | undefined,
  ) {}

  get inFlight(): InFlightTracker {
    return (this.tracker ??= new InFlightTracker());
  }

  track(work: Promise<unknown>): void {
    const tracker = this.inFlight;
    const done = tracker.begin();
    const end = (): void => {
      done();
      // Idle again: the tracker goes (a new one is idle too), waiters were woken by `done`.
      if (tracker.count === 0 && this.tracker === tracker) this.tracker = undefined;
    };
    work.then(end, end);
  }
}

/**
 * The running guards of one server (internal).
 *
 * @example
 * ```ts
 * const runtime = new GuardRuntime(options.guards, logger, (c) => c.closeWithNotice(4419));
 * ```
 */
export class GuardRuntime {
  readonly metrics: ParleyMetrics;
  /** Every call under way in the server. */
  readonly inFlight = new InFlightTracker();
  /** Session deadlines (`expiresAt`), one timer for all. */
  readonly expiry: ExpiryScheduler<Connection>;
  /** What the welcome advertises in `limits.rateLimit`. */
  readonly advertisedRateLimit: AdvertisedRateLimit | null;
  /** Set when the drain starts: new calls are answered -32051. */
  draining = false;

  /**
   * @param guards - the resolved guards
   * @param logger - the server's logger
   * @param onExpire - closes a connection whose credentials expired
   */
  constructor(
    readonly guards: Guards,
    private readonly logger: Logger,
    onExpire: (connection: Connection) => void,
  ) {
    this.metrics = guards.metrics;
    this.expiry = new ExpiryScheduler<Connection>({ onExpire });
    this.advertisedRateLimit = guards.rateLimiter?.advertised() ?? null;
  }

  /** Sets up a newly accepted connection's guards. */
  attach(connection: Connection, admission: Admission, request: IncomingMessage): void {
    const { guards } = this;
    const ip = guards.ipKey(admission.ip);
    const limiter = guards.rateLimiter?.forConnection(ip === undefined ? { connectionId: connection.connectionId } : { connectionId: connection.connectionId, ip });
    const transport = extractCredentials({ headers: request.headers, url: request.url, cookies: connection.request.cookies }, guards.credentials);
    // The request's copy of the address when equal (one string per connection, not two).
    const address = admission.ip === connection.request.ip ? connection.request.ip : admission.ip;
    connection.guard = new GuardState(address, admission.ticket, limiter, transport);
    this.metrics.connectionOpened();
    this.logger.debug({ connectionId: connection.connectionId, url: request.url, ip: admission.ip }, 'parley: connection accepted');
  }

  /** A connection's guard state (an unguarded one for a connection that was never attached). */
  of(connection: Connection): ConnectionGuard {
    return (connection.guard ??= new GuardState(connection.request.ip, undefined, undefined, undefined));
  }

  /** Counts the connection for `userId` (hello); refuses past `maxConnectionsPerUser` with -32050 (then close 1013). */
  admitUser(connection: Connection, userId: string): void {
    const verdict = this.of(connection).ticket?.authenticate(userId);
    if (!verdict || verdict.ok) return;
    const max = this.guards.connectionLimits.options.maxConnectionsPerUser;
    this.logger.debug({ connectionId: connection.connectionId, userId, limit: verdict.limit }, 'parley: hello refused, too many connections of the user');
    throw parleyError(ErrorCode.Overloaded, { limit: verdict.limit, max });
  }

  /** The session opened: the user's rate limits apply, its expiry is scheduled. */
  opened(connection: Connection): void {
    this.of(connection).limiter?.identify(connection.identity.userId);
    this.scheduleExpiry(connection);
    this.metrics.sessionOpened();
  }

  /** (Re)schedules the connection's expiry from its identity's `expiresAt` (after hello and refresh). */
  scheduleExpiry(connection: Connection): void {
    const expiresAt = connection.identity.expiresAt;
    if (!connection.isOpen || expiresAt === undefined) this.expiry.cancel(connection);
    else this.expiry.schedule(connection, expiresAt);
  }

  /** The socket closed with `code`: gives its places back. */
  closed(connection: Connection, code: number): void {
    const state = connection.guard;
    state?.ticket?.release();
    state?.limiter?.dispose();
    this.expiry.cancel(connection);
    this.metrics.connectionClosed(code);
    this.logger.debug({ connectionId: connection.connectionId, code }, 'parley: connection closed');
  }

  /** A socket error from `ws`: a frame over `maxMessageBytes` (ws closes with 1009) counts as a size rejection. */
  socketError(error: Error): void {
    if ((error as { code?: unknown }).code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') this.metrics.sizeRejected('maxMessageBytes');
  }
}
