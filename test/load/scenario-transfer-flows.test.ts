// transfer-flows runs with the smoke profile against the reference server, on the built-in engine.
import { describe, expect, it } from 'vitest';
import { smoke } from '../helpers/smoke-run.ts';

describe('transfer-flows on the smoke profile', () => {
  it('transfer-flows: percentiles per operation, checks counted, no contract violation', async () => {
    const { result, values } = await smoke('transfer-flows');
    expect(result.exitCode, result.problems.join('\n')).toBe(0);
    for (const op of ['warmTransferCall', 'getCall', 'completeWarmTransfer', 'cancelWarmTransfer', 'getCallReport']) {
      expect(values(`http_req_duration{name:${op}}`)['p(95)'], op).toBeGreaterThan(0);
      expect(values(`http_req_duration{name:${op}}`)['p(99)'], op).toBeGreaterThan(0);
    }
    expect(values('checks').passes).toBeGreaterThan(100);
    expect(values('checks').fails).toBe(0);
    expect(values('contract_violations').rate).toBe(0);
    expect(values('iterations').count).toBe(33);
    expect(values('flow_duration')['p(95)']).toBeGreaterThan(0);
    expect((values('transfer_outcomes{outcome:completed}').count ?? 0) + (values('transfer_outcomes{outcome:cancelled}').count ?? 0) + (values('transfer_outcomes{outcome:cancelled_try_next}').count ?? 0)).toBe(33);
  });

  it('transfer-flows against a server that breaks call detail: the violations threshold fails, exit 99', async () => {
    const { result, summary } = await smoke('transfer-flows', { embedded: { mutations: ['wrong-type:getCall'] } });
    expect(result.exitCode).toBe(99);
    expect(summary.metrics.contract_violations?.thresholds).toEqual({ 'rate==0': { ok: false } });
    expect(summary.metrics['contract_violations{name:getCall}']?.values.rate).toBe(1);
  });
});
