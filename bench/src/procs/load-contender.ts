/** Loads a contender's built module (bench/contenders/<name>.ts, bundled next to this file). */
import type { ContenderModule } from '../contender.js';

/** The module, or the reason it cannot be used. */
export type Loaded = { readonly ok: true; readonly module: ContenderModule } | { readonly ok: false; readonly reason: string };

const isModule = (x: unknown): x is ContenderModule =>
  typeof x === 'object' &&
  x !== null &&
  typeof (x as Partial<ContenderModule>).startServer === 'function' &&
  typeof (x as Partial<ContenderModule>).connect === 'function';

/** Imports `contenders/<name>.mjs` from the build directory; never throws. */
export async function loadContender(name: string): Promise<Loaded> {
  const url = new URL(`./contenders/${name}.mjs`, import.meta.url);
  try {
    const imported = (await import(url.href)) as { default?: unknown };
    if (!isModule(imported.default)) return { ok: false, reason: `contenders/${name} has no default ContenderModule export` };
    return { ok: true, module: imported.default };
  } catch (error) {
    return { ok: false, reason: `import failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}` };
  }
}
