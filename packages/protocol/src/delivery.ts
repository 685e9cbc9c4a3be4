/**
 * Deliveries on the wire (protocol 6.1): a published message travels as a notification named
 * after its application event, with params in the compact form `[stream, seq, from, data?]` or
 * the full form `{stream, seq, epoch, from, fromConnection?, ts?, data?}`. The full form is used
 * for the first message of an epoch (seq 1: it announces the epoch) and whenever the delivery
 * carries `fromConnection` or `ts`; everything else goes compact.
 *
 * Writing is split in two so that a store can number a message without re-encoding it: a
 * {@link DeliveryTemplate} holds the JSON of everything but the epoch and seq, encoded once, and
 * {@link joinDelivery} puts the frame together once they are known (`@parley/redis` does the same
 * join in Lua).
 *
 * @module
 */
import type { Delivery } from './envelopes/messaging.js';
import { isDeliveryMethod } from './envelopes/methods.js';

/**
 * A delivery encoded around its epoch and seq: JSON fragments, each encoded once.
 *
 * @example
 * ```ts
 * const template = deliveryTemplate({ event: 'chat.message', stream: 'all', from: 'alice', data: { text: 'hi' } });
 * template.head; // '{"jsonrpc":"2.0","method":"chat.message","params":'
 * ```
 */
export interface DeliveryTemplate {
  /** `{"jsonrpc":"2.0","method":<event>,"params":` */
  readonly head: string;
  /** The stream name, as JSON. */
  readonly stream: string;
  /** `from`, as JSON (`null` or a string). */
  readonly from: string;
  /**
   * The full form's optional members with their leading commas (`,"fromConnection":"c1","ts":5`),
   * or `''` when there are none (then every delivery but seq 1 goes compact).
   */
  readonly extra: string;
  /** The payload as JSON, or `''` when there is none. */
  readonly data: string;
}

/**
 * The template of a delivery: everything but its epoch and seq, encoded. Throws a `TypeError`
 * for a payload `JSON.stringify` cannot encode (a `BigInt`, a cycle).
 *
 * @example
 * ```ts
 * const template = deliveryTemplate({ event: 'news', stream: 'all', from: null });
 * joinDelivery(template, 'e1', 2); // '{"jsonrpc":"2.0","method":"news","params":["all",2,null]}'
 * ```
 */
export function deliveryTemplate(message: Omit<Delivery, 'epoch' | 'seq'>): DeliveryTemplate {
  let extra = '';
  if (message.fromConnection !== undefined) extra += `,"fromConnection":${JSON.stringify(message.fromConnection)}`;
  if (message.ts !== undefined) extra += `,"ts":${JSON.stringify(message.ts)}`;
  const data = message.data === undefined ? undefined : (JSON.stringify(message.data) as string | undefined);
  return {
    head: `{"jsonrpc":"2.0","method":${JSON.stringify(message.event)},"params":`,
    stream: JSON.stringify(message.stream),
    from: JSON.stringify(message.from),
    extra,
    data: data ?? '',
  };
}

/**
 * Whether a delivery at `seq` made from `template` travels in the full form: the first message of
 * an epoch always does (it announces the epoch), and so does one with `fromConnection` or `ts`.
 *
 * @example
 * ```ts
 * isFullDelivery(template, 1); // true
 * ```
 */
export function isFullDelivery(template: DeliveryTemplate, seq: number): boolean {
  return seq === 1 || template.extra !== '';
}

/**
 * The frame of a delivery: the template joined with its epoch and seq, in the form the protocol
 * asks for. The epoch is written as a JSON string.
 *
 * @example
 * ```ts
 * joinDelivery(deliveryTemplate({ event: 'chat.message', stream: 'all', from: 'alice', data: { text: 'hi' } }), 'e1', 17);
 * // '{"jsonrpc":"2.0","method":"chat.message","params":["all",17,"alice",{"text":"hi"}]}'
 * ```
 */
export function joinDelivery(template: DeliveryTemplate, epoch: string, seq: number): string {
  const { head, stream, from, extra, data } = template;
  if (!isFullDelivery(template, seq)) return `${head}[${stream},${seq},${from}${data === '' ? '' : `,${data}`}]}`;
  const payload = data === '' ? '' : `,"data":${data}`;
  return `${head}{"stream":${stream},"seq":${seq},"epoch":${JSON.stringify(epoch)},"from":${from}${extra}${payload}}}`;
}

