/**
 * Connection counters: total, per IP, per user, and sockets that have not said hello yet.
 * Every admitted socket holds a ticket; releasing it (any number of times) gives its places back,
 * so the counters cannot leak.
 *
 * Where each limit bites:
 * - total, per IP, unauthenticated: at the HTTP upgrade, refused with **HTTP 503** (nothing is
 *   allocated for the socket).
 * - per user: after hello, when the user id is known; the connection gets its error reply and is
 *   closed with **1013** (`CloseCode.TryAgainLater`, retryable with backoff).
 *
 * @module
 */

/**
 * Options of the connection counters (`connectionLimits` in the server options).
 *
 * @example
 * ```ts
 * const connectionLimits: ConnectionLimitsOptions = { maxConnections: 50_000, maxConnectionsPerUser: 5 };
 * ```
 */
export interface ConnectionLimitsOptions {
  /** Open connections in this process. Default 10,000. */
  readonly maxConnections?: number;
  /** Open connections from one IP. Default 100. */
  readonly maxConnectionsPerIp?: number;
  /** Open connections of one user (tabs and devices). Default 20. */
  readonly maxConnectionsPerUser?: number;
  /** Sockets between upgrade and a successful hello. Default 1,000. */
  readonly maxUnauthenticated?: number;
}

/**
 * Default {@link ConnectionLimitsOptions}.
 *
 * @example
 * ```ts
 * DEFAULT_CONNECTION_LIMITS.maxConnectionsPerIp; // 100
 * ```
 */
export const DEFAULT_CONNECTION_LIMITS: Required<ConnectionLimitsOptions> = {
  maxConnections: 10_000,
  maxConnectionsPerIp: 100,
  maxConnectionsPerUser: 20,
  maxUnauthenticated: 1_000,
};

/**
 * Which counter refused.
 *
 * @example
 * ```ts
 * const limit: ConnectionLimitName = 'maxConnectionsPerIp';
 * ```
 */
export type ConnectionLimitName = keyof ConnectionLimitsOptions;

/**
 * A socket's hold on the counters, from {@link ConnectionLimits.admit}.
 *
 * @example
 * ```ts
 * const verdict = limits.admit(ip);
 * if (verdict.ok) socket.once('close', () => verdict.ticket.release());
 * ```
 */
export interface ConnectionTicket {
  /** The user the ticket counts for, once {@link ConnectionTicket.authenticate} succeeded. */
  readonly userId: string | undefined;
  /** Whether the ticket was released. */
  readonly released: boolean;
  /**
   * Moves the socket from "unauthenticated" to `userId`. Refused past `maxConnectionsPerUser`
   * (close 1013); the ticket is unchanged then, still to be released.
   */
  authenticate(userId: string): AuthenticateVerdict;
  /** Gives every place back. Idempotent. */
  release(): void;
}

/**
 * The verdict at the upgrade: a ticket, or HTTP 503 naming the limit.
 *
 * @example
 * ```ts
 * const v: AdmitVerdict = { ok: false, status: 503, limit: 'maxConnections' };
 * ```
 */
export type AdmitVerdict =
  | { readonly ok: true; readonly ticket: ConnectionTicket }
  | { readonly ok: false; readonly status: 503; readonly limit: 'maxConnections' | 'maxConnectionsPerIp' | 'maxUnauthenticated' };

/**
 * The verdict after hello: accepted, or close 1013 (`CloseCode.TryAgainLater`).
 *
 * @example
 * ```ts
 * const v: AuthenticateVerdict = { ok: false, closeCode: 1013, limit: 'maxConnectionsPerUser' };
 * ```
 */
export type AuthenticateVerdict = { readonly ok: true } | { readonly ok: false; readonly closeCode: 1013; readonly limit: 'maxConnectionsPerUser' };

