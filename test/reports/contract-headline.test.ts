// The contract's console headline never says PASS without evidence: an interrupted run, one that
// could not finish, or one with nothing passed says so, whatever verdict object came with it.
import { describe, expect, it } from 'vitest';
import type { CaseResult, ContractResult } from '../../contract/result.ts';
import { contractConsole } from '../../reports/contract-console.ts';

const base: ContractResult = {
  target: 'http://127.0.0.1:1', embedded: false, specVersion: '1', seed: 1, maxExamples: 1,
  startedAt: '2026-01-01T00:00:00Z', finishedAt: '2026-01-01T00:00:01Z', cases: [],
  rateLimit: { answers: 0, retries: 0, waitedMs: 0 },
} as unknown as ContractResult;
const passed = { operationId: 'getCall', check: 'success_status_conformance', outcome: 'passed', findings: [], ms: 1 } as unknown as CaseResult;
const skipped = { operationId: 'getCall', check: 'completion_is_reflected', outcome: 'skipped', reason: 'interrupted', findings: [], ms: 0 } as unknown as CaseResult;
const headline = (r: ContractResult, v: { passed: boolean; partial?: string } = { passed: true }) => contractConsole(r, v).split('\n').find((l) => l.startsWith('Contract ')) ?? '';

describe('the contract headline', () => {
  it('says PASS when cases passed and nothing failed', () => {
    expect(headline({ ...base, cases: [passed] }, { passed: true })).toMatch(/^Contract PASS against/);
  });

  it('never says PASS for a run interrupted before its first case, even with a passing verdict object', () => {
    expect(headline({ ...base, interrupted: true, cases: [skipped] }, { passed: true })).toMatch(/^Contract INTERRUPTED against .*: 0 passed/);
    expect(headline({ ...base, interrupted: true, cases: [skipped] })).not.toContain('PASS');
  });

  it('never says PASS when nothing passed (every case skipped, or none at all)', () => {
    expect(headline({ ...base, cases: [skipped] })).toMatch(/^Contract NOTHING JUDGED against/);
    expect(headline({ ...base, cases: [] }, { passed: true })).toMatch(/^Contract NOTHING JUDGED against/);
  });

  it('says COULD NOT FINISH for a stopped run and FAIL for a failed verdict', () => {
    expect(headline({ ...base, stopped: { code: 'E_TARGET_LOST', message: 'gone' }, cases: [passed] } as ContractResult)).toMatch(/^Contract COULD NOT FINISH/);
    expect(headline({ ...base, cases: [passed] }, { passed: false })).toMatch(/^Contract FAIL/);
  });
});
