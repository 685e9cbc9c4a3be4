/**
 * Types of the delivery API: `onRecovery` (all streams, or one topic), the per-call
 * `idempotent` option, and the server's `sessions` option.
 */
import { fixtureContract } from '@parley/protocol/vectors';
import { createParleyServer, type SessionOptions } from '@parley/server';
import { describe, expectTypeOf, it } from 'vitest';
import { createParleyClient, type RecoveryInfo, type RecoveryReason } from '../../src/index.js';

describe('delivery types', () => {
  const client = createParleyClient({ url: 'ws://x', contract: fixtureContract, autoConnect: false });

  it('onRecovery takes a listener, or a topic and a listener; both return a remover', () => {
    expectTypeOf(client.onRecovery((info) => expectTypeOf(info).toEqualTypeOf<RecoveryInfo>())).toEqualTypeOf<() => void>();
    expectTypeOf(client.onRecovery('room', (info) => expectTypeOf(info.topic).toEqualTypeOf<string | undefined>())).toEqualTypeOf<() => void>();
    // @ts-expect-error: a topic needs a listener
    client.onRecovery('room');
  });

  it('a signal names the reason and the window', () => {
    expectTypeOf<RecoveryInfo['reason']>().toEqualTypeOf<RecoveryReason | undefined>();
    expectTypeOf<RecoveryReason>().toEqualTypeOf<'window_exceeded' | 'epoch_changed' | 'unknown_session' | 'forbidden' | 'unknown_stream' | 'gap'>();
    expectTypeOf<NonNullable<RecoveryInfo['to']>>().toEqualTypeOf<{ epoch: string; seq: number }>();
  });

  it('a call can be marked non-idempotent', () => {
    expectTypeOf(client.call('fixture.echo', { value: 1 }, { idempotent: false })).resolves.toBeUnknown();
  });

  it('the server takes session bounds', () => {
    expectTypeOf(createParleyServer).parameter(0).toExtend<{ sessions?: SessionOptions } | undefined>();
    expectTypeOf<SessionOptions>().toEqualTypeOf<{
      readonly rememberMs?: number;
      readonly maxRemembered?: number;
      readonly replyCacheSize?: number;
      readonly replyCacheBytes?: number;
    }>();
  });
});