function increment(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

function decrement(map: Map<string, number>, key: string): void {
  const n = (map.get(key) ?? 0) - 1;
  if (n > 0) map.set(key, n);
  else map.delete(key); // never keep zeros: memory follows open connections only
}

/** The counters a {@link ConnectionLimits} and its tickets share (internal). */
class Counters {
  total = 0;
  unauthenticated = 0;
  readonly byIp = new Map<string, number>();
  readonly byUser = new Map<string, number>();

  constructor(readonly options: Required<ConnectionLimitsOptions>) {}
}

/**
 * A ticket: a few fields, its methods on the prototype (no closures per connection).
 * State lives in private fields, read through getters, so holders cannot write it.
 */
class Ticket implements ConnectionTicket {
  readonly #counters: Counters;
  readonly #ip: string | undefined;
  #userId: string | undefined = undefined;
  #released = false;

  constructor(counters: Counters, ip: string | undefined) {
    this.#counters = counters;
    this.#ip = ip;
  }

  get userId(): string | undefined {
    return this.#userId;
  }

  get released(): boolean {
    return this.#released;
  }

  authenticate(id: string): AuthenticateVerdict {
    if (this.#released || this.#userId === id) return { ok: true };
    const counters = this.#counters;
    if ((counters.byUser.get(id) ?? 0) >= counters.options.maxConnectionsPerUser) {
      return { ok: false, closeCode: 1013, limit: 'maxConnectionsPerUser' };
    }
    if (this.#userId === undefined) counters.unauthenticated--;
    else decrement(counters.byUser, this.#userId);
    this.#userId = id;
    increment(counters.byUser, id);
    return { ok: true };
  }

  release(): void {
    if (this.#released) return;
    this.#released = true;
    const counters = this.#counters;
    counters.total--;
    if (this.#ip !== undefined) decrement(counters.byIp, this.#ip);
    if (this.#userId === undefined) counters.unauthenticated--;
    else decrement(counters.byUser, this.#userId);
  }
}

/**
 * The connection counters of one server process.
 *
 * @example
 * ```ts
 * const limits = new ConnectionLimits({ maxConnectionsPerIp: 50 });
 * const admitted = limits.admit('203.0.113.9');
 * if (!admitted.ok) return rejectUpgrade(socket, 503);
 * // after hello:
 * const auth = admitted.ticket.authenticate('alice');
 * if (!auth.ok) ws.close(auth.closeCode);
 * ```
 */
export class ConnectionLimits {
  /** The limits in force. */
  readonly options: Required<ConnectionLimitsOptions>;
  readonly #counters: Counters;

  /** @param options - limits; each merges over {@link DEFAULT_CONNECTION_LIMITS} */
  constructor(options: ConnectionLimitsOptions = {}) {
    const merged = { ...DEFAULT_CONNECTION_LIMITS };
    for (const key of Object.keys(DEFAULT_CONNECTION_LIMITS) as ConnectionLimitName[]) {
      const value = options[key] ?? merged[key];
      if (!(value >= 0)) throw new RangeError(`connectionLimits.${key} must be >= 0 (Infinity for none), got ${String(value)}`);
      merged[key] = value;
    }
    this.options = merged;
    this.#counters = new Counters(merged);
  }

  /** Counts now: open connections, unauthenticated ones, and distinct IPs and users. */
  get counts(): { readonly total: number; readonly unauthenticated: number; readonly ips: number; readonly users: number } {
    const c = this.#counters;
    return { total: c.total, unauthenticated: c.unauthenticated, ips: c.byIp.size, users: c.byUser.size };
  }

  /**
   * Open connections of one IP or user.
   *
   * @example
   * ```ts
   * limits.countOf({ userId: 'alice' }); // 2
   * ```
   */
  countOf(who: { readonly ip: string } | { readonly userId: string }): number {
    const c = this.#counters;
    return ('ip' in who ? c.byIp.get(who.ip) : c.byUser.get(who.userId)) ?? 0;
  }

  /**
   * Admits a new socket from `ip` as unauthenticated, or refuses it (HTTP 503). With `ip`
   * `undefined` the socket is not counted per IP (an address exempt from per-IP limits).
   *
   * @example
   * ```ts
   * const verdict = limits.admit(req.socket.remoteAddress ?? 'unknown');
   * ```
   */
  admit(ip: string | undefined): AdmitVerdict {
    const o = this.options;
    const c = this.#counters;
    if (c.total >= o.maxConnections) return { ok: false, status: 503, limit: 'maxConnections' };
    if (ip !== undefined && (c.byIp.get(ip) ?? 0) >= o.maxConnectionsPerIp) return { ok: false, status: 503, limit: 'maxConnectionsPerIp' };
    if (c.unauthenticated >= o.maxUnauthenticated) return { ok: false, status: 503, limit: 'maxUnauthenticated' };
    c.total++;
    c.unauthenticated++;
    if (ip !== undefined) increment(c.byIp, ip);
    return { ok: true, ticket: new Ticket(c, ip) };
  }
}
