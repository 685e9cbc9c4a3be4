/**
 * `chat.history` reads the adapter's log, which is all-or-nothing per read: it must still return
 * the latest messages when the oldest ones asked for already left the window.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryAdapter, type AdapterNode } from '@parley/server';
import { recentMessages } from '../src/server/history.js';

const node: AdapterNode = {
  deliver: () => undefined,
  presenceChanged: () => undefined,
  disconnectUser: () => undefined,
  hasRecipients: () => false,
  hasConnection: () => false,
};

describe('recentMessages', () => {
  let adapter: MemoryAdapter | undefined;
  afterEach(() => {
    adapter?.close();
  });

  function publish(count: number, historySize: number): MemoryAdapter {
    adapter = new MemoryAdapter({ historySize });
    adapter.init(node);
    for (let i = 1; i <= count; i++) {
      adapter.publish({ stream: 'topic:room:lobby', id: `m${i}`, ts: Date.now(), from: null, topic: 'room:lobby', event: 'chat.message' });
    }
    return adapter;
  }

  const ids = (messages: readonly { delivery: { id: string } }[]): string[] => messages.map((m) => m.delivery.id);

  it('returns the last `limit` messages when the log holds them', async () => {
    const log = publish(30, 100);
    expect(ids(await recentMessages(log, 'topic:room:lobby', 5))).toEqual(['m26', 'm27', 'm28', 'm29', 'm30']);
  });

  it('returns what the log still holds when the window is smaller than the limit', async () => {
    const log = publish(30, 7);
    expect(ids(await recentMessages(log, 'topic:room:lobby', 20))).toEqual(['m24', 'm25', 'm26', 'm27', 'm28', 'm29', 'm30']);
  });

  it('returns nothing for a stream without messages', async () => {
    const log = publish(0, 10);
    expect(await recentMessages(log, 'topic:room:empty', 20)).toEqual([]);
  });
});