/**
 * The frame of a delivery, encoded once to be sent as is to every recipient of its stream.
 *
 * @example
 * ```ts
 * encodeDelivery({ event: 'news', stream: 'all', epoch: 'e1', seq: 17, from: null, data: 1 });
 * // '{"jsonrpc":"2.0","method":"news","params":["all",17,null,1]}'
 * ```
 */
export function encodeDelivery(delivery: Delivery): string {
  return joinDelivery(deliveryTemplate(delivery), delivery.epoch, delivery.seq);
}

/**
 * A delivery's params as read by a receiver: the full form's members, with `epoch` left
 * `undefined` for the compact form (the receiver takes it from its position for the stream,
 * protocol 6.5).
 *
 * @example
 * ```ts
 * const read: DeliveryRead | undefined = readDelivery(['all', 17, null, { text: 'hi' }]);
 * read?.epoch; // undefined: compact
 * ```
 */
export interface DeliveryRead {
  readonly stream: string;
  readonly seq: number;
  /** The epoch (full form); `undefined` for the compact form. */
  readonly epoch: string | undefined;
  readonly from: string | null;
  readonly fromConnection: string | undefined;
  readonly ts: number | undefined;
  /** The payload; `undefined` when there is none. */
  readonly data: unknown;
}

const optional = (x: unknown, type: 'string' | 'number'): boolean => x === undefined || typeof x === type;

/**
 * Reads a delivery's params in either form, checking the types a receiver relies on (not the
 * value constraints: a receiver trusts its server that far). `undefined` when they are not a
 * delivery (an array of the wrong length, a member of the wrong type). Never throws. The full form
 * comes back as the params object itself (read its members only); the compact one in `into` when
 * given (a hot path reuses one object, read before the next call), else in a new object.
 *
 * @example
 * ```ts
 * readDelivery(['user:bob', 3, 'alice', { text: 'Lunch?' }])?.from; // 'alice'
 * readDelivery({ stream: 'all', seq: 1, epoch: 'e2', from: null })?.epoch; // 'e2'
 * readDelivery(['all', 0, null]); // undefined: seq starts at 1
 * ```
 */
export function readDelivery(params: unknown, into?: Partial<Record<keyof DeliveryRead, unknown>>): DeliveryRead | undefined {
  let read: Record<string, unknown>;
  if (Array.isArray(params)) {
    if (params.length !== 3 && params.length !== 4) return undefined;
    read = into ?? {};
    [read['stream'], read['seq'], read['from'], read['data']] = params as unknown[];
    read['epoch'] = read['fromConnection'] = read['ts'] = undefined;
  } else {
    // The full form is read as it is: its members are the ones a DeliveryRead has.
    if (typeof params !== 'object' || params === null) return undefined;
    read = params as Record<string, unknown>;
    if (typeof read['epoch'] !== 'string' || !optional(read['fromConnection'], 'string') || !optional(read['ts'], 'number')) return undefined;
  }
  const { stream, seq, from } = read;
  const valid = typeof stream === 'string' && Number.isSafeInteger(seq) && (seq as number) >= 1 && (from === null || typeof from === 'string');
  return valid ? (read as unknown as DeliveryRead) : undefined;
}

/**
 * Reads a delivery frame as a whole (what an adapter's log holds, `StreamMessage.text`): its event
 * and its params in either form; `undefined` when the text is not one delivery. Never throws.
 *
 * @example
 * ```ts
 * readDeliveryFrame('{"jsonrpc":"2.0","method":"news","params":["all",2,null,1]}')?.event; // 'news'
 * ```
 */
export function readDeliveryFrame(text: string): (DeliveryRead & { readonly event: string }) | undefined {
  let frame: unknown;
  try {
    frame = JSON.parse(text);
  } catch {
    return undefined;
  }
  const { jsonrpc, method, params } = (typeof frame === 'object' && frame !== null ? frame : {}) as Record<string, unknown>;
  if (jsonrpc !== '2.0' || typeof method !== 'string' || !isDeliveryMethod(method)) return undefined;
  const read = readDelivery(params);
  return read && { ...read, event: method };
}
