/**
 * Running one version-negotiation vector: a raw upgrade offering the vector's subprotocols, then
 * the selected subprotocol, and on a mismatch the `rpc.error` notice and the close code.
 *
 * @module
 */
import type { NegotiationVector } from '@parley/protocol/vectors';
import { DEFAULT_SETTINGS, type CaseSettings } from '../options.js';
import type { CaseResult } from '../report.js';
import { rawUpgrade, type RawFrame, type RawUpgrade } from '../wire/raw-upgrade.js';
import { runCase } from './recorder.js';

const TEXT = 0x1;
const CLOSE = 0x8;

function parseText(frame: RawFrame): unknown {
  const text = frame.payload.toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return `<not JSON: ${text.slice(0, 80)}>`;
  }
}

/** A raw upgrade that waits and retries while the server answers HTTP 429 (connection rate), within a budget. */
async function upgradeWithRetry(url: string, offered: readonly string[], waitMs: number, timeoutMs: number): Promise<RawUpgrade> {
  const deadline = Date.now() + 6 * timeoutMs;
  for (;;) {
    const result = await rawUpgrade(url, offered, waitMs);
    const seconds = Number(result.headers['retry-after']);
    const retryAfterMs = Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds * 1_000, 5_000) : 1_000;
    if (result.status !== 429 || Date.now() + retryAfterMs > deadline) return result;
    await new Promise((resolve) => setTimeout(resolve, retryAfterMs));
  }
}

/**
 * Runs one negotiation vector against `url` and reports it as case `negotiation/<vector.name>`.
 *
 * @example
 * ```ts
 * import { NEGOTIATION_VECTORS } from '@parley/protocol/vectors';
 * for (const vector of NEGOTIATION_VECTORS.vectors) {
 *   console.log((await runNegotiationVector('ws://127.0.0.1:8080/parley', vector)).status);
 * }
 * ```
 */
export function runNegotiationVector(url: string, vector: NegotiationVector, settings: CaseSettings = DEFAULT_SETTINGS): Promise<CaseResult> {
  return runCase(`negotiation/${vector.name}`, 'negotiation', async (recorder) => {
    const mismatch = 'close' in vector.expect;
    // A match must stay open: a short wait shows no close follows. A mismatch must close: wait for it.
    const result = await upgradeWithRetry(url, vector.offered, mismatch ? settings.timeoutMs : settings.quietMs, settings.timeoutMs);
    if (!recorder.check(result.status === 101, `upgrade: expected HTTP 101, got ${result.status}`)) return;
    const selected = result.headers['sec-websocket-protocol'] ?? null;
    recorder.check(selected === vector.expect.protocol, `subprotocol: expected ${JSON.stringify(vector.expect.protocol)}, got ${JSON.stringify(selected)}`);
    const close = result.frames.find((f) => f.opcode === CLOSE);
    if (!('close' in vector.expect)) {
      recorder.check(close === undefined, `expected the connection to stay open, got close ${String(close?.payload.readUInt16BE(0))}`);
      return;
    }
    const texts = result.frames.filter((f) => f.opcode === TEXT).map(parseText);
    if (recorder.check(texts.length === 1, `expected exactly one rpc.error frame before the close, got ${texts.length}: ${JSON.stringify(texts).slice(0, 300)}`)) {
      recorder.match('notice', vector.expect.notice, texts[0]);
    }
    const code = close && close.payload.length >= 2 ? close.payload.readUInt16BE(0) : undefined;
    recorder.check(code === vector.expect.close, `close: expected ${vector.expect.close}, got ${code === undefined ? 'no close frame' : String(code)}`);
  });
}
