// K6_* variables that change what runs are refused on both engines, each naming the variable and
// what to use instead (K6_RPS=2 capped a --rate 5 run at 2/s and it passed); and the execution
// segment reaches real k6 as its flags, which k6 reads (it ignores K6_EXECUTION_SEGMENT*).
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { K6_RUN_CHANGING, k6EnvironmentProblem } from '../../load/k6-environment.ts';
import { runCli } from '../helpers/cli.ts';
import { describeEachK6 } from '../helpers/k6-binaries.ts';
import { writeFakeK6 } from '../helpers/fake-k6.ts';

const dir = mkdtempSync(join(tmpdir(), 'calls-harness-k6-env-'));
const bin = writeFakeK6(join(dir, 'bin'));
const PATH = `${bin}${delimiter}${process.env.PATH}`;

describe('K6_* variables that change what runs', () => {
  it.each([
    ['K6_RPS', '2', 'node', /use --rate/],
    ['K6_RPS', '2', 'k6', /use --rate/],
    ['K6_THRESHOLDS', '{}', 'node', /use --threshold/],
    ['K6_SUMMARY_TREND_STATS', 'avg,p(95)', 'k6', /statistics the scenarios ask for/],
    ['K6_NO_SUMMARY', 'true', 'k6', /end-of-test summary/],
    ['K6_BATCH', '1', 'node', /no batches/],
    ['K6_THROW', 'true', 'k6', /never thrown/],
    ['K6_HOSTS', '{"a":"1.2.3.4"}', 'node', /--target/],
    ['K6_MAX_REDIRECTS', '10', 'k6', /never followed/],
    ['K6_SYSTEM_TAGS', 'status', 'node', /name and status tags/],
  ])('%s=%s on --engine %s: refused, E_BAD_SHAPE, exit 2, before k6 starts', async (name, value, engine, fix) => {
    const record = join(dir, `${name}-${engine}.json`);
    const res = await runCli(['load', '--engine', engine, '--scenario', 'read-mix', '--rate', '5', '--duration', '2s', '--report-dir', join(dir, `${name}-${engine}`), '--history', join(dir, 'h.ndjson'), '--quiet'], { env: { PATH, [name]: value, FAKE_K6_RECORD: record }, timeoutMs: 20_000 });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(new RegExp(`^calls-harness: error E_BAD_SHAPE: The environment variable ${name} is set: k6 would take it over the run`));
    expect(res.stderr).toMatch(fix);
    expect(existsSync(record)).toBe(false);
  });

  it('every variable of the table is refused; one that changes nothing the verdict reads is not', () => {
    for (const name of Object.keys(K6_RUN_CHANGING)) expect(k6EnvironmentProblem({ [name]: '1' }), name).toContain(`${name} is set`);
    expect(k6EnvironmentProblem({ K6_TAGS: 'team=calls', K6_USER_AGENT: 'x', K6_OUT: 'json=x.json' })).toBeNull();
  });

  it('the execution segment reaches k6 as its --execution-segment flags, not as variables it ignores', async () => {
    const record = join(dir, 'segment.json');
    await runCli(['load', '--engine', 'k6', '--scenario', 'read-mix', '--execution-segment', '0:1/2', '--execution-segment-sequence', '0,1/2,1', '--report-dir', join(dir, 'segment'), '--history', join(dir, 'h.ndjson'), '--quiet'], { env: { PATH, FAKE_K6_RECORD: record }, timeoutMs: 20_000 });
    const call = JSON.parse(readFileSync(record, 'utf8')) as { args: string[]; env: Record<string, string> };
    expect(call.args.join(' ')).toContain('--execution-segment 0:1/2 --execution-segment-sequence 0,1/2,1');
    expect(call.env.K6_EXECUTION_SEGMENT).toBeUndefined();
    expect(call.env.K6_EXECUTION_SEGMENT_SEQUENCE).toBeUndefined();
  });

});

// Real k6, once per k6 at hand (test/helpers/k6-binaries.ts): skipped where there is none.
describeEachK6('real k6', (k6) => {
    it('runs only its segment: half of the smoke profile\'s 32 or 33 iterations', { timeout: 60_000 }, async () => {
      const report = join(dir, `real-segment-${k6.version.text}`);
      const res = await runCli(['load', '--engine', 'k6', '--scenario', 'read-mix', '--execution-segment', '0:1/2', '--execution-segment-sequence', '0,1/2,1', '--report-dir', report, '--history', join(dir, 'h.ndjson'), '--quiet'], { env: { PATH: `${k6.dir}${delimiter}${process.env.PATH}` }, timeoutMs: 55_000 });
      expect(res.stderr).not.toMatch(/error E_/);
      const result = JSON.parse(readFileSync(join(report, 'result.json'), 'utf8')) as { load: { iterations: number; droppedIterations: number }[] };
      const { iterations, droppedIterations } = result.load[0] as { iterations: number; droppedIterations: number };
      // The whole test starts 32 or 33; its half, 16 or 17 (some may be dropped on a loaded machine, never more started).
      expect(iterations + droppedIterations).toBeGreaterThanOrEqual(15);
      expect(iterations + droppedIterations).toBeLessThanOrEqual(18);
    });
});
