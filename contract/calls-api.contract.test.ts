// The contract as vitest suites: one per operation, a test per check. Against the embedded
// reference server by default; against a deployment with
//   CALLS_API_BASE_URL=https://... CALLS_API_TOKEN=... CALLS_API_AGENT_ID=... npx vitest run contract/
import { describe, expect, it } from 'vitest';
import { findingText } from '../reports/finding-text.ts';
import { runContract } from './run-contract.ts';

const env = process.env;
const result = await runContract(env.CALLS_API_BASE_URL
  ? { target: env.CALLS_API_BASE_URL, token: env.CALLS_API_TOKEN, agentId: env.CALLS_API_AGENT_ID, allowRemote: env.CALLS_API_ALLOW_REMOTE === '1' }
  : {});

const operations = [...new Set(result.cases.map((c) => c.operationId))];

// A run the target cut short (lost, rate-limited) skips what it did not check: that is no pass.
it('the run finished: the target answered and was not rate-limited throughout', () => {
  expect(result.stopped ? `${result.stopped.code}: ${result.stopped.message}` : '').toBe('');
});

describe.each(operations)('%s', (operationId) => {
  for (const c of result.cases.filter((x) => x.operationId === operationId)) {
    const test = c.outcome === 'skipped' ? it.skip : it;
    test(`${c.check}: ${c.description}`, () => {
      expect(c.reason && c.outcome === 'errored' ? c.reason : '').toBe('');
      expect(c.findings.map(findingText).join('\n\n')).toBe('');
    });
  }
});
