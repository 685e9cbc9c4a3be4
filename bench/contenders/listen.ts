/** Starting a contender's HTTP server on the scenario's host and port (shared by every contender). */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ServerOptions } from '../src/contender.js';

/** Listens on `options.host`:`options.port` and resolves with the port bound (the given one, or the one picked for 0). */
export async function listenOn(http: Server, options: ServerOptions): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port, options.host, () => resolve());
  });
  return (http.address() as AddressInfo).port;
}
