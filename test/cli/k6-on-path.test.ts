// With k6 on PATH, `load` runs it: the bundle, k6's outputs passed through, the token only in the
// environment (never in the arguments), k6's exit code, and reports from k6's own outputs.
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'calls-harness-fake-k6-'));
const record = join(dir, 'k6-invocation.json');

// A stand-in for the k6 binary: records how it was called and answers as k6 would.
writeFileSync(join(dir, 'k6'), `#!${process.execPath}
const fs = require('node:fs');
const args = process.argv.slice(2);
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('CALLS_')));
fs.writeFileSync(${JSON.stringify(record)}, JSON.stringify({ args, env }));
const out = args[args.indexOf('--out') + 1].replace(/^json=/, '');
const t = new Date('2026-11-24T01:00:00.100Z');
const point = (metric, ms, value, tags) => JSON.stringify({ type: 'Point', metric, data: { time: new Date(t.getTime() + ms).toISOString(), value, tags: tags || {} } });
fs.writeFileSync(out, [point('iterations', 0, 1), point('http_reqs', 0, 1, { name: 'getCall', status: '503' }), point('http_req_duration', 0, 12), point('http_req_failed', 0, 1)].join('\\n'));
fs.writeFileSync(env.CALLS_SUMMARY_FILE, JSON.stringify({
  metrics: {
    iterations: { type: 'counter', contains: 'default', values: { count: 1, rate: 1 } },
    'http_req_duration{name:getCall}': { type: 'trend', contains: 'time', values: { med: 12, 'p(90)': 12, 'p(95)': 12, 'p(99)': 12, 'p(99.9)': 12, max: 12, count: 1 }, thresholds: { 'p(95)<500': { ok: true } } },
    'http_req_failed{name:getCall}': { type: 'rate', contains: 'default', values: { rate: 1, passes: 1, fails: 0 }, thresholds: { 'rate<0.01': { ok: false } } },
  },
  root_group: { name: '', path: '', id: 'x', groups: [], checks: [] }, options: {}, state: { testRunDurationMs: 1000 },
}));
process.exit(99);
`);
chmodSync(join(dir, 'k6'), 0o755);

describe('k6 on PATH', () => {
  it('is used by default, with the token in the environment only, and its exit code kept', async () => {
    const report = join(dir, 'run');
    const res = await runCli(['load', '--scenario', 'read-mix', '--report-dir', report, '--k6-out', 'experimental-prometheus-rw', '--quiet'], { env: { PATH: `${dir}${delimiter}${process.env.PATH}` }, timeoutMs: 25_000 });
    expect(res.code, res.stderr).toBe(99);
    expect(res.stdout).toContain('k6: exit 99');
    const call = JSON.parse(readFileSync(record, 'utf8')) as { args: string[]; env: Record<string, string> };
    expect(call.args[0]).toBe('run');
    expect(call.args).toEqual(expect.arrayContaining(['--out', `json=${join(report, 'k6-samples.json')}`, 'experimental-prometheus-rw']));
    expect(call.args[call.args.length - 1]).toBe(join(report, 'bundle', 'k6', 'read-mix.js'));
    expect(call.env.CALLS_API_TOKEN).toMatch(/^sk_test_/);
    expect(call.args.join(' ')).not.toContain(call.env.CALLS_API_TOKEN);
    expect(call.env).toMatchObject({ CALLS_PROFILE: 'smoke', CALLS_SUMMARY_FILE: join(report, 'summary.json') });
    const result = JSON.parse(readFileSync(join(report, 'result.json'), 'utf8')) as { load: { engine: string; operations: { operationId: string; errorsByKind: { status_5xx: number } }[]; timeline: unknown[] }[] };
    expect(result.load[0]?.engine).toBe('k6');
    expect(result.load[0]?.operations[0]).toMatchObject({ operationId: 'getCall', errorsByKind: { status_5xx: 1 } });
    expect(result.load[0]?.timeline).toHaveLength(1);
  }, 30_000);
});
