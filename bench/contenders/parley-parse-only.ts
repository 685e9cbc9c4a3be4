/**
 * Contender 6: the `parley` contender's server (parley/server.ts) with a bare `ws` client that
 * speaks Parley's protocol by hand and does one `JSON.parse` per frame, nothing else
 * (parley/parse-only-client.ts). Against `parley`, it isolates what `@parley/client` costs in
 * the load generator.
 */
import type { ContenderModule } from '../src/contender.js';
import { connectParseOnly } from './parley/parse-only-client.js';
import { startParleyServer } from './parley/server.js';

const contender: ContenderModule = { startServer: startParleyServer, connect: connectParseOnly };

export default contender;
