import { parleyTsup } from '../../scripts/tsup-preset.js';

// Browser-safe: 'neutral' makes any Node built-in import a build error.
export default parleyTsup({
  entry: { index: 'src/index.ts', vectors: 'src/vectors.ts' },
  platform: 'neutral',
});
