// The result as JUnit XML: each contract check per operation a test case, each threshold a test
// case, readable by GitHub Actions, GitLab and Jenkins.
import type { RunResult } from './model.ts';
import { findingText } from './finding-text.ts';
import { attrs, xmlEscape } from './xml.ts';

interface Case {
  classname: string;
  name: string;
  failure?: { message: string; body: string };
  skipped?: string;
  error?: string;
}

export function renderJunit(result: RunResult): string {
  const suites = new Map<string, Case[]>();
  for (const [suite, c] of [...contractCases(result), ...loadCases(result)]) suites.set(suite, [...(suites.get(suite) ?? []), c]);
  const all = [...suites.values()].flat();
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attrs({ name: 'calls-harness', ...counts(all) })}>`,
    ...[...suites].map(([name, cases]) => [`  <testsuite${attrs({ name, ...counts(cases) })}>`, ...cases.map(testCase), '  </testsuite>'].join('\n')),
    '</testsuites>',
    '',
  ].join('\n');
}

function contractCases(result: RunResult): [string, Case][] {
  const contract = result.contract;
  if (!contract) return [];
  const out: [string, Case][] = [];
  if (contract.error) out.push(['contract', { classname: 'contract', name: 'contract_run_starts', error: `${contract.error.code}: ${contract.error.message}` }]);
  for (const c of contract.cases) {
    const findings = contract.findings.filter((f) => f.operationId === c.operationId && f.check === c.check);
    const base: Case = { classname: `contract.${c.operationId}`, name: c.check };
    if (c.outcome === 'failed') base.failure = { message: `${findings.length} finding(s): ${findings[0]?.title ?? ''}`, body: findings.map(findingText).join('\n\n') };
    if (c.outcome === 'skipped') base.skipped = c.reason ?? 'skipped';
    if (c.outcome === 'errored') base.error = c.reason ?? 'error';
    out.push([`contract.${c.operationId}`, base]);
  }
  return out;
}

function loadCases(result: RunResult): [string, Case][] {
  return result.load.flatMap((l) => {
    const suite = `load.${l.scenario}`;
    const cases: [string, Case][] = l.thresholds.map((t) => [suite, { classname: suite, name: `${t.metric} ${t.expression}`, ...(t.ok ? {} : { failure: { message: `threshold ${t.metric} ${t.expression} failed`, body: `${l.scenario} (${l.profile}): ${t.metric} ${t.expression} did not hold` } }) }]);
    if (l.exitCode !== 0 && l.thresholds.every((t) => t.ok)) cases.push([suite, { classname: suite, name: 'run completes', error: `exit ${l.exitCode}: ${l.problems.join('; ')}` }]);
    return cases;
  });
}

function testCase(c: Case): string {
  const open = `    <testcase${attrs({ classname: c.classname, name: c.name })}`;
  if (c.failure) return `${open}>\n      <failure${attrs({ message: c.failure.message })}>${xmlEscape(c.failure.body)}</failure>\n    </testcase>`;
  if (c.skipped) return `${open}>\n      <skipped${attrs({ message: c.skipped })}/>\n    </testcase>`;
  if (c.error) return `${open}>\n      <error${attrs({ message: c.error })}/>\n    </testcase>`;
  return `${open}/>`;
}

function counts(cases: Case[]): Record<string, number> {
  return { tests: cases.length, failures: cases.filter((c) => c.failure).length, errors: cases.filter((c) => c.error).length, skipped: cases.filter((c) => c.skipped).length };
}
