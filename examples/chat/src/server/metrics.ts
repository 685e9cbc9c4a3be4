/**
 * The chat's own metrics, in the same registry as Parley's and the process's.
 *
 * @module
 */
import type * as PromClient from 'prom-client';

/**
 * Application counters next to Parley's `parley_*` metrics.
 *
 * @example
 * ```ts
 * metrics.logins.inc();
 * metrics.messages.inc({ kind: 'room' });
 * ```
 */
export interface ChatMetrics {
  /** Tokens issued by `/login`. */
  readonly logins: PromClient.Counter;
  /** Messages posted, by `kind` (`room` or `direct`). */
  readonly messages: PromClient.Counter<'kind'>;
}

/**
 * Registers the chat's counters.
 *
 * @example
 * ```ts
 * const metrics = chatMetrics(promClient, registry);
 * ```
 */
export function chatMetrics(client: typeof PromClient, registry: PromClient.Registry): ChatMetrics {
  return {
    logins: new client.Counter({ name: 'chat_logins_total', help: 'Demo tokens issued by /login', registers: [registry] }),
    messages: new client.Counter({
      name: 'chat_messages_total',
      help: 'Chat messages posted, by kind (room or direct)',
      labelNames: ['kind'],
      registers: [registry],
    }),
  };
}
