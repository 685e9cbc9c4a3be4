import { parleyTsup } from '../../scripts/tsup-preset.js';

// Node only (sockets, raw HTTP upgrades). `cli` is the `parley-conformance` bin: src/cli.ts starts
// with a `#!/usr/bin/env node` line, which esbuild keeps at the top of the output (and tsup then
// marks the file executable), so no `banner` is needed and the library entry gets no shebang.
export default parleyTsup({
  entry: { index: 'src/index.ts', cli: 'src/cli.ts' },
  platform: 'node',
});
