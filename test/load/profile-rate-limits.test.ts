// Rates are limited per second, wherever they come from: a profile's rate or startRate per its
// timeUnit, a ramping-arrival-rate's stage targets, capacity's --start-rate and --max-rate. A rate
// of 1,000,000 per 1ms passed the limit checked on the number alone, and ran for minutes dropping.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MOST_PER_RUN, profileLimitProblem } from '../../load/profile-limits.ts';
import { PROJECT_ROOT } from '../../core/paths.ts';
import { expectCleanError, runCliInProcess } from '../helpers/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'calls-harness-rate-limits-'));
const profile = (name: string) => JSON.parse(readFileSync(join(PROJECT_ROOT, 'load', 'profiles', `${name}.json`), 'utf8')) as Record<string, unknown>;

describe('rate limits per second', () => {
  it('judge rate and startRate per their timeUnit', () => {
    expect(profileLimitProblem({ executor: 'constant-arrival-rate', rate: 1_000_000, timeUnit: '1ms' })).toMatch(/^\/rate: 1000000 per timeUnit 1ms is 1000000000 iterations\/s, more than 1000000/);
    expect(profileLimitProblem({ executor: 'ramping-arrival-rate', startRate: 2000, timeUnit: '1ms', stages: [] })).toMatch(/^\/startRate: /);
    // The same numbers per second or per minute are within the limit.
    expect(profileLimitProblem({ executor: 'constant-arrival-rate', rate: MOST_PER_RUN, timeUnit: '1s' })).toBeNull();
    expect(profileLimitProblem({ executor: 'constant-arrival-rate', rate: 50_000_000, timeUnit: '1m' })).toBeNull();
  });

  it('judge a ramping-arrival-rate stage target per timeUnit, a ramping-vus one as VUs', () => {
    expect(profileLimitProblem({ executor: 'ramping-arrival-rate', startRate: 1, timeUnit: '100ms', stages: [{ target: 10, duration: '1s' }, { target: 200_000, duration: '1s' }] })).toMatch(/^\/stages\/1\/target: 200000 per timeUnit 100ms is 2000000 iterations\/s/);
    expect(profileLimitProblem({ executor: 'ramping-vus', startVUs: 1, stages: [{ target: 200_000, duration: '1s' }] })).toBeNull();
    expect(profileLimitProblem({ executor: 'ramping-vus', startVUs: 1, stages: [{ target: 2_000_000, duration: '1s' }] })).toMatch(/most VUs one run holds/);
  });

  it('refuse a timeUnit of no time', () => {
    expect(profileLimitProblem({ executor: 'constant-arrival-rate', rate: 1, timeUnit: '0s' })).toMatch(/^\/timeUnit: 0s is no time at all/);
  });

  // k6 refuses these under 1s (exit 104); the built-in engine ran "duration": "0.0000001s" as one
  // iteration and passed every threshold, on operations it never called.
  it('refuse what k6 runs for less than 1s: a constant executor\'s duration or warm-up, an iterations run\'s maxDuration', async () => {
    expect(profileLimitProblem({ executor: 'constant-arrival-rate', rate: 4, duration: '0.0000001s' })).toMatch(/^\/duration: 0.0000001s is shorter than 1s/);
    expect(profileLimitProblem({ executor: 'constant-vus', vus: 1, duration: '999ms' })).toMatch(/^\/duration: 999ms is shorter than 1s/);
    expect(profileLimitProblem({ executor: 'constant-vus', vus: 1, duration: '5s', warmUp: '500ms' })).toMatch(/^\/warmUp: 500ms/);
    expect(profileLimitProblem({ executor: 'shared-iterations', vus: 1, iterations: 5, maxDuration: '0.5s' })).toMatch(/^\/maxDuration: 0.5s .*"the maxDuration must be at least 1s"/);
    expect(profileLimitProblem({ executor: 'constant-arrival-rate', rate: 4, duration: '1s', warmUp: '1000ms' })).toBeNull();
    // Ramping stages may be short, in k6 too.
    expect(profileLimitProblem({ executor: 'ramping-vus', startVUs: 1, stages: [{ target: 1, duration: '100ms' }] })).toBeNull();
    const file = join(dir, 'instant.json');
    writeFileSync(file, JSON.stringify({ ...profile('smoke'), duration: '0.0000001s' }));
    const res = await runCliInProcess(['load', '--scenario', 'read-mix', '--engine', 'node', '--profile', file, '--report-dir', join(dir, 'instant')]);
    expectCleanError(res, 'E_PROFILE_INVALID');
    expect(res.stderr).toContain('/duration: 0.0000001s is shorter than 1s');
  });

  it('refuse a profile file of 10^6 per 1ms before anything runs, and capacity rates past the limit', async () => {
    const file = join(dir, 'per-ms.json');
    writeFileSync(file, JSON.stringify({ ...profile('smoke'), rate: 1_000_000, timeUnit: '1ms' }));
    const out = join(dir, 'out');
    const res = await runCliInProcess(['load', '--scenario', 'read-mix', '--engine', 'node', '--profile', file, '--report-dir', out]);
    expectCleanError(res, 'E_PROFILE_INVALID');
    expect(res.stderr).toContain('/rate: 1000000 per timeUnit 1ms');
    const capacity = await runCliInProcess(['capacity', '--scenario', 'read-mix', '--engine', 'node', '--max-rate', String(MOST_PER_RUN + 1), '--report-dir', join(dir, 'cap')]);
    expectCleanError(capacity, 'E_USAGE');
    expect(capacity.stderr).toContain(`--max-rate ${MOST_PER_RUN + 1} iterations/s is more than ${MOST_PER_RUN}`);
  });
});
