/**
 * The `parley-parse-only` client: a bare `ws` socket that speaks the minimum of Parley's protocol
 * by hand (hello, subscribe, broadcast, private, one application method) and, for every frame
 * received, does one `JSON.parse` and picks out what the scenario needs: no validation, no
 * dedupe, no position tracking, no heartbeat check. The only flow control is the send window the
 * protocol requires (send-window.ts). Its cost in the load generator is the floor `@parley/client`
 * is compared with.
 */
import WebSocket from 'ws';
import { ROOM, type BenchClient, type BenchMessage, type ClientOptions, type EchoParams } from '../../src/contender.js';
import { whenOpen } from '../ws/open.js';
import { readDelivery, type Frame } from './delivery.js';
import { SendWindow } from './send-window.js';

/** Offered subprotocols, newest version first, then the negotiation-only token. */
const PROTOCOLS = ['parley.v1', 'parley'];
const VERSION = 'parley.v1';
const BROADCAST = 'bench.broadcast';
const PRIVATE = 'bench.private';

type RequestId = string | number;

interface Waiter {
  readonly resolve: (result: unknown) => void;
  readonly reject: (error: Error) => void;
}

/** What this client reads of the welcome. */
interface Welcome {
  readonly limits: { readonly maxPendingRequests: number };
}

const describe = (error: Frame['error']): string => `${String(error?.code)} ${String(error?.message)}`;

/** Connects, says hello with `{ id }` as credentials, and resolves after the welcome. */
export async function connectParseOnly(options: ClientOptions): Promise<BenchClient> {
  const { id, events } = options;
  const ws = new WebSocket(options.url, PROTOCOLS, { perMessageDeflate: false });
  const waiting = new Map<RequestId, Waiter>();
  let nextId = 0;
  const fail = (what: string): void => events.onError(new Error(`client ${id}: ${what}`));

  const window = new SendWindow((text) => {
    if (ws.readyState === WebSocket.OPEN) ws.send(text);
    else fail(`send while ${ws.readyState}`);
  });
  const send = (requestId: RequestId, method: string, params: unknown): void =>
    window.submit(JSON.stringify({ jsonrpc: '2.0', id: requestId, method, params }));
  const call = (method: string, params: unknown, requestId: RequestId = nextId++): Promise<unknown> =>
    new Promise((resolve, reject) => {
      waiting.set(requestId, { resolve, reject });
      send(requestId, method, params);
    });

  const reply = (requestId: RequestId | null, frame: Frame): void => {
    if (requestId === null) return fail(`error without a request: ${describe(frame.error)}`);
    window.replied();
    const waiter = waiting.get(requestId);
    if (waiter === undefined) {
      // The acknowledgement of a broadcast or private message: only an error matters.
      if (frame.error !== undefined) fail(`request ${requestId} failed: ${describe(frame.error)}`);
      return;
    }
    waiting.delete(requestId);
    if (frame.error === undefined) waiter.resolve(frame.result);
    else waiter.reject(new Error(`client ${id}: ${describe(frame.error)}`));
  };

  ws.on('message', (raw) => {
    let frame: Frame;
    try {
      frame = JSON.parse((raw as Buffer).toString()) as Frame;
    } catch {
      return fail('malformed frame');
    }
    if (frame.id !== undefined) return reply(frame.id, frame);
    const delivery = readDelivery(frame);
    if (delivery === undefined) {
      if (frame.method === 'rpc.error') fail(`rpc.error ${describe(frame.params as Frame['error'])}`);
      return; // presence and the like: not the scenario's business
    }
    if (delivery.event === BROADCAST) events.onBroadcast(delivery.data as BenchMessage);
    else if (delivery.event === PRIVATE) events.onPrivate(delivery.data as BenchMessage);
    else fail(`unexpected event ${delivery.event}`);
  });
  ws.on('close', (code) => {
    for (const waiter of waiting.values()) waiter.reject(new Error(`client ${id}: closed with ${code}`));
    waiting.clear();
  });

  await whenOpen(ws, events);
  if (ws.protocol !== VERSION) {
    ws.close();
    throw new Error(`client ${id}: the server selected subprotocol "${ws.protocol}"`);
  }
  const welcome = (await call('rpc.hello', { credentials: { id } }, 'h')) as Welcome;
  window.open(welcome.limits.maxPendingRequests);
  return {
    id,
    join: async () => {
      await call('rpc.subscribe', { topic: ROOM });
    },
    broadcast: (m) => send(nextId++, 'rpc.broadcast', { topic: ROOM, event: BROADCAST, data: m }),
    sendPrivate: (to, m) => send(nextId++, 'rpc.private', { to: { userId: to }, event: PRIVATE, data: m }),
    echo: (p) => call('bench.echo', p) as Promise<EchoParams>,
    close: () => ws.close(),
  };
}
