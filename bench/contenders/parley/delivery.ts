/**
 * Reading a delivery out of a parsed Parley frame by hand, for the parse-only client: a
 * notification named after the application event (protocol 6.1), with params in the compact form
 * `[stream, seq, from, data]` or the full form `{"stream":..,"seq":..,"epoch":..,"from":..,"data":..}`
 * (seq 1, or with extras). An `rpc.` notification (presence, goaway, error) is not a delivery.
 */

/** A server frame as the parse-only client looks at it: whatever `JSON.parse` gave. */
export interface Frame {
  readonly id?: string | number | null;
  readonly method?: unknown;
  readonly params?: unknown;
  readonly result?: unknown;
  readonly error?: { readonly code?: unknown; readonly message?: unknown };
}

/** What the scenarios need of a delivery. */
export interface Delivery {
  /** The application event name. */
  readonly event: string;
  /** Its payload. */
  readonly data: unknown;
}

/** Position of the payload in the positional form `[stream, seq, from, data]`. */
const DATA_INDEX = 3;

/**
 * The event and payload of a delivery in either form; `undefined` when the frame is not a
 * delivery (a reply, or a built-in notification). No validation.
 *
 * @example
 * readDelivery({ method: 'bench.private', params: ['user:c1', 2, 'c0', m] }); // { event: 'bench.private', data: m }
 */
export function readDelivery(frame: Frame): Delivery | undefined {
  const { method, params } = frame;
  if (typeof method !== 'string' || typeof params !== 'object' || params === null) return undefined;
  if (method.startsWith('rpc.')) return undefined;
  return { event: method, data: Array.isArray(params) ? (params[DATA_INDEX] as unknown) : (params as { readonly data?: unknown }).data };
}
