/**
 * The page script of the browser test: bundled by esbuild for the browser, served from
 * localhost, driven by the test through `window.start` / `window.echo`, reporting back through
 * the `report` function Playwright exposes.
 */
import { fixtureContract } from '../../../protocol/src/conformance/fixture-contract.js';
// The entry a browser bundler picks through the package's `browser` export condition.
import { createParleyClient, type ParleyClient } from '../../src/browser.js';

declare global {
  interface Window {
    /** Exposed by the test. */
    report(kind: string, value: unknown): Promise<void>;
    start(url: string): Promise<unknown>;
    echo(value: unknown): Promise<unknown>;
    parley?: ParleyClient<typeof fixtureContract>;
  }
}

window.start = async (url) => {
  const client = createParleyClient({ url, contract: fixtureContract, reconnect: { baseMs: 100, maxMs: 1000 } });
  window.parley = client;
  client.onState((change) => void window.report('state', change.state));
  client.onError((error) => void window.report('error', `${error.code} ${error.message}`));
  client.on('fixture.note', (note, meta) => void window.report('note', { text: note.text, stream: meta.stream }));
  await client.subscribe('room:browser');
  return client.call('fixture.echo', { value: { from: navigator.userAgent.includes('Chrome') ? 'chromium' : 'other' } });
};

window.echo = (value) => window.parley!.call('fixture.echo', { value });
