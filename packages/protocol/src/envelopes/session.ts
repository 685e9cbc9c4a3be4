import * as v from 'valibot';
// The position fields are written out (`epoch: EpochSchema, seq: SeqSchema`, PositionSchema's entries in
// its order) rather than spread from `PositionSchema.entries`: a spread keeps the schemas alive in bundles.
import { ConnectionIdSchema, EpochSchema, SeqSchema, StreamSchema, UserIdSchema } from './primitives.js';

/**
 * Credentials a client presents in hello or refresh: a token string or an object the
 * application's `authenticate` hook understands.
 *
 * @example
 * ```ts
 * v.is(CredentialsSchema, { token: 'abc' }); // true
 * ```
 */
export const CredentialsSchema = v.union([
  v.pipe(v.string(), v.maxLength(8192)),
  v.record(v.string(), v.unknown()),
]);

/**
 * One stream a client asks to resume: the stream and the last position it processed.
 *
 * @example
 * ```ts
 * v.is(ResumeStreamSchema, { stream: 'topic:lobby', epoch: 'e1', seq: 41 }); // true
 * ```
 */
export const ResumeStreamSchema = v.object({ stream: StreamSchema, epoch: EpochSchema, seq: SeqSchema });

/**
 * The resume request inside hello: the previous session and where each stream stopped.
 *
 * @example
 * ```ts
 * v.is(ResumeRequestSchema, { sessionId: 's1', streams: [] }); // true
 * ```
 */
export const ResumeRequestSchema = v.object({
  sessionId: v.pipe(v.string(), v.minLength(1), v.maxLength(128)),
  streams: v.pipe(v.array(ResumeStreamSchema), v.maxLength(1000)),
});

/**
 * `rpc.hello` params (optional as a whole, for credentials sent in a header or cookie): optional
 * credentials, client name and resume request.
 *
 * @example
 * ```ts
 * v.is(HelloParamsSchema, { credentials: 'token', client: 'parley-js/0.1.0' }); // true
 * ```
 */
export const HelloParamsSchema = v.optional(
  v.object({
    credentials: v.optional(CredentialsSchema),
    client: v.optional(v.pipe(v.string(), v.maxLength(100))),
    resume: v.optional(ResumeRequestSchema),
  }),
);

/**
 * Why a stream could not be resumed.
 * - `window_exceeded`: the missed messages are older than the log keeps.
 * - `epoch_changed`: the stream's numbering restarted (the log was lost).
 * - `unknown_session`: the session is unknown, expired or belongs to someone else.
 * - `forbidden`: the identity may no longer read the stream.
 * - `unknown_stream`: the stream cannot be resumed on this session (for example another connection's stream).
 *
 * @example
 * ```ts
 * v.is(ResumeFailureReasonSchema, 'window_exceeded'); // true
 * v.is(ResumeFailureReasonSchema, 'timeout');         // false
 * ```
 */
export const ResumeFailureReasonSchema = v.picklist([
  'window_exceeded',
  'epoch_changed',
  'unknown_session',
  'forbidden',
  'unknown_stream',
]);

/**
 * The outcome for one stream: recovered with the number of messages replayed, or not recovered
 * with the reason and the stream's current position (to continue from after reloading).
 *
 * @example
 * ```ts
 * v.is(ResumeResultSchema, { stream: 'user:bob', recovered: true, epoch: 'e1', seq: 50, replayed: 9 }); // true
 * ```
 */
export const ResumeResultSchema = v.variant('recovered', [
  v.object({ stream: StreamSchema, recovered: v.literal(true), epoch: EpochSchema, seq: SeqSchema, replayed: v.pipe(v.number(), v.safeInteger()) }),
  v.object({ stream: StreamSchema, recovered: v.literal(false), epoch: EpochSchema, seq: SeqSchema, reason: ResumeFailureReasonSchema }),
]);

/**
 * The identity a session runs as.
 *
 * @example
 * ```ts
 * v.is(IdentitySchema, { userId: 'alice' }); // true
 * ```
 */
export const IdentitySchema = v.object({ userId: UserIdSchema, data: v.optional(v.unknown()) });

/**
 * The limits a server advertises in its welcome.
 *
 * @example
 * ```ts
 * const l: WelcomeLimits = { maxMessageBytes: 65536, maxBatchLength: 50, maxDepth: 32, maxTopics: 100, maxPendingRequests: 64, rateLimit: null };
 * ```
 */
