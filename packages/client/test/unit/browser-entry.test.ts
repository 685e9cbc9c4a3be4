import { describe, expect, it } from 'vitest';
import * as browser from '../../src/browser.js';
import * as main from '../../src/index.js';

describe('the browser entry (the `browser` export condition)', () => {
  it('exports the same names as the main entry', () => {
    expect(Object.keys(browser).sort()).toEqual(Object.keys(main).sort());
  });

  it('defaults to the global WebSocket only, never loading isomorphic-ws', async () => {
    const global = (globalThis as { WebSocket?: unknown }).WebSocket;
    if (global) await expect(browser.defaultWebSocket()).resolves.toBe(global);
    else await expect(browser.defaultWebSocket()).rejects.toThrow(/No global WebSocket/);
  });
});
