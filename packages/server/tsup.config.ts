import { parleyTsup } from '../../scripts/tsup-preset.js';

// Server-side only: Node built-ins (node:http, node:crypto) are allowed.
export default parleyTsup({
  entry: { index: 'src/index.ts' },
  platform: 'node',
});
