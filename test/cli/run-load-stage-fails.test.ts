// A load stage that ends in an error never takes the run's other results with it: `run` with two
// k6 runners that cannot be merged (each judged a different threshold) still writes result.json,
// JUnit, summary.md and a history line with the contract results, names the stage's error, exits 2.
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { answersVersion } from '../helpers/fake-k6.ts';

const dir = mkdtempSync(join(tmpdir(), 'calls-harness-stage-fails-'));

// A stand-in for k6 whose two runners disagree on their thresholds: their folders are of two tests,
// so the merge refuses them (E_MERGE_MISMATCH), whatever the engine did well before that.
writeFileSync(join(dir, 'k6'), `#!${process.execPath}
${answersVersion()}
const fs = require('node:fs');
const zlib = require('node:zlib');
const args = process.argv.slice(2);
const out = args[args.indexOf('--out') + 1].replace(/^json=/, '');
const declare = (metric, type) => JSON.stringify({ type: 'Metric', data: { name: metric, type, contains: 'default', thresholds: [], submetrics: null }, metric });
const point = (metric, value) => JSON.stringify({ type: 'Point', data: { time: '2026-11-24T01:00:00.100Z', value, tags: {} }, metric });
const lines = [declare('iterations', 'counter'), point('iterations', 1)];
fs.writeFileSync(out, out.endsWith('.gz') ? zlib.gzipSync(lines.join('\\n')) : lines.join('\\n'));
// k6 takes its segment from --execution-segment, as the harness gives it (k6 reads none from its environment).
const limit = args[args.indexOf('--execution-segment') + 1].startsWith('0:') ? 'count<100' : 'count<200';
fs.writeFileSync(process.env.CALLS_SUMMARY_FILE, JSON.stringify({
  metrics: { iterations: { type: 'counter', contains: 'default', values: { count: 1, rate: 1 }, thresholds: { [limit]: { ok: true } } } },
  root_group: { name: '', path: '', id: 'x', groups: [], checks: [] }, options: {}, state: { testRunDurationMs: 1000 },
}));
process.exit(0);
`);
chmodSync(join(dir, 'k6'), 0o755);

describe('run: a load stage that fails', () => {
  it('keeps the contract results: result.json, JUnit, summary.md and history written, the error named, exit 2', async () => {
    const report = join(dir, 'run');
    const history = join(dir, 'history.ndjson');
    const res = await runCli(['run', '--engine', 'k6', '--runners', '2', '--scenario', 'read-mix', '--report-dir', report, '--history', history, '--quiet'],
      { env: { PATH: `${dir}${delimiter}${process.env.PATH}`, CALLS_API_TOKEN: undefined, CALLS_API_BASE_URL: undefined, CALLS_API_AGENT_ID: undefined }, timeoutMs: 80_000 });
    expect(res.code, res.stderr).toBe(2);
    const result = JSON.parse(readFileSync(join(report, 'result.json'), 'utf8')) as { contract: { cases: { outcome: string }[] }; load: { scenario: string; error?: { code: string }; problems: string[] }[]; verdict: { passed: boolean; reasons: string[] } };
    expect(result.contract.cases.filter((c) => c.outcome === 'passed').length).toBeGreaterThan(0);
    expect(result.load).toHaveLength(1);
    expect(result.load[0]?.error?.code).toBe('E_MERGE_MISMATCH');
    expect(result.verdict.passed).toBe(false);
    expect(result.verdict.reasons.join('\n')).toContain('E_MERGE_MISMATCH');
    const lines = readFileSync(history, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] as string)).toMatchObject({ passed: false });
    expect(readFileSync(join(report, 'junit.xml'), 'utf8')).toMatch(/<error[^>]*E_MERGE_MISMATCH/);
    expect(readFileSync(join(report, 'summary.md'), 'utf8')).toContain('E\\_MERGE\\_MISMATCH');
    const passed = result.contract.cases.filter((c) => c.outcome === 'passed').length;
    expect(readFileSync(join(report, 'summary.md'), 'utf8')).toContain(`${passed} passed`);
    expect(readFileSync(join(report, 'summary.md'), 'utf8')).toContain('Could not run to a verdict');
  }, 90_000);
});
