import * as v from 'valibot';

/**
 * The prefix JSON-RPC 2.0 reserves for extensions; every Parley built-in method uses it.
 *
 * @example
 * ```ts
 * Method.Hello.startsWith(RESERVED_PREFIX);     // true
 * v.is(NameSchema, `${RESERVED_PREFIX}custom`); // false: applications may not use it
 * ```
 */
export const RESERVED_PREFIX = 'rpc.';

/**
 * A topic name: 1-200 characters from `A-Z a-z 0-9 _ . : @ / -`.
 *
 * @example
 * ```ts
 * v.is(TopicSchema, 'room:lobby'); // true
 * ```
 */
export const TopicSchema = v.pipe(v.string(), v.regex(/^[\w.:@/-]{1,200}$/, 'Invalid topic name'));

/**
 * An application event or method name: starts with a letter, then up to 127 characters from
 * `A-Z a-z 0-9 _ . : -`, and never in the reserved `rpc.` namespace.
 *
 * @example
 * ```ts
 * v.is(NameSchema, 'chat.message'); // true
 * v.is(NameSchema, 'rpc.hello');    // false
 * ```
 */
export const NameSchema = v.pipe(
  v.string(),
  v.regex(/^[A-Za-z][\w.:-]{0,127}$/, 'Invalid name'),
  v.check((name) => !name.startsWith(RESERVED_PREFIX), 'The rpc. namespace is reserved'),
);

/**
 * A user id as the server's authentication assigned it: 1-256 characters.
 *
 * @example
 * ```ts
 * v.is(UserIdSchema, 'alice'); // true
 * ```
 */
export const UserIdSchema = v.pipe(
  v.string(),
  v.minLength(1),
  v.maxLength(256),
  // Matching control characters is the point of this pattern.
  // eslint-disable-next-line no-control-regex
  v.regex(/^[^\u0000-\u001f\u007f\u2028\u2029]+$/, 'User ids may not contain control characters'),
);

/**
 * A connection id assigned by the server: 1-64 characters.
 *
 * @example
 * ```ts
 * v.is(ConnectionIdSchema, 'c_8f3a'); // true
 * ```
 */
export const ConnectionIdSchema = v.pipe(v.string(), v.minLength(1), v.maxLength(64));

/**
 * A stream's epoch: an opaque 1-64 character string that changes whenever the stream's
 * sequence numbering restarts.
 *
 * @example
 * ```ts
 * v.is(EpochSchema, 'e9c1'); // true
 * ```
 */
export const EpochSchema = v.pipe(v.string(), v.minLength(1), v.maxLength(64));

/**
 * A sequence number: a non-negative safe integer. The first message of an epoch has seq 1; seq
 * 0 means "nothing yet".
 *
 * @example
 * ```ts
 * v.is(SeqSchema, 42); // true
 * ```
 */
export const SeqSchema = v.pipe(v.number(), v.safeInteger(), v.minValue(0));

/**
 * A stream name: `all`, `topic:<topic>`, `user:<userId>` or `conn:<connectionId>`.
 *
 * @example
 * ```ts
 * v.is(StreamSchema, 'topic:room:1'); // true
 * ```
 */
export const StreamSchema = v.pipe(
  v.string(),
  v.maxLength(300),
  v.regex(/^(?:all|topic:.+|user:.+|conn:.+)$/, 'Invalid stream name'),
);

/**
 * The sender of a delivered message: the sending user's id, or `null` for the server itself.
 *
 * @example
 * ```ts
 * v.is(SenderSchema, 'alice'); // true
 * v.is(SenderSchema, null);    // true: the server application sent it
 * ```
 */
export const SenderSchema = v.nullable(UserIdSchema);

/**
 * The target of a private message: every connection of a user, or one connection (exactly one
 * of the two fields).
 *
 * @example
 * ```ts
 * v.is(RecipientSchema, { userId: 'bob' }); // true
 * ```
 */
export const RecipientSchema = v.union([
  v.strictObject({ userId: UserIdSchema }),
  v.strictObject({ connectionId: ConnectionIdSchema }),
]);

/**
 * A stream's position: the epoch and the last sequence number processed.
 *
 * @example
 * ```ts
 * const last: StreamPosition = { epoch: 'e1', seq: 41 };
 * ```
 */
export type StreamPosition = v.InferOutput<typeof PositionSchema>;

/**
 * Schema of a stream position `{ epoch, seq }`.
 *
 * @example
 * ```ts
 * v.is(PositionSchema, { epoch: 'e1', seq: 10 }); // true
 * ```
 */
export const PositionSchema = v.object({ epoch: EpochSchema, seq: SeqSchema });
