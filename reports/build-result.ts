// Assembles the run result from the contract run and the load runs, with the run's metadata.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ContractResult, partialLabel, skipFailure } from '../contract/index.ts';
import { INSTALLED, PROJECT_ROOT } from '../core/index.ts';
import { gateFailures, type SpecDiff } from '../openapi/index.ts';
import { specDiffVerdictLine } from './diff/render-markdown.ts';
import { thresholdLine } from './threshold-text.ts';
import { EXIT_SETUP_FAILED } from '../load/index.ts';
import { RESULT_VERSION, type ContractSection, type LoadSection, type RunMeta, type RunResult } from './model.ts';

/** `failOnSkip`: --fail-on-skip; `narrowedBy`: the filter flags that left checks out (a pass under them is partial). */
export function contractSection(result: ContractResult | null, error?: { code: string; message: string }, asked: { failOnSkip?: boolean; narrowedBy?: string[] } = {}): ContractSection {
  if (!result) return { exitCode: 2, cases: [], findings: [], ...(error ? { error } : {}) };
  const failed = result.cases.some((c) => c.outcome === 'failed' || c.outcome === 'errored');
  return {
    // A run that could not finish is not a verdict on the API, whatever it found before.
    exitCode: result.stopped ? 2 : failed ? 1 : 0,
    cases: result.cases.map((c) => ({ operationId: c.operationId, check: c.check, outcome: c.outcome, ...(c.reason ? { reason: c.reason } : {}), ...(c.skippedBy ? { skippedBy: c.skippedBy } : {}), findings: c.findings.length, ms: Math.round(c.ms) })),
    ...(asked.failOnSkip ? { failOnSkip: true as const } : {}),
    ...(asked.narrowedBy?.length ? { narrowedBy: asked.narrowedBy } : {}),
    findings: result.cases.flatMap((c) => c.findings),
    ...(result.stopped ? { error: result.stopped } : {}),
    rateLimit: result.rateLimit,
    seed: result.seed,
    maxExamples: result.maxExamples,
  };
}

export function harnessVersion(): string {
  return (JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

/** A `git` that does not answer in this time (a wrapper that hangs, a hung network disk) leaves the revision unknown. */
export const GIT_REVISION_TIMEOUT_MS = 5000;

let revision: { value: string | null } | null = null;

/** The project's commit, asked of git once per process and bounded: a report never waits on git. */
export function gitRevision(): string | null {
  revision ??= { value: askGit() };
  return revision.value;
}

function askGit(): string | null {
  // An installed package has no commit of its own: git would answer with the team's repository's.
  if (INSTALLED) return null;
  try {
    return execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'ignore'], timeout: GIT_REVISION_TIMEOUT_MS, killSignal: 'SIGKILL' }).toString().trim() || null;
  } catch {
    return null;
  }
}

/** What helps a generator that could not keep up. */
const GENERATOR_FIXES = 'try --validate sample:0.1, --runners N, more maxVUs, a core of its own or a bigger machine; raise `ulimit -n` if it ran out of file descriptors';

function loadReasons(l: LoadSection): string[] {
  const reasons: string[] = [];
  const failed = l.thresholds.filter((t) => !t.ok && t.judged !== false);
  // A threshold with no sample behind it was asked for and not judged: said by name, never a pass.
  const unjudged = l.thresholds.filter((t) => t.judged === false);
  // A setup() that failed comes first, on either engine: nothing ran, so what was not judged is its consequence.
  const setupFailed = l.exitCode === EXIT_SETUP_FAILED;
  if (setupFailed) reasons.push(`${l.scenario}: exit ${l.exitCode} (${l.problems[0] ?? 'setup() failed'})`);
  if (failed.length) reasons.push(`${l.scenario}: ${failed.length} threshold(s) failed (${failed.map(thresholdLine).join('; ')})`);
  if (unjudged.length && !setupFailed) reasons.push(`${l.scenario}: ${unjudged.length} threshold(s) not judged, no samples (${unjudged.map((t) => `${t.metric} ${t.expression}`).join('; ')})`);
  if (!reasons.length) reasons.push(...unfinishedReasons(l));
  // A generator that could not keep up measured itself: whatever its thresholds said, no pass.
  // Dropped iterations explain a failure (the load was not offered, so its latencies may be the
  // generator's); drops the thresholds allow (--threshold dropped_iterations=...) fail nothing.
  const bound = l.generatorBound ?? [];
  const dropped = (reasons.length || bound.length) && l.droppedIterations > 0 ? [`${l.droppedIterations} iteration(s) dropped`] : [];
  const signals = [...dropped, ...bound];
  if (signals.length) reasons.push(`${l.scenario}: generator-bound: ${signals.join('; ')}, so the profile's load was not offered and its figures may be the generator's, not the API's (${GENERATOR_FIXES})`);
  return reasons;
}

/** A run whose thresholds all held, yet did not end well or judged nothing at all. */
function unfinishedReasons(l: LoadSection): string[] {
  if (l.exitCode !== 0) return [`${l.scenario}: exit ${l.exitCode}${l.problems[0] ? ` (${l.problems[0]})` : ''}`];
  // A run that judged nothing never passes: no iteration completed, or no threshold was judged.
  // No summary data (a k6 that wrote none): nothing was judged, and the problem says why.
  if (l.thresholds.length === 0) return [`${l.scenario}: nothing was judged: ${l.problems[0] ?? 'the summary data holds no threshold'}`];
  if (l.iterations === 0) return [`${l.scenario}: no iteration completed: nothing was judged`];
  return [];
}

function contractReasons(contract: ContractSection): string[] {
  // The code and its paragraph: "E_TARGET_UNREACHABLE" alone does not name the target or the fix.
  if (contract.error) return [`contract run could not ${contract.cases.length ? 'finish' : 'start'}: ${contract.error.code}: ${contract.error.message}`];
  if (contract.exitCode !== 0) return [`contract: ${contract.findings.length} finding(s)`];
  // A contract stage that judged nothing never passes: every check skipped (a narrowed --checks
  // against a target that never gave the success answer those checks read), as load's rule above.
  if (contract.cases.length && !contract.cases.some((c) => c.outcome === 'passed')) return [`contract: all ${contract.cases.length} check(s) skipped: nothing was judged`];
  // Checks the target gave nothing to judge are no pass; those the user left out keep one, labelled partial.
  const skipped = skipFailure(contract.cases, contract.failOnSkip === true);
  return skipped ? [skipped] : [];
}

export function buildResult(meta: Omit<RunMeta, 'harnessVersion' | 'gitRevision'>, contract: ContractSection | null, load: LoadSection[], specDiff: SpecDiff | null = null): RunResult {
  const reasons: string[] = [];
  if (specDiff && gateFailures(specDiff).length) reasons.push(specDiffVerdictLine(specDiff));
  if (contract) reasons.push(...contractReasons(contract));
  for (const l of load) reasons.push(...loadReasons(l));
  // A stage stopped from anywhere (its own k6 killed, a runner stopped) interrupts the whole run.
  const interrupted = meta.interrupted || load.some((l) => l.interrupted);
  if (interrupted) reasons.push('interrupted before the end');
  const partial = reasons.length === 0 && contract ? partialLabel(contract.cases, contract.narrowedBy) : null;
  return {
    version: RESULT_VERSION,
    meta: { ...meta, interrupted, harnessVersion: harnessVersion(), gitRevision: gitRevision() },
    verdict: { passed: reasons.length === 0, reasons, ...(partial ? { partial } : {}) },
    contract,
    load,
    ...(specDiff ? { specDiff } : {}),
  };
}
