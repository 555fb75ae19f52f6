// JUnit XML for a contract run: a test suite per operation, a test case per check, readable by
// GitHub Actions, GitLab and Jenkins.
import type { CaseResult, ContractResult } from '../contract/result.ts';
import { findingText } from './finding-text.ts';
import { attrs, xmlEscape } from './xml.ts';

const seconds = (ms: number) => (ms / 1000).toFixed(3);

export function contractJunit(result: ContractResult): string {
  const byOperation = new Map<string, CaseResult[]>();
  for (const c of result.cases) byOperation.set(c.operationId, [...(byOperation.get(c.operationId) ?? []), c]);
  const suites = [...byOperation].map(([op, cases]) => suite(op, cases));
  const total = counts(result.cases);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attrs({ name: `calls-harness contract (${result.target})`, ...total })}>`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}

function suite(operationId: string, cases: CaseResult[]): string {
  return [
    `  <testsuite${attrs({ name: operationId, ...counts(cases) })}>`,
    ...cases.map(testCase),
    '  </testsuite>',
  ].join('\n');
}

function testCase(c: CaseResult): string {
  const open = `    <testcase${attrs({ classname: `contract.${c.operationId}`, name: c.check, time: seconds(c.ms) })}`;
  switch (c.outcome) {
    case 'passed':
      return `${open}/>`;
    case 'skipped':
      return `${open}>\n      <skipped${attrs({ message: c.reason ?? 'skipped' })}/>\n    </testcase>`;
    case 'errored':
      return `${open}>\n      <error${attrs({ message: c.reason ?? 'error', type: 'harness' })}/>\n    </testcase>`;
    case 'failed': {
      const message = `${c.findings.length} finding(s): ${c.findings[0]?.title ?? ''}`;
      const body = c.findings.map(findingText).join('\n\n');
      return `${open}>\n      <failure${attrs({ message, type: c.check })}>${xmlEscape(body)}</failure>\n    </testcase>`;
    }
  }
}

function counts(cases: CaseResult[]): Record<string, string | number> {
  return {
    tests: cases.length,
    failures: cases.filter((c) => c.outcome === 'failed').length,
    errors: cases.filter((c) => c.outcome === 'errored').length,
    skipped: cases.filter((c) => c.outcome === 'skipped').length,
    time: seconds(cases.reduce((sum, c) => sum + c.ms, 0)),
  };
}
