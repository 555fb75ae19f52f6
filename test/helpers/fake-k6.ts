// A stand-in for the k6 binary, put first on PATH: it talks as k6 does (a banner and a summary on
// stdout, progress on stderr), records how it was called, writes a summary whose threshold held
// and an empty sample file, and exits 0. Enough to see where the harness sends k6's output.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

/**
 * A line for a stand-in k6 script, put right after its `#!`: it answers `k6 version` as k6 does
 * (the harness asks it before every k6 run), v0.48.0 unless told.
 */
export function answersVersion(version = 'v0.48.0'): string {
  return `if (process.argv[2] === 'version') { process.stdout.write(${JSON.stringify(`k6 ${version} (go1.19.8, linux/amd64)\n`)}); process.exit(0); }`;
}

/** Lines the fake prints, to look for in the harness's output. */
export const K6_STDOUT_MARK = 'FAKE-K6-BANNER';
export const K6_STDERR_MARK = 'FAKE-K6-PROGRESS';

export interface FakeK6 {
  /** Environment that puts the fake first on PATH. */
  env: Record<string, string>;
  /** Whether k6 was started, and with what arguments. */
  calls(): string[][];
}

/** `exit`: the code it ends with (0 by default); `error`: a line it logs to stderr before it does; `version`: what it answers to `k6 version` (v0.48.0). */
export function fakeK6(o: { exit?: number; error?: string; version?: string } = {}): FakeK6 {
  const dir = mkdtempSync(join(tmpdir(), 'calls-harness-fake-k6-'));
  const record = join(dir, 'calls.ndjson');
  writeFileSync(join(dir, 'k6'), `#!${process.execPath}
${answersVersion(o.version)}
const fs = require('node:fs');
const zlib = require('node:zlib');
const args = process.argv.slice(2);
fs.appendFileSync(${JSON.stringify(record)}, JSON.stringify(args) + '\\n');
process.stdout.write('          /\\\\      |‾‾| /‾‾/   /‾‾/\\n     /\\\\  /  \\\\     |  |/  /   /  /\\n ${K6_STDOUT_MARK}\\n');
process.stderr.write('running (00m01.0s), 0/1 VUs, 1 complete and 0 interrupted iterations ${K6_STDERR_MARK}\\n');
const out = args[args.indexOf('--out') + 1].replace(/^json=/, '');
fs.writeFileSync(out, zlib.gzipSync(''));
fs.writeFileSync(process.env.CALLS_SUMMARY_FILE, JSON.stringify({
  metrics: {
    iterations: { type: 'counter', contains: 'default', values: { count: 4, rate: 4 } },
    http_reqs: { type: 'counter', contains: 'default', values: { count: 4, rate: 4 } },
    'http_req_duration{name:getCall}': { type: 'trend', contains: 'time', values: { avg: 5, min: 4, med: 5, max: 6, 'p(90)': 6, 'p(95)': 6, 'p(99)': 6, 'p(99.9)': 6, count: 4 }, thresholds: { 'p(95)<500': { ok: true } } },
  },
  root_group: { name: '', path: '', id: 'x', groups: [], checks: [] }, options: {}, state: { testRunDurationMs: 1000 },
}));
process.stdout.write('     checks.........................: 100.00% ${K6_STDOUT_MARK}\\n');
${o.error ? `process.stderr.write(${JSON.stringify(o.error + '\n')});` : ''}
process.exit(${o.exit ?? 0});
`);
  chmodSync(join(dir, 'k6'), 0o755);
  return {
    env: { PATH: `${dir}${delimiter}${process.env.PATH ?? ''}` },
    calls: () => (existsSync(record) ? readFileSync(record, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as string[]) : []),
  };
}

// A second stand-in, for what real k6 does that the harness must read right: it writes
// the summary data it is given (FAKE_K6_SUMMARY, a JSON text; none when unset) where the scenario's
// handleSummary would (CALLS_SUMMARY_FILE), records its arguments and K6_* environment
// (FAKE_K6_RECORD), and exits with FAKE_K6_EXIT (default 0).
/** Writes the stand-in as `k6` in `dir` (made if missing); returns the folder, to put first on PATH. */
export function writeFakeK6(dir: string): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'k6');
  writeFileSync(file, `#!${process.execPath}
${answersVersion()}
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
