/**
 * Child process: the load generator of one cell. Loads the contender's client driver, runs one
 * scenario against the server's URL, posts the outcome (or the error) and exits.
 */
import { cpuMs, describeError, sendToParent, type LoadgenStart, type ToLoadgen } from '../ipc.js';
import { findScenario } from '../scenarios/index.js';
import type { LoadgenContext, ServerProbe } from '../scenarios/types.js';
import { loadContender } from './load-contender.js';

function makeContext(start: LoadgenStart, module: LoadgenContext['module']): LoadgenContext {
  const waiting = new Map<number, (p: ServerProbe) => void>();
  let nextProbe = 0;
  let failure: Error | undefined;
  process.on('message', (raw) => {
    const message = raw as ToLoadgen;
    if (message.type !== 'probe') return;
    waiting.get(message.id)?.(message.probe);
    waiting.delete(message.id);
  });
  return {
    module,
    spec: start.spec,
    url: start.url,
    config: start.config,
    payload: 'x'.repeat(start.config.payloadBytes),
    probe: (gc) =>
      new Promise((resolve) => {
        const id = nextProbe++;
        waiting.set(id, resolve);
        void sendToParent({ type: 'probe', id, gc });
      }),
    fail: (error) => {
      failure ??= error;
    },
    check: () => {
      if (failure !== undefined) throw failure;
    },
  };
}

async function main(): Promise<void> {
  const start = JSON.parse(process.argv[2] ?? '{}') as LoadgenStart;
  process.on('disconnect', () => process.exit(1));
  const scenario = findScenario(start.scenario);
  if (scenario === undefined) throw new Error(`unknown scenario ${start.scenario}`);
  const loaded = await loadContender(start.spec.module);
  if (!loaded.ok) {
    await sendToParent({ type: 'unavailable', reason: loaded.reason });
    process.exit(0);
  }
  const ctx = makeContext(start, loaded.module);
  const outcome = await scenario.run(ctx);
  ctx.check();
  await sendToParent({ type: 'result', outcome, cpuMs: cpuMs() });
  process.exit(0);
}

main().catch(async (error: unknown) => {
  await sendToParent({ type: 'error', message: describeError(error) });
  process.exit(1);
});