export const WelcomeLimitsSchema = v.object({
  maxMessageBytes: v.pipe(v.number(), v.safeInteger()),
  maxBatchLength: v.pipe(v.number(), v.safeInteger()),
  maxDepth: v.pipe(v.number(), v.safeInteger()),
  maxTopics: v.pipe(v.number(), v.safeInteger()),
  maxPendingRequests: v.pipe(v.number(), v.safeInteger()),
  rateLimit: v.nullable(v.object({ messagesPerSecond: v.number(), bytesPerSecond: v.number(), burst: v.number() })),
});

/**
 * The limits a server advertises in its welcome.
 *
 * @example
 * ```ts
 * const fits = (frame: string, limits: WelcomeLimits): boolean => utf8Length(frame) <= limits.maxMessageBytes;
 * ```
 */
export type WelcomeLimits = v.InferOutput<typeof WelcomeLimitsSchema>;

/**
 * The welcome: the `rpc.hello` result. `streams` gives the current position of the streams the
 * connection receives from the start (`all`, `user:<userId>`): their epochs, which compact
 * deliveries do not carry, and a position to resume from before anything arrived on them.
 *
 * @example
 * ```ts
 * // { protocol: 'parley.v1', connectionId: 'c1', sessionId: 's1', identity: { userId: 'alice' },
 * //   limits: {...}, heartbeat: { intervalMs: 25000, timeoutMs: 20000 }, serverTime: 1700000000000,
 * //   streams: [{ stream: 'all', epoch: 'e1', seq: 0 }, { stream: 'user:alice', epoch: 'e2', seq: 3 }] }
 * ```
 */
export const WelcomeSchema = v.object({
  protocol: v.string(),
  connectionId: ConnectionIdSchema,
  sessionId: v.pipe(v.string(), v.minLength(1), v.maxLength(128)),
  identity: IdentitySchema,
  expiresAt: v.optional(v.number()),
  limits: WelcomeLimitsSchema,
  heartbeat: v.object({ intervalMs: v.number(), timeoutMs: v.number() }),
  serverTime: v.number(),
  streams: v.array(v.object({ stream: StreamSchema, epoch: EpochSchema, seq: SeqSchema })),
  resume: v.optional(v.array(ResumeResultSchema)),
});

/**
 * `rpc.refresh` params: new credentials for the running session.
 *
 * @example
 * ```ts
 * v.is(RefreshParamsSchema, { credentials: 'new-token' }); // true
 * ```
 */
export const RefreshParamsSchema = v.object({ credentials: CredentialsSchema });

/**
 * `rpc.refresh` result: the (possibly updated) identity and its new expiry.
 *
 * @example
 * ```ts
 * v.is(RefreshResultSchema, { identity: { userId: 'alice' }, expiresAt: 1700000600000 }); // true
 * ```
 */
export const RefreshResultSchema = v.object({ identity: IdentitySchema, expiresAt: v.optional(v.number()) });

/**
 * `rpc.ping` params: none, or an empty object / array.
 *
 * @example
 * ```ts
 * v.is(PingParamsSchema, undefined); // true
 * ```
 */
export const PingParamsSchema = v.optional(v.union([v.object({}), v.tuple([])]));

/**
 * `rpc.ping` result: the server's clock in milliseconds since the epoch.
 *
 * @example
 * ```ts
 * v.is(PingResultSchema, { ts: 1700000000000 }); // true
 * ```
 */
export const PingResultSchema = v.object({ ts: v.number() });

/**
 * `rpc.goaway` params: why, and the window (ms) within which to reconnect at a random moment.
 *
 * @example
 * ```ts
 * v.is(GoAwayParamsSchema, { reason: 'restart', reconnectWindowMs: 5000 }); // true
 * ```
 */
export const GoAwayParamsSchema = v.object({
  reason: v.pipe(v.string(), v.maxLength(200)),
  reconnectWindowMs: v.pipe(v.number(), v.minValue(0)),
});

/**
 * `rpc.error` params: a JSON-RPC error object for a connection-level error not tied to a request.
 *
 * @example
 * ```ts
 * v.is(ErrorParamsSchema, { code: -32001, message: 'Unauthorized' }); // true
 * ```
 */
export const ErrorParamsSchema = v.object({
  code: v.pipe(v.number(), v.integer()),
  message: v.string(),
  data: v.optional(v.unknown()),
});
