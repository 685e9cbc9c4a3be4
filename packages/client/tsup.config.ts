import { parleyTsup } from '../../scripts/tsup-preset.js';

// Browser-safe: 'neutral' makes any Node built-in import a build error. `isomorphic-ws` stays an
// external dependency, loaded lazily only where no global WebSocket exists (Node 20); bundlers
// resolve it through its "browser" field to the global WebSocket, so no `ws` reaches a browser.
export default parleyTsup({
  entry: { index: 'src/index.ts' },
  platform: 'neutral',
});
