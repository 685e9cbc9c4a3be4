/**
 * The readable report: one line per case (`PASS`, `FAIL` or `SKIP`, then its id), each mismatch
 * of a failed case indented below it, and a closing summary line.
 *
 * @module
 */
import type { CaseResult, Report } from './report.js';

const LABEL = { pass: 'PASS', fail: 'FAIL', skip: 'SKIP' } as const;

/**
 * One case as text: `PASS  <id>`; `FAIL  <id>` followed by one `      - <mismatch>` line per
 * detail; `SKIP  <id>  (<reason>)`.
 *
 * @example
 * ```ts
 * formatCase({ id: 'jsonrpc/echo', kind: 'vector', status: 'pass', details: [], durationMs: 2 }); // 'PASS  jsonrpc/echo'
 * ```
 */
export function formatCase(result: CaseResult): string {
  const head = `${LABEL[result.status]}  ${result.id}`;
  if (result.status === 'skip') return `${head}  (${result.details.join('; ')})`;
  if (result.status === 'pass') return head;
  return [head, ...result.details.map((detail) => `      - ${detail}`)].join('\n');
}

/**
 * The closing line: `N passed, N failed`, plus `, N skipped` when any were.
 *
 * @example
 * ```ts
 * formatSummary(report); // '236 passed, 0 failed, 18 skipped'
 * ```
 */
export function formatSummary(report: Pick<Report, 'passed' | 'failed' | 'skipped'>): string {
  const tail = report.skipped > 0 ? `, ${report.skipped} skipped` : '';
  return `${report.passed} passed, ${report.failed} failed${tail}`;
}

/**
 * The header line naming the server under test.
 *
 * @example
 * ```ts
 * formatHeader('ws://127.0.0.1:8080/parley'); // 'Parley conformance: ws://127.0.0.1:8080/parley'
 * ```
 */
export function formatHeader(url: string): string {
  return `Parley conformance: ${url}`;
}

/**
 * The whole report as text: the header, every case, the summary (what `parley-conformance`
 * prints without `--json`).
 *
 * @example
 * ```ts
 * console.log(formatReport(await runConformance({ url })));
 * ```
 */
export function formatReport(report: Report): string {
  return [formatHeader(report.url), ...report.cases.map(formatCase), formatSummary(report)].join('\n');
}
