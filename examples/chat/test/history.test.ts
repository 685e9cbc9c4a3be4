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
      adapter.publish({ stream: 'topic:room:lobby', from: null, event: 'chat.message' });
    }
    return adapter;
  }

  const seqs = (messages: readonly { seq: number }[]): number[] => messages.map((m) => m.seq);

  it('returns the last `limit` messages when the log holds them', async () => {
    const log = publish(30, 100);
    expect(seqs(await recentMessages(log, 'topic:room:lobby', 5))).toEqual([26, 27, 28, 29, 30]);
  });

  it('returns what the log still holds when the window is smaller than the limit', async () => {
    const log = publish(30, 7);
    expect(seqs(await recentMessages(log, 'topic:room:lobby', 20))).toEqual([24, 25, 26, 27, 28, 29, 30]);
  });

  it('returns nothing for a stream without messages', async () => {
    const log = publish(0, 10);
    expect(await recentMessages(log, 'topic:room:empty', 20)).toEqual([]);
  });
});
