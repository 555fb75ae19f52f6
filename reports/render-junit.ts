// The result as JUnit XML: each contract check per operation a test case, each threshold a test
// case, readable by GitHub Actions, GitLab and Jenkins.
import type { LoadSection, RunResult, ThresholdVerdict } from './model.ts';
import { SPEC_DIFF_SUITE, specDiffCases as operationCases } from './diff/render-junit.ts';
import { thresholdLine } from './threshold-text.ts';
import { sampleText, violationText } from './violation-text.ts';
import { findingText } from './finding-text.ts';
import { xmlText } from '../core/index.ts';
import { attrs } from './xml.ts';
import { engineLabel } from './engine-label.ts';

interface Case {
  classname: string;
  name: string;
  failure?: { message: string; body: string };
  skipped?: string;
  error?: string;
  /** Seconds, JUnit's `time`; absent where a case has no duration of its own (a threshold). */
  time?: number;
}

export function renderJunit(result: RunResult): string {
  const suites = new Map<string, Case[]>();
  const cases = [...specDiffCases(result), ...contractCases(result), ...loadCases(result)];
  for (const [suite, c] of [...cases, ...verdictCase(result, cases)]) suites.set(suite, [...(suites.get(suite) ?? []), c]);
  const all = [...suites.values()].flat();
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attrs({ name: 'calls-harness', ...counts(all) })}>`,
    ...[...suites].map(([name, cases]) => [`  <testsuite${attrs({ name, ...counts(cases) })}>`, ...suiteProperties(result, name), ...cases.map(testCase), '  </testsuite>'].join('\n')),
    '</testsuites>',
    '',
  ].join('\n');
}

/** A load suite's properties: the engine that ran it and its version ("k6" and "v1.3.0"), so CI pages say which k6 measured what. */
function suiteProperties(result: RunResult, suite: string): string[] {
  const l = result.load.find((s) => `load.${s.scenario}` === suite);
  if (!l) return [];
  const props: Record<string, string> = { engine: l.engine, ...(l.engineVersion ? { 'engine.version': l.engineVersion } : {}), 'engine.label': engineLabel(l.engine, l.engineVersion) };
  return ['    <properties>', ...Object.entries(props).map(([name, value]) => `      <property${attrs({ name, value })}/>`), '    </properties>'];
}

/** One case per operation of the API document diff (run --spec-from), failed when it breaks clients. */
function specDiffCases(result: RunResult): [string, Case][] {
  return result.specDiff ? operationCases(result.specDiff).map((c): [string, Case] => [SPEC_DIFF_SUITE, c]) : [];
}

function contractCases(result: RunResult): [string, Case][] {
  const contract = result.contract;
  if (!contract) return [];
  const out: [string, Case][] = [];
  // No cases: it could not start; cases: it could not finish (they are kept below).
  if (contract.error) out.push(['contract', { classname: 'contract', name: contract.cases.length ? 'contract_run_finishes' : 'contract_run_starts', error: `${contract.error.code}: ${contract.error.message}` }]);
  for (const c of contract.cases) {
    const findings = contract.findings.filter((f) => f.operationId === c.operationId && f.check === c.check);
    const base: Case = { classname: `contract.${c.operationId}`, name: c.check, ...(c.ms === undefined ? {} : { time: c.ms / 1000 }) };
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
    const cases: [string, Case][] = l.thresholds.map((t) => [suite, { classname: suite, name: `${t.metric} ${t.expression}`, ...(t.ok ? {} : { failure: thresholdFailure(l, t) }) }]);
    if (l.exitCode !== 0 && l.thresholds.every((t) => t.ok)) cases.push([suite, { classname: suite, name: 'run completes', error: `exit ${l.exitCode}: ${l.problems.join('; ')}` }]);
    return cases;
  });
}

/**
 * A verdict that fails for a reason no case above carries (a generator-bound run whose thresholds
 * held, a run that judged nothing, every contract check skipped): one failed case says why, so that
 * a CI page reading the JUnit never shows green for a run that exits non-zero.
 */
function verdictCase(result: RunResult, cases: [string, Case][]): [string, Case][] {
  // A pass that left checks out by choice: one skipped case says it is partial.
  if (result.verdict.passed && result.verdict.partial) return [['verdict', { classname: 'verdict', name: 'run passes (partial)', skipped: result.verdict.partial }]];
  if (result.verdict.passed || cases.some(([, c]) => c.failure || c.error)) return [];
  return [['verdict', { classname: 'verdict', name: 'run passes', failure: { message: result.verdict.reasons[0] ?? 'the run did not pass', body: result.verdict.reasons.join('\n') } }]];
}

/** The observed value and the miss in the message, which CI shows first; the failed checks in the body. */
function thresholdFailure(l: LoadSection, t: ThresholdVerdict): { message: string; body: string } {
  const op = /\{name:([^,}]+)/.exec(t.metric)?.[1];
  const related = /^(checks|contract_violations)\b/.test(t.metric) ? (l.violations ?? []).filter((v) => !op || v.operationId === op) : [];
  const checks = related.map((v) => `  ${violationText(v)}${v.sample ? `\n    e.g. ${sampleText(v)}` : ''}`);
  return {
    message: `threshold ${thresholdLine(t)}`,
    body: [`${l.scenario} (${l.profile}): ${thresholdLine(t)}`, ...(checks.length ? ['checks that failed:', ...checks] : [])].join('\n'),
  };
}

function testCase(c: Case): string {
  const open = `    <testcase${attrs({ classname: c.classname, name: c.name, ...(c.time === undefined ? {} : { time: seconds(c.time) }) })}`;
  if (c.failure) return `${open}>\n      <failure${attrs({ message: c.failure.message })}>${xmlText(c.failure.body)}</failure>\n    </testcase>`;
  if (c.skipped) return `${open}>\n      <skipped${attrs({ message: c.skipped })}/>\n    </testcase>`;
  if (c.error) return `${open}>\n      <error${attrs({ message: c.error })}/>\n    </testcase>`;
  return `${open}/>`;
}

function counts(cases: Case[]): Record<string, number | string> {
  const timed = cases.filter((c) => c.time !== undefined);
  return {
    tests: cases.length, failures: cases.filter((c) => c.failure).length, errors: cases.filter((c) => c.error).length, skipped: cases.filter((c) => c.skipped).length,
    // A suite's time is its cases' (run concurrently, so more than the wall time of the run).
    ...(timed.length ? { time: seconds(timed.reduce((sum, c) => sum + (c.time as number), 0)) } : {}),
  };
}

const seconds = (s: number) => s.toFixed(3);
