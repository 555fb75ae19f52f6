// Where real k6 is installed (users' CI; not these machines), every scenario runs on it and on
// the built-in engine with the same profile against the same kind of server, and they agree.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { scenarioNames } from '../../load/bundle.ts';
import { findK6 } from '../../load/k6-runner.ts';
import { smoke } from '../helpers/smoke-run.ts';

const k6 = findK6();

describe.runIf(k6)(`real k6 (${k6 ? execFileSync(k6, ['version']).toString().trim() : 'not installed'})`, () => {
  it.each(scenarioNames())('%s: the same iterations, threshold verdicts and checked operations', async (scenario) => {
    const real = await smoke(scenario, { engine: 'k6' });
    const ours = await smoke(scenario, { engine: 'node' });
    expect(real.result.exitCode, real.result.problems.join('\n')).toBe(0);
    expect(ours.result.exitCode).toBe(real.result.exitCode);
    // k6 itself starts the arrival that falls exactly on the end of the duration only sometimes.
    expect(Math.abs((ours.values('iterations').count ?? 0) - (real.values('iterations').count ?? 0))).toBeLessThanOrEqual(1);
    const verdicts = (s: typeof real) => Object.fromEntries(Object.entries(s.summary.metrics).filter(([, m]) => m.thresholds).map(([k, m]) => [k, m.thresholds]));
    expect(verdicts(ours)).toEqual(verdicts(real));
    // Which status checks ran depends on the random mix; the operations checked do not.
    const operations = (s: typeof real) => [...new Set((s.summary.root_group as { checks: { name: string }[] }).checks.map((c) => c.name.split(' ')[0]))].sort();
    expect(operations(ours)).toEqual(operations(real));
    expect(ours.values('checks').rate).toBeGreaterThan(0.99);
    expect(real.values('checks').rate).toBeGreaterThan(0.99);
  }, 90_000);
});
