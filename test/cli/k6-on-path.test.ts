// With k6 on PATH, `load` runs it: the bundle in base compatibility mode, k6's outputs passed
// through, the token only in the environment (never in the arguments), k6's exit code, and reports
// from k6's own outputs filled as the built-in engine fills them, the raw samples then deleted.
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { answersVersion } from '../helpers/fake-k6.ts';

const dir = mkdtempSync(join(tmpdir(), 'calls-harness-fake-k6-'));
const record = join(dir, 'k6-invocation.json');

// A stand-in for the k6 binary: records how it was called and answers as k6 would, its JSON
// output in k6's line format (gzipped, as k6 does for a file name ending in .gz).
writeFileSync(join(dir, 'k6'), `#!${process.execPath}
${answersVersion()}
const fs = require('node:fs');
const zlib = require('node:zlib');
const args = process.argv.slice(2);
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('CALLS_')));
fs.writeFileSync(${JSON.stringify(record)}, JSON.stringify({ args, env }));
const out = args[args.indexOf('--out') + 1].replace(/^json=/, '');
const t = new Date('2026-11-24T01:00:00.100Z');
const declare = (metric, type, contains) => JSON.stringify({ type: 'Metric', data: { name: metric, type, contains: contains || 'default', thresholds: [], submetrics: null }, metric });
const point = (metric, ms, value, tags) => JSON.stringify({ type: 'Point', data: { time: new Date(t.getTime() + ms).toISOString(), value, tags: tags || {} }, metric });
// k6 tags a failed response with error_code 1000 + its status.
const request = (ms, status, duration) => {
  const tags = { name: 'getCall', method: 'GET', url: 'http://127.0.0.1/v1/calls/c1', scenario: 'read_mix', status: String(status), expected_response: String(status < 400) };
  if (status >= 400) tags.error_code = String(1000 + status);
  return [point('http_reqs', ms, 1, tags), point('http_req_duration', ms, duration, tags), point('http_req_waiting', ms, duration, tags), point('http_req_failed', ms, status >= 400 ? 1 : 0, tags), point('contract_violations', ms, 0, { name: 'getCall' })];
};
const lines = [
  declare('iterations', 'counter'), declare('http_reqs', 'counter'), declare('http_req_duration', 'trend', 'time'), declare('http_req_waiting', 'trend', 'time'),
  declare('http_req_failed', 'rate'), declare('contract_violations', 'rate'), declare('flow_duration', 'trend', 'time'), declare('transfer_outcomes', 'counter'),
  point('iterations', 0, 1), ...request(0, 200, 10), ...request(10, 500, 12), ...request(20, 503, 14), ...request(30, 429, 16),
  point('flow_duration', 40, 950, { flow: 'complete' }), point('transfer_outcomes', 40, 1, { outcome: 'completed' }),
];
fs.writeFileSync(out, out.endsWith('.gz') ? zlib.gzipSync(lines.join('\\n')) : lines.join('\\n'));
fs.writeFileSync(env.CALLS_SUMMARY_FILE, JSON.stringify({
  metrics: {
    iterations: { type: 'counter', contains: 'default', values: { count: 1, rate: 1 } },
    'http_req_duration{name:getCall}': { type: 'trend', contains: 'time', values: { med: 13, 'p(90)': 16, 'p(95)': 16, 'p(99)': 16, 'p(99.9)': 16, max: 16, count: 4 }, thresholds: { 'p(95)<500': { ok: true } } },
    'http_req_failed{name:getCall}': { type: 'rate', contains: 'default', values: { rate: 0.75, passes: 3, fails: 1 }, thresholds: { 'rate<0.01': { ok: false } } },
  },
  root_group: { name: '', path: '', id: 'x', groups: [], checks: [] }, options: {}, state: { testRunDurationMs: 1000 },
}));
process.exit(99);
`);
chmodSync(join(dir, 'k6'), 0o755);

describe('k6 on PATH', () => {
  const path = { PATH: `${dir}${delimiter}${process.env.PATH}` };
  type Section = { engine: string; operations: { operationId: string; errorsByKind: Record<string, number> }[]; flows: { flow: string; count: number }[]; outcomes: Record<string, number>; timeline: unknown[] };
  const loadOf = (report: string) => (JSON.parse(readFileSync(join(report, 'result.json'), 'utf8')) as { load: Section[] }).load[0] as Section;

  it('is used by default, in base mode, with the token in the environment only, and its exit code kept', async () => {
    const report = join(dir, 'run');
    const res = await runCli(['load', '--scenario', 'read-mix', '--report-dir', report, '--k6-out', 'experimental-prometheus-rw', '--quiet'], { env: path, timeoutMs: 25_000 });
    expect(res.code, res.stderr).toBe(99);
    expect(res.stdout).toContain('k6: exit 99');
    const call = JSON.parse(readFileSync(record, 'utf8')) as { args: string[]; env: Record<string, string> };
    expect(call.args[0]).toBe('run');
    // CommonJS bundles in base mode: k6 before v0.53 never runs Babel over them.
    expect(call.args).toContain('--compatibility-mode=base');
    expect(call.args).toEqual(expect.arrayContaining(['--out', `json=${join(report, 'k6-samples.json.gz')}`, 'experimental-prometheus-rw']));
    expect(call.args[call.args.length - 1]).toBe(join(report, 'bundle', 'k6', 'read-mix.js'));
    expect(call.env.CALLS_API_TOKEN).toMatch(/^sk_test_/);
    expect(call.args.join(' ')).not.toContain(call.env.CALLS_API_TOKEN);
    expect(call.env).toMatchObject({ CALLS_PROFILE: 'smoke', CALLS_SUMMARY_FILE: join(report, 'summary.json') });
    const load = loadOf(report);
    expect(load.engine).toBe('k6');
    // Errors by kind as the built-in engine counts them: 500 and 503 are 5xx, 429 a 4xx, none "other".
    expect(load.operations[0]).toMatchObject({ operationId: 'getCall', errorsByKind: { status_4xx: 1, status_5xx: 2, other: 0, timeout: 0, contract_violation: 0 } });
    expect(load.flows).toEqual([expect.objectContaining({ flow: 'complete', count: 1, max: 950 })]);
    expect(load.outcomes).toEqual({ completed: 1 });
    expect(load.timeline).toHaveLength(1);
    // Reduced, then deleted: a long run's samples never stay in the run folder.
    expect(existsSync(join(report, 'k6-samples.json.gz'))).toBe(false);
  }, 30_000);

  it('keeps the raw samples with --keep-samples', async () => {
    const report = join(dir, 'kept');
    const res = await runCli(['load', '--scenario', 'read-mix', '--report-dir', report, '--keep-samples', '--quiet'], { env: path, timeoutMs: 25_000 });
    expect(res.code, res.stderr).toBe(99);
    expect(existsSync(join(report, 'k6-samples.json.gz'))).toBe(true);
    expect(loadOf(report).operations[0]?.errorsByKind.status_5xx).toBe(2);
  }, 30_000);
});
