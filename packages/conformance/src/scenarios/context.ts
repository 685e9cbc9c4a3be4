/**
 * What a scenario works with: connections as distinct users, fresh topic names, and checks that
 * record mismatches into the case's report.
 *
 * @module
 */
import { DeliveryParamsSchema, ENVELOPES, validate, type BuiltinMethod, type Method } from '@parley/protocol';
import type { CaseSettings } from '../options.js';
import type { Recorder } from '../runners/recorder.js';
import { isDelivery, viewOf, type DeliveryView } from '../wire/deliveries.js';
import { isNotification } from '../wire/frames.js';
import { KitSocket, type KitConnectOptions } from '../wire/kit-socket.js';

const randomId = (): string => Math.random().toString(36).slice(2, 10);

/**
 * The toolbox of one scenario run. Users and topics are suffixed with a random run id, so runs
 * never see each other's presence or messages, even against a long-running server.
 *
 * @example
 * ```ts
 * const topic = ctx.topic('chat');
 * const alice = await ctx.connect('alice');
 * ctx.match('subscribe result', { topic, $extra: true }, await alice.call('rpc.subscribe', { topic }));
 * ```
 */
export class ScenarioContext {
  /** The random suffix of this run's users and topics. */
  readonly runId = randomId();
  private readonly sockets: KitSocket[] = [];

  /**
   * @param url - the server's WebSocket URL
   * @param settings - credentials base, timeouts
   * @param recorder - where mismatches go
   */
  constructor(
    readonly url: string,
    readonly settings: CaseSettings,
    private readonly recorder: Recorder,
  ) {}

  /** The credentials (and, under the fixture rule, the user id) of user `name` in this run. */
  credentialsOf(name: string): string {
    return `${this.settings.credentials}-${name}-${this.runId}`;
  }

  /** A topic name unique to this run. */
  topic(name: string): string {
    return `conformance.${name}.${this.runId}`;
  }

  /**
   * Opens a connection with a session as user `name` (two calls with one name are two
   * connections of the same user). Closed when the scenario ends.
   *
   * @example
   * ```ts
   * const [bob1, bob2] = [await ctx.connect('bob'), await ctx.connect('bob')];
   * ```
   */
  async connect(name: string, options: Omit<KitConnectOptions, 'credentials' | 'timeoutMs'> = {}): Promise<KitSocket> {
    const socket = await KitSocket.connect(this.url, { ...options, credentials: this.credentialsOf(name), timeoutMs: this.settings.timeoutMs });
    this.sockets.push(socket);
    return socket;
  }

  /** The welcome's `identity.userId` and `connectionId` of a connected socket. */
  who(socket: KitSocket): { userId: string; connectionId: string } {
    const welcome = socket.welcome ?? {};
    const identity = (welcome['identity'] ?? {}) as Record<string, unknown>;
    return { userId: String(identity['userId']), connectionId: String(welcome['connectionId']) };
  }

  /** Records every mismatch between `actual` and the expectation (with placeholders); see `Recorder.match`. */
  match(label: string, expected: unknown, actual: unknown): boolean {
    return this.recorder.match(label, expected, actual);
  }

  /** Records `message` unless `condition` holds. */
  check(condition: boolean, message: string): boolean {
    return this.recorder.check(condition, message);
  }

  /** Marks the scenario as not applicable to this server, with the reason. */
  skip(reason: string): void {
    this.recorder.skip(reason);
  }

  /**
   * Checks a built-in's params (notifications) or result (requests) against the protocol's schema.
   *
   * @example
   * ```ts
   * ctx.conforms('welcome', Method.Hello, socket.welcome);
   * ```
   */
  conforms(label: string, method: BuiltinMethod, value: unknown): boolean {
    const spec = ENVELOPES[method];
    const schema = spec.kind === 'request' && spec.result ? spec.result : spec.params;
    const result = validate(schema, value);
    if (!result.success) for (const issue of result.issues) this.recorder.check(false, `${label}: ${issue.path || '$'}: ${issue.message}`);
    return result.success;
  }

  /**
   * Waits the quiet time and records a mismatch for every unclaimed frame matching `predicate`.
   *
   * @example
   * ```ts
   * await ctx.silent(bob, isDelivery(), 'a delivery to a non-subscriber');
   * ```
   */
  async silent(socket: KitSocket, predicate: (frame: unknown) => boolean, what: string): Promise<void> {
    const frames = await socket.quiet(predicate, this.settings.quietMs);
    this.check(frames.length === 0, `expected no ${what}, got ${JSON.stringify(frames).slice(0, 300)}`);
  }

  /**
   * Takes the next delivery on `stream` (docs/protocol.md 6.1), checks its params against the
   * delivery schema and the form rules (seq 1 in the full form; a compact one only on a stream
   * whose epoch the connection was told, 6.3), and returns it with the epoch it belongs to.
   *
   * @example
   * ```ts
   * const first = await ctx.delivery(alice, `topic:${topic}`);
   * ```
   */
  async delivery(socket: KitSocket, stream: string, label = 'delivery'): Promise<DeliveryView> {
    const frame = (await socket.next(isDelivery(stream), `delivery on ${stream} (${label})`)) as Record<string, unknown>;
    const params = validate(DeliveryParamsSchema, frame['params']);
    if (!params.success) for (const issue of params.issues) this.check(false, `${label}: params ${issue.path || '$'}: ${issue.message}`);
    const view = viewOf(frame, socket.epochOf(frame)) ?? ({ event: String(frame['method']), stream, seq: 0, epoch: undefined, from: null, fromConnection: undefined, ts: undefined, data: undefined, form: 'compact' } as const);
    this.check(view.seq !== 1 || view.form === 'full', `${label}: seq 1 opens an epoch and must come in the full form (with the epoch), got ${JSON.stringify(frame['params']).slice(0, 200)}`);
    this.check(view.epoch !== undefined, `${label}: a compact delivery on ${stream}, whose epoch this connection was never told (6.3 rule 2)`);
    return view;
  }

  /**
   * Takes the next `rpc.presence.join` / `.leave` notice about `topic`, checks its schema and
   * fields, returns its params.
   *
   * @example
   * ```ts
   * await ctx.presenceNotice(watcher, 'rpc.presence.join', topic, bobId);
   * ```
   */
  async presenceNotice(socket: KitSocket, method: typeof Method.PresenceJoin | typeof Method.PresenceLeave, topic: string, userId: string): Promise<void> {
    const frame = (await socket.next(
      (f) => {
        const params = (f as { params?: { userId?: unknown; topic?: unknown } }).params;
        return isNotification(method)(f) && params?.userId === userId && params.topic === topic;
      },
      `${method} for ${userId}`,
    )) as { params: unknown };
    this.conforms(method, method, frame.params);
    this.match(method, { topic, userId, ts: '$number', $extra: true }, frame.params);
  }

  /** Closes every connection this context opened. */
  async closeAll(): Promise<void> {
    await Promise.all(this.sockets.splice(0).map((s) => s.close()));
  }
}
