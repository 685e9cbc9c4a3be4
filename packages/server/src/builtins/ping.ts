/**
 * `rpc.ping`: answered with the server's clock (browsers cannot send WebSocket pings, so this is
 * their liveness check); as a notification it only counts as a sign of life (internal).
 *
 * @module
 */
import { ENVELOPES, Method } from '@parley/protocol';
import { builtin } from './spec.js';

/** The `rpc.ping` built-in (internal). */
export const ping = builtin<unknown>(ENVELOPES[Method.Ping].params, () => ({ ts: Date.now() }));
