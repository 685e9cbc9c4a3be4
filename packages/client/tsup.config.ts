import { parleyTsup } from '../../scripts/tsup-preset.js';

// Browser-safe: 'neutral' makes any Node built-in import a build error. Two entries with one API:
// - `index`: the default WebSocket is the global one, else `ws` through `isomorphic-ws` (an
//   external dependency, imported lazily only where no global exists: Node 20);
// - `browser` (the `browser` export condition, which bundlers targeting browsers pick): the
//   global WebSocket only, so browser bundles carry neither `isomorphic-ws` nor its loader.
export default parleyTsup({
  entry: { index: 'src/index.ts', browser: 'src/browser.ts' },
  platform: 'neutral',
});
