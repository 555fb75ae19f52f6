// The run-shaping flags of `load` and `run` as users type them: wrong values end in one clear
// error, exit 2, and not a single request at the target (a loopback server that counts what
// reaches it); right ones shape the run, and every report says how.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arrivalRecorder, type Arrival } from '../helpers/arrival-recorder.ts';
import { expectCleanError, runCliInProcess } from '../helpers/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'calls-harness-shape-flags-'));
let target: Awaited<ReturnType<typeof arrivalRecorder>>;
let arrivals: Arrival[];

beforeAll(async () => {
  target = await arrivalRecorder();
  arrivals = target.arrivals;
});
afterAll(() => target.close());

/** `load` (or `run`) against the counting target, which must see nothing. */
async function refused(command: 'load' | 'run', args: string[], code: string): Promise<string> {
  const base = command === 'load' ? ['load', '--scenario', 'read-mix', '--engine', 'node'] : ['run', '--engine', 'node'];
  const res = await runCliInProcess([...base, '--target', target.url, '--agent', 'agt_1', '--report-dir', join(dir, `r-${Date.now()}`), ...args], { env: { CALLS_API_TOKEN: 'sk_test_0123456789abcdef0123' } });
  expectCleanError(res, code);
  expect(arrivals).toHaveLength(0);
  return res.stderr;
}

function profileFile(name: string, data: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, typeof data === 'string' ? data : JSON.stringify(data));
  return file;
}

describe('run-shaping flags with a wrong value', () => {
  it.each([
    [['--duration', '5'], '--duration', 'a number needs its unit'],
    [['--duration', '0s'], '--duration', 'at least 1s'],
    // k6 runs no constant executor (nor an iterations run's maxDuration) for less than 1s.
    [['--duration', '999ms'], '--duration', 'at least 1s'],
    [['--rate', '-1'], '--rate', 'whole number of 1 or more'],
    [['--rate', '2.5'], '--rate', 'whole number of 1 or more'],
    [['--vus', '0'], '--vus', 'whole number of 1 or more'],
    [['--iterations', 'ten'], '--iterations', 'whole number of 1 or more'],
    [['--stage', 'x'], '--stage', 'DURATION:TARGET'],
    [['--stage', '30:5'], '--stage', 'a number needs its unit'],
    [['--validate', 'sample:2'], '--validate', 'RATE a fraction from 0 to 1'],
    [['--validate', 'some'], '--validate', 'all, status or sample:RATE'],
  ])('load %j: E_USAGE naming the flag', async (args, flag, fix) => {
    const stderr = await refused('load', args, 'E_USAGE');
    expect(stderr).toContain(flag);
    expect(stderr).toContain(fix);
  });

  it.each([
    [['--stage', '1s:2', '--duration', '1s'], '--stage and --duration'],
    [['--iterations', '5', '--rate', '3'], '--iterations and --rate'],
    [['--iterations', '2', '--vus', '3'], 'fewer than the 3 VUs'],
    [['--profile', 'soak', '--vus', '5', '--iterations', '2'], 'fewer than the 5 VUs'],
  ])('load %j: flags that do not go together are E_BAD_SHAPE', async (args, why) => {
    expect(await refused('load', args, 'E_BAD_SHAPE')).toContain(why);
  });

  it('run refuses them the same way, before the contract suite sends anything', async () => {
    expect(await refused('run', ['--rate', '-1'], 'E_USAGE')).toContain('--rate');
    expect(await refused('run', ['--stage', '1s:2', '--duration', '1s'], 'E_BAD_SHAPE')).toContain('--stage');
    expect(await refused('run', ['--profile', join(dir, 'absent.json')], 'E_PROFILE_NOT_FOUND')).toContain('absent.json');
  });
});

