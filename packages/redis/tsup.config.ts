import { parleyTsup } from '../../scripts/tsup-preset.js';

// Server-side only: Node built-ins are allowed; `redis`, `@parley/protocol` and the peer
// `@parley/server` stay external.
export default parleyTsup({
  entry: { index: 'src/index.ts' },
  platform: 'node',
});
