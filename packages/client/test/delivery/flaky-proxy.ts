/**
 * A TCP proxy that cuts connections at random points (seeded): each connection may carry a
 * random number of bytes (both directions together), then the proxy forwards the part of the
 * chunk that fits, mid-frame or not, and destroys both sides. It can also refuse new
 * connections for a while (an outage), and cut everything at once.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { seeded } from '../helpers/random.js';

export interface FlakyOptions {
  /** Seed of the cut points. */
  readonly seed: number;
  /** Fewest bytes a connection carries before its cut. */
  readonly minBytes: number;
  /** Most bytes a connection carries before its cut. */
  readonly maxBytes: number;
  /** Stop cutting after this many cuts. */
  readonly maxCuts: number;
}

export interface FlakyProxy {
  readonly port: number;
  /** Connections cut so far (random cuts and `cutAll`). */
  readonly cuts: number;
  /** Connections accepted so far. */
  readonly accepted: number;
  /** Turns the random cuts on or off (for connections made from now on, and those open). */
  flapping(on: boolean): void;
  /** Destroys every open connection now. */
  cutAll(): void;
  /** Refuses (destroys at once) new connections until `resume()`. */
  pause(): void;
  resume(): void;
  close(): Promise<void>;
}

interface Pair {
  readonly client: Socket;
  readonly upstream: Socket;
  budget: number;
}

/** Starts a flaky proxy to 127.0.0.1:`targetPort`. */
export async function startFlakyProxy(targetPort: number, options: FlakyOptions): Promise<FlakyProxy> {
  const random = seeded(options.seed);
  const pairs = new Set<Pair>();
  let cuts = 0;
  let accepted = 0;
  let on = true;
  let paused = false;
  const budget = (): number => options.minBytes + Math.floor(random() * (options.maxBytes - options.minBytes));

  const end = (pair: Pair): void => {
    if (!pairs.delete(pair)) return;
    pair.client.destroy();
    pair.upstream.destroy();
  };
  const forward = (pair: Pair, to: Socket, chunk: Buffer): void => {
    if (!pairs.has(pair)) return;
    if (!on || cuts >= options.maxCuts) {
      to.write(chunk);
      return;
    }
    if (chunk.length < pair.budget) {
      pair.budget -= chunk.length;
      to.write(chunk);
      return;
    }
    to.write(chunk.subarray(0, pair.budget));
    cuts += 1;
    // Let the prefix go out, then drop both sides (FIN/RST; no close frame).
    pairs.delete(pair);
    pair.client.pause();
    pair.upstream.pause();
    setImmediate(() => {
      pair.client.destroy();
      pair.upstream.destroy();
    });
  };

  const server: Server = createServer((client) => {
    client.on('error', () => undefined);
    if (paused) {
      client.destroy();
      return;
    }
    accepted += 1;
    const upstream = connect(targetPort, '127.0.0.1');
    upstream.on('error', () => undefined);
    const pair: Pair = { client, upstream, budget: budget() };
    pairs.add(pair);
    client.on('data', (chunk: Buffer) => forward(pair, upstream, chunk));
    upstream.on('data', (chunk: Buffer) => forward(pair, client, chunk));
    client.on('close', () => end(pair));
    upstream.on('close', () => end(pair));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    get cuts() {
      return cuts;
    },
    get accepted() {
      return accepted;
    },
    flapping: (value) => {
      on = value;
    },
    cutAll: () => {
      for (const pair of [...pairs]) {
        cuts += 1;
        end(pair);
      }
    },
    pause: () => {
      paused = true;
    },
    resume: () => {
      paused = false;
    },
    close: async () => {
      for (const pair of [...pairs]) end(pair);
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
