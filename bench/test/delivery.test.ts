// The parse-only client's delivery reader: the event-named notification (compact or full
// params); anything else is not a delivery.
import { describe, expect, it } from 'vitest';
import { readDelivery } from '../contenders/parley/delivery.js';

const m = { from: 'c0', seq: 1, sentAt: 12.5, payload: 'xx' };

describe('parse-only readDelivery', () => {
  it('reads an event-named notification with positional params [stream, seq, from, data]', () => {
    const frame = JSON.parse(`{"jsonrpc":"2.0","method":"bench.private","params":["user:c1",2,"c0",${JSON.stringify(m)}]}`);
    expect(readDelivery(frame)).toEqual({ event: 'bench.private', data: m });
  });

  it('reads an event-named notification with object params', () => {
    const frame = JSON.parse(`{"jsonrpc":"2.0","method":"bench.broadcast","params":{"stream":"topic:bench","seq":1,"epoch":"e1","from":null,"data":${JSON.stringify(m)}}}`);
    expect(readDelivery(frame)).toEqual({ event: 'bench.broadcast', data: m });
  });

  it('leaves replies and other built-in notifications alone', () => {
    expect(readDelivery({ id: 1, result: { seq: 1 } })).toBeUndefined();
    expect(readDelivery({ method: 'rpc.presence.join', params: { topic: 'bench', userId: 'c1', ts: 1 } })).toBeUndefined();
    expect(readDelivery({ method: 'rpc.error', params: { code: -32603, message: 'Internal error' } })).toBeUndefined();
    expect(readDelivery({ method: 'rpc.message', params: { seq: 1 } })).toBeUndefined();
    expect(readDelivery({ method: 'bench.broadcast' })).toBeUndefined();
  });
});
