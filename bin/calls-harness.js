#!/usr/bin/env node
// Thin launcher: the CLI is bundled into dist/ by `npm run build` (run automatically by `npm ci`).
import { existsSync } from 'node:fs';

const cli = new URL('../dist/cli.mjs', import.meta.url);
if (!existsSync(cli)) {
  console.error('calls-harness [E_NOT_BUILT]: dist/cli.mjs is missing. Run `npm ci` (or `npm run build`) in the project folder first.');
  process.exit(2);
}
await import(cli.href);
