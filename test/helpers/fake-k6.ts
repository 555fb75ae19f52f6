// A stand-in for the k6 binary, for what real k6 does that the harness must read right: it writes
// the summary data it is given (FAKE_K6_SUMMARY, a JSON text; none when unset) where the scenario's
// handleSummary would (CALLS_SUMMARY_FILE), records its arguments and K6_* environment
// (FAKE_K6_RECORD), and exits with FAKE_K6_EXIT (default 0).
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Writes the stand-in as `k6` in `dir` (made if missing); returns the folder, to put first on PATH. */
export function writeFakeK6(dir: string): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'k6');
  writeFileSync(file, `#!${process.execPath}
const fs = require('node:fs');
const args = process.argv.slice(2);
if (process.env.FAKE_K6_RECORD) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('K6_')));
  fs.writeFileSync(process.env.FAKE_K6_RECORD, JSON.stringify({ args, env }));
}
if (process.env.FAKE_K6_SUMMARY) fs.writeFileSync(process.env.CALLS_SUMMARY_FILE, process.env.FAKE_K6_SUMMARY);
process.exit(Number(process.env.FAKE_K6_EXIT || 0));
`);
  chmodSync(file, 0o755);
  return dir;
}

/** k6's summary data with the given metrics, a root group without checks and a 1 s run. */
export function k6Summary(metrics: Record<string, unknown>): string {
  return JSON.stringify({ metrics, root_group: { name: '', path: '', id: 'x', groups: [], checks: [] }, options: {}, state: { testRunDurationMs: 1000 } });
}
