/**
 * Deliveries as the kit sees them (docs/protocol.md 6.1): notifications named after their event,
 * in the compact or the full form. A compact delivery carries no epoch, so each connection keeps
 * what it was told of every stream's epoch, in arrival order, and places each delivery when it
 * arrives (6.3, 6.5): {@link StreamEpochs}.
 *
 * @module
 */
import { isDeliveryMethod, readDelivery, topicStream, type DeliveryRead } from '@parley/protocol';

/**
 * A delivery as a scenario reads it: the event and the params of either form, the epoch it
 * belongs to (its own or, compact, the one the connection knew) and which form it came in.
 *
 * @example
 * ```ts
 * const delivery: DeliveryView = await ctx.delivery(socket, 'topic:room:1');
 * delivery.seq; // 1
 * delivery.form; // 'full': the first message of an epoch
 * ```
 */
export interface DeliveryView extends Omit<DeliveryRead, 'epoch'> {
  /** The application event (the notification's method). */
  readonly event: string;
  /** The epoch it belongs to; `undefined` when it was compact on a stream whose epoch the connection did not know. */
  readonly epoch: string | undefined;
  /** The form it came in. */
  readonly form: 'compact' | 'full';
}

type Item = Record<string, unknown>;
const isItem = (x: unknown): x is Item => typeof x === 'object' && x !== null && !Array.isArray(x);

/**
 * Whether a frame is a delivery (any stream) or, with `stream`, a delivery on that stream.
 *
 * @example
 * ```ts
 * await ctx.silent(dave, isDelivery(), 'a delivery to a non-subscriber');
 * ```
 */
export function isDelivery(stream?: string): (frame: unknown) => boolean {
  return (frame) => {
    if (!isItem(frame) || 'id' in frame || typeof frame['method'] !== 'string' || !isDeliveryMethod(frame['method'])) return false;
    if (stream === undefined) return true;
    const params = frame['params'];
    return (Array.isArray(params) ? params[0] : isItem(params) ? params['stream'] : undefined) === stream;
  };
}

/**
 * What one connection knows of its streams' epochs, learned in the order frames go and come: the
 * positions it sends in a resume or a `since` (replays are of that epoch), the welcome's
 * `streams` and `resume`, subscribe results, and full-form deliveries.
 *
 * @example
 * ```ts
 * const epochs = new StreamEpochs();
 * epochs.sent('k1', 'rpc.subscribe', { topic: 'a' });
 * epochs.received({ jsonrpc: '2.0', id: 'k1', result: { topic: 'a', stream: 'topic:a', epoch: 'e1', seq: 0 } });
 * ```
 */
export class StreamEpochs {
  private readonly known = new Map<string, string>();
  private readonly methods = new Map<string, string>();
  private readonly placed = new WeakMap<object, string | null>();

  /** A request went out: remember its method; a resume or `since` names the epoch its replays are of. */
  sent(id: string, method: string, params: unknown): void {
    this.methods.set(id, method);
    if (!isItem(params)) return;
    const resume = params['resume'];
    if (method === 'rpc.hello' && isItem(resume) && Array.isArray(resume['streams'])) {
      for (const entry of resume['streams'] as unknown[]) if (isItem(entry)) this.learn(entry['stream'], entry['epoch']);
    }
    const since = params['since'];
    if (method === 'rpc.subscribe' && isItem(since) && typeof params['topic'] === 'string') this.learn(topicStream(params['topic']), since['epoch']);
  }

  /** A frame arrived: learn from its results and full deliveries, place its deliveries. */
  received(frame: unknown): void {
    for (const item of Array.isArray(frame) ? (frame as unknown[]) : [frame]) {
      if (!isItem(item)) continue;
      if (typeof item['method'] === 'string') {
        if (isDelivery()(item)) this.place(item);
      } else if (typeof item['id'] === 'string' && isItem(item['result'])) this.answered(this.methods.get(item['id']), item['result']);
      if (typeof item['id'] === 'string') this.methods.delete(item['id']);
    }
  }

  /** The epoch a delivery frame was placed in on arrival (`null`: it could not be placed). */
  epochOf(frame: object): string | null | undefined {
    return this.placed.get(frame);
  }

  private answered(method: string | undefined, result: Item): void {
    if (method === 'rpc.subscribe') this.learn(result['stream'], result['epoch']);
    if (method !== 'rpc.hello') return;
    for (const list of [result['resume'], result['streams']]) {
      if (Array.isArray(list)) for (const entry of list as unknown[]) if (isItem(entry)) this.learn(entry['stream'], entry['epoch']);
    }
  }

  private place(item: Item): void {
    const read = readDelivery(item['params']);
    if (!read) return;
    if (read.epoch !== undefined) this.known.set(read.stream, read.epoch);
    this.placed.set(item, this.known.get(read.stream) ?? null);
  }

  private learn(stream: unknown, epoch: unknown): void {
    if (typeof stream === 'string' && typeof epoch === 'string') this.known.set(stream, epoch);
  }
}

/**
 * A delivery frame as a {@link DeliveryView}; `undefined` when its params are not a delivery.
 *
 * @example
 * ```ts
 * viewOf(frame, socket.epochOf(frame));
 * ```
 */
export function viewOf(frame: Item, epoch: string | null | undefined): DeliveryView | undefined {
  const read = readDelivery(frame['params']);
  if (!read) return undefined;
  // Every member named, present or not: a view reads the same whichever form came.
  const { stream, seq, from, fromConnection, ts, data } = read;
  const form = read.epoch === undefined ? 'compact' : 'full';
  return { stream, seq, epoch: read.epoch ?? epoch ?? undefined, from, fromConnection, ts, data, event: String(frame['method']), form };
}
