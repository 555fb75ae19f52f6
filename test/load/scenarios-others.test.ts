// transfer-races, read-mix and blind-transfer run with the smoke profile against the reference server.
import { describe, expect, it } from 'vitest';
import { smoke } from '../helpers/smoke-run.ts';

describe('the other scenarios on the smoke profile', () => {
  it('transfer-races: exactly one winner per race', async () => {
    const { result, values } = await smoke('transfer-races');
    expect(result.exitCode, result.problems.join('\n')).toBe(0);
    const won = (values('race_outcomes{outcome:complete_won}').count ?? 0) + (values('race_outcomes{outcome:cancel_won}').count ?? 0);
    expect(won).toBe(values('race_outcomes').count);
    expect(won).toBeGreaterThan(20);
    expect(values('race_violations').rate).toBe(0);
  });

  it('read-mix and blind-transfer hold their thresholds', async () => {
    for (const scenario of ['read-mix', 'blind-transfer']) {
      const { result, values } = await smoke(scenario);
      expect(result.exitCode, `${scenario}: ${result.problems.join('\n')}`).toBe(0);
      expect(values('checks').fails, scenario).toBe(0);
      expect(values('http_reqs').count, scenario).toBeGreaterThan(30);
    }
  });

  it('an agent with no live calls stops in setup() with that diagnosis', async () => {
    const { result } = await smoke('transfer-flows', { embedded: { liveRatio: 0 } });
    expect(result.exitCode).toBe(107);
    expect(result.problems.join()).toContain('has no live calls');
  });
});
