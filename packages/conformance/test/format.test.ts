import { describe, expect, it } from 'vitest';
import { formatReport, summarise, type CaseResult } from '../src/index.js';

const cases: CaseResult[] = [
  { id: 'jsonrpc/echo', kind: 'vector', status: 'pass', details: [], durationMs: 1 },
  { id: 'jsonrpc/spec-named-params', kind: 'vector', status: 'fail', details: ['reply: $.result: expected 19, got -19', 'reply: $.extra: unexpected'], durationMs: 2 },
  { id: 'server-messages/goaway', kind: 'vector', status: 'skip', details: ['role "client"'], durationMs: 0 },
];

describe('the text report', () => {
  it('has one line per case, the mismatches indented under a failure, and the summary last', () => {
    expect(formatReport(summarise('ws://h/parley', cases, 5))).toBe(
      [
        'Parley conformance: ws://h/parley',
        'PASS  jsonrpc/echo',
        'FAIL  jsonrpc/spec-named-params',
        '      - reply: $.result: expected 19, got -19',
        '      - reply: $.extra: unexpected',
        'SKIP  server-messages/goaway  (role "client")',
        '1 passed, 1 failed, 1 skipped',
      ].join('\n'),
    );
  });

  it('counts statuses; ok only when nothing failed and something passed', () => {
    expect(summarise('ws://h/', cases, 0)).toMatchObject({ passed: 1, failed: 1, skipped: 1, ok: false });
    expect(summarise('ws://h/', [cases[0] as CaseResult, cases[2] as CaseResult], 0)).toMatchObject({ ok: true });
    expect(summarise('ws://h/', [cases[2] as CaseResult], 0)).toMatchObject({ ok: false });
  });
});