describe('--profile FILE', () => {
  it('a file that does not exist is named, with the profiles there are', async () => {
    const stderr = await refused('load', ['--profile', join(dir, 'missing', 'mine.json')], 'E_PROFILE_NOT_FOUND');
    expect(stderr).toContain(join(dir, 'missing', 'mine.json'));
    expect(stderr).toContain('smoke');
  });

  it('a file that is not JSON is named', async () => {
    const file = profileFile('not-json.json', '{"description": ');
    expect(await refused('load', ['--profile', file], 'E_PROFILE_INVALID')).toContain(file);
  });

  it.each([
    [{ description: 'x', executor: 'constant-arrival-rate', rate: 0, duration: '1s', preAllocatedVUs: 1, latency: {}, errorRate: 0.01 }, '/rate'],
    [{ description: 'x', executor: 'constant-arrival-rate', rate: 2, preAllocatedVUs: 1, latency: {}, errorRate: 0.01 }, '/duration'],
    [{ description: 'x', executor: 'constant-vus', vus: 1, duration: '1s', latency: {}, errorRate: 0.01, valdate: 'all' }, '/valdate'],
    [{ description: 'x', executor: 'constant-vus', vus: 1, duration: '1s', latency: {}, errorRate: 0.01, validate: 'sample:2' }, '/validate'],
    [{ description: 'x', executor: 'looping-vus', vus: 1, duration: '1s', latency: {}, errorRate: 0.01 }, '/executor'],
  ])('a file that breaks the profile schema is named with the field (%#)', async (data, field) => {
    const file = profileFile(`bad-${field.slice(1)}.json`, data);
    const stderr = await refused('load', ['--profile', file], 'E_PROFILE_INVALID');
    expect(stderr).toContain(file);
    expect(stderr).toContain(`"${field}"`);
    expect(stderr).toContain('schemas/harness/profile.schema.json');
  });
});

describe('a shaped run, as the reports tell it', () => {
  it('load: the shape in the console, summary.md, report.html, result.json, profile.json and the history', async () => {
    const report = join(dir, 'shaped-load');
    const history = join(dir, 'history.ndjson');
    const res = await runCliInProcess(['load', '--scenario', 'read-mix', '--engine', 'node', '--rate', '10', '--duration', '1s', '--validate', 'sample:0.5', '--report-dir', report, '--history', history], 60_000);
    expect(res.code, res.stderr).toBe(0);
    const line = 'constant-arrival-rate 10/s for 1s (8 to 40 VUs); validate sample:0.5 (--duration 1s --rate 10 --validate sample:0.5)';
    expect(res.stdout).toContain(`shape: ${line}`);
    expect(readFileSync(join(report, 'summary.md'), 'utf8')).toContain('Shape: constant-arrival-rate 10/s');
    expect(readFileSync(join(report, 'report.html'), 'utf8')).toContain('<b>Shape:</b> constant-arrival-rate 10/s');
    const result = JSON.parse(readFileSync(join(report, 'result.json'), 'utf8')) as { load: { profile: string; shape: { bodiesValidated: number; validate: string } }[] };
    // Named with its flags: a baseline is only ever a run of the same shape.
    expect(result.load[0]?.profile).toBe('smoke --duration 1s --rate 10 --validate sample:0.5');
    expect(result.load[0]?.shape.validate).toBe('sample:0.5');
    expect(result.load[0]?.shape.bodiesValidated).toBeGreaterThan(0);
    expect(JSON.parse(readFileSync(join(report, 'profile.json'), 'utf8'))).toMatchObject({ label: 'smoke', profile: { executor: 'constant-arrival-rate', rate: 10, duration: '1s', validate: 'sample:0.5' } });
    const entry = JSON.parse(readFileSync(history, 'utf8').trim().split('\n').pop() as string) as { load: { profile: string }[] };
    expect(entry.load[0]?.profile).toBe(result.load[0]?.profile);
  });

  it('run: the flags shape every load stage of the main job', async () => {
    const report = join(dir, 'shaped-run');
    const res = await runCliInProcess(['run', '--engine', 'node', '--scenario', 'blind-transfer', '--vus', '1', '--iterations', '3', '--validate', 'status', '--report-dir', report, '--history', join(dir, 'run-history.ndjson'), '--quiet'], 120_000);
    expect(res.code, res.stderr).toBe(0);
    const result = JSON.parse(readFileSync(join(report, 'result.json'), 'utf8')) as { load: { iterations: number; shape: { executor: string; bodiesValidated: number } }[] };
    expect(result.load).toHaveLength(1);
    expect(result.load[0]).toMatchObject({ iterations: 3, shape: { executor: 'shared-iterations', bodiesValidated: 0 } });
  });
});
