import * as v from 'valibot';
import { defineContract, ErrorCode } from '@parley/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { client, closeClients } from '../helpers/clients.js';
import { closeRawServers, startRawServer } from '../helpers/raw-server.js';
import { waitUntil } from '../helpers/wait.js';

afterEach(async () => {
  await closeClients();
  await closeRawServers();
});

type Tree = Tree[];
const Tree: v.GenericSchema<Tree> = v.array(v.lazy(() => Tree));
const trees = defineContract({ events: { 'deep.tree': Tree } });

/** A delivery on `all` (the raw server's welcome puts it at seq 0 of epoch raw-all): seq 1 full, the rest compact. */
const delivery = (seq: number, data: string): string =>
  seq === 1
    ? `{"jsonrpc":"2.0","method":"deep.tree","params":{"stream":"all","seq":1,"epoch":"raw-all","from":null,"data":${data}}}`
    : `{"jsonrpc":"2.0","method":"deep.tree","params":["all",${seq},null,${data}]}`;

describe('frames nested deeper than any limit (the client has no depth limit on what it receives)', () => {
  it('a payload 200,000 levels deep for a recursive schema is reported as invalid; the client stays up and reads the next one', async () => {
    const depth = 200_000;
    const raw = await startRawServer({
      onSocket: (socket) => {
        socket.send(delivery(1, '['.repeat(depth) + ']'.repeat(depth)));
        socket.send(delivery(2, '[[],[[]]]'));
      },
    });
    const c = client({ url: raw.url, contract: trees });
    const got: Tree[] = [];
    c.on('deep.tree', (tree) => got.push(tree));
    await c.connect();
    await waitUntil(() => got.length === 1, 5000, 'the shallow tree');
    expect(got).toEqual([[[], [[]]]]);
    expect(c.errors).toHaveLength(1);
    expect(c.errors[0]).toMatchObject({ code: ErrorCode.InvalidParams, message: 'Invalid event payload', data: { event: 'deep.tree' } });
    // Validating it overflowed the stack (valibot recurses per level): `validate` turned that into an issue.
    expect(c.errors[0]).toMatchObject({ data: { issues: [{ path: '', message: 'Schema could not be evaluated' }] } });
    expect(c.state).toBe('open');
  });
});
