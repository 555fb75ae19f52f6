#!/usr/bin/env node
// Thin launcher: the CLI is bundled into dist/ by `npm run build` (run automatically by `npm ci`).
import { existsSync } from 'node:fs';

const cli = new URL('../dist/cli.mjs', import.meta.url);
if (!existsSync(cli)) {
  console.error('calls-harness: error E_NOT_BUILT: dist/cli.mjs is missing. Run `npm ci` (or `npm run build`) in the project folder first.');
  process.exit(2);
}
let entry;
try {
  entry = await import(cli.href);
} catch (err) {
  // Loading the CLI opens a file per module: at a very low `ulimit -n` that fails before the
  // CLI's own error handling exists. Said as the machine's limit, never as a stack trace.
  if (err?.code !== 'EMFILE' && err?.code !== 'ENFILE') throw err;
  console.error(`calls-harness: error E_FD_LIMIT: calls-harness ran out of file descriptors while starting (${err.code}${err.path ? `, open ${err.path}` : ''}). Raise the limit (\`ulimit -n 65536\` in the shell that runs calls-harness, or LimitNOFILE= for a service), then run again.`);
  process.exit(2);
}
// The command runs with this process's streams and gives its exit code; the process exits with it
// once nothing is left open, or within a bound when a run left a socket or timer behind.
entry.exitWhenDone(await entry.main(process.argv.slice(2)));
