/**
 * Debian's Chromium for the project's browser tests (the client's and the chat demo's): where it
 * is, whether a test may skip without it, and the one set of launch flags this machine needs
 * (without the background-networking flags Chromium keeps trying to reach hosts it cannot).
 */
import { existsSync } from 'node:fs';
import { chromium, type BrowserContext } from 'playwright-core';

/** The browser binary: `PARLEY_CHROMIUM`, else Debian's package. */
export const CHROMIUM_PATH = process.env['PARLEY_CHROMIUM'] ?? '/usr/bin/chromium';

const HAVE_CHROMIUM = existsSync(CHROMIUM_PATH);
const ON_CI = process.env['CI'] === 'true';

/**
 * Whether a browser suite skips: only outside CI and only when Chromium is missing, saying so and
 * naming the install step. Under `CI=true` a missing Chromium is a failure ({@link requireChromium}).
 */
export function skipWithoutChromium(suite: string): boolean {
  const skip = !HAVE_CHROMIUM && !ON_CI;
  if (skip) console.warn(`Skipping ${suite}: no Chromium at ${CHROMIUM_PATH}. Install it with: apt-get install -y chromium`);
  return skip;
}

/** Throws (under CI) when Chromium is missing; call it first in the suite's setup. */
export function requireChromium(): void {
  if (!HAVE_CHROMIUM) throw new Error(`CI=true but no Chromium at ${CHROMIUM_PATH}: apt-get install -y chromium`);
}

/** Headless Chromium with a fresh profile in `profileDir` and this machine's flags. */
export function launchChromium(profileDir: string, options: { viewport?: { width: number; height: number } } = {}): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    ...options,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}
