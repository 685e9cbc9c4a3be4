#!/usr/bin/env node
/**
 * The `parley-conformance` executable: see {@link runCli} and docs/conformance.md.
 *
 * @module
 */
import { runCli } from './cli-main.js';

const write = (stream: NodeJS.WriteStream) => (line: string): void => void stream.write(`${line}\n`);

runCli(process.argv.slice(2), { out: write(process.stdout), err: write(process.stderr) }).then(
  (code) => {
    process.exitCode = code;
    // Every socket is closed by now; this only fires if something of the server under test
    // still holds the event loop open.
    setTimeout(() => process.exit(code), 2_000).unref();
  },
  (error: unknown) => {
    process.stderr.write(`parley-conformance: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 2;
  },
);
