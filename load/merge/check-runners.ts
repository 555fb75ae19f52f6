// Runner folders make one test only when they ran the same script, shape and segment sequence,
// and their segments cover the test once: 0 to 1, without gap or overlap.
import { parseSegment, type ExecutionSegment, type Rational } from '../engine/execution-segment.ts';
import { scenarioNames } from '../bundle.ts';
import { shapedProfileName } from '../run-shape.ts';
import { canonicalJson } from '../../core/index.ts';
import { MergeError } from './merge-error.ts';
import type { RunnerFolder } from './runner-folder.ts';

const NOT_RECORDED = '(not recorded: a runner of an older harness)';

/**
 * What every runner of one test shares, each with how it reads in an error. `recorded`: compared
 * only between runners that recorded it (plain k6 cannot record its own version).
 */
const SAME: { what: string; of: (r: RunnerFolder) => string; recorded?: (r: RunnerFolder) => boolean }[] = [
  // Runners of separate runs, or against different targets, are not one test whatever else they share.
  { what: 'target', of: (r) => r.runner.target ?? NOT_RECORDED },
  { what: 'run id', of: (r) => r.runner.runId ?? NOT_RECORDED },
  { what: 'scenario', of: (r) => r.runner.scenario },
  { what: 'bundle (sha256 of the k6 bundle)', of: (r) => r.runner.bundleHash },
  { what: 'run shape (profile and flags)', of: (r) => shapedProfileName(r.shape) },
  { what: 'execution segment sequence', of: (r) => r.runner.sequence || '(none)' },
  { what: 'thresholds', of: (r) => thresholdsText(r.runner.thresholds) },
  { what: 'engine', of: (r) => r.runner.engine },
  // Runners of one test ran one k6 (or one harness): figures of two versions are not one test's.
  { what: 'engine version', of: (r) => r.runner.engineVersion ?? '(not recorded)', recorded: (r) => r.runner.engineVersion !== undefined },
];

/**
 * The thresholds as a set: k6 lists a runner's metrics, and the expressions of each, in its maps'
 * order, which differs from run to run, so neither order may tell two runners apart.
 */
function thresholdsText(thresholds: RunnerFolder['runner']['thresholds']): string {
  const sorted = Object.entries(thresholds).map(([metric, list]) => [metric, Array.isArray(list) ? [...list].sort((a, b) => (canonicalJson(a) < canonicalJson(b) ? -1 : canonicalJson(a) > canonicalJson(b) ? 1 : 0)) : list]);
  return canonicalJson(Object.fromEntries(sorted));
}

export function checkRunners(runners: RunnerFolder[]): void {
  const first = runners[0];
  if (!first) throw new MergeError('E_RUNNER_INCOMPLETE', 'No runner folder was given. Give every runner\'s folder: `calls-harness report merge DIR1 DIR2 ... --report-dir OUT`.');
  for (const { what, of, recorded } of SAME) {
    const compared = recorded ? runners.filter(recorded) : runners;
    const one = compared[0];
    const other = one && compared.find((r) => of(r) !== of(one));
    if (one && other) {
      throw new MergeError('E_MERGE_MISMATCH', `The runners are not of one test: ${one.dir} ran ${what} ${of(one)}, ${other.dir} ran ${of(other)}. Merge only the folders of the runners of one test, all started with the same --target, --run-id, scenario, profile, flags and --execution-segment-sequence (load --runners N does this for you; a TestRun's runners share its testid, which a runner started with load joins as its --run-id).`);
    }
  }
  // A scenario of this harness's: its name also names the merged run's folder, so never a path.
  if (!scenarioNames().includes(first.runner.scenario)) throw new MergeError('E_UNKNOWN_SCENARIO', `${first.dir} ran the scenario ${JSON.stringify(first.runner.scenario)}, which this harness does not have (${scenarioNames().join(', ')}): it is not a runner of one of its tests.`);
  checkCoverage(runners);
}

const lt = (a: Rational, b: Rational) => a.num * b.den < b.num * a.den;
const eq = (a: Rational, b: Rational) => a.num * b.den === b.num * a.den;
const text = (r: Rational) => (r.den === 1n ? String(r.num) : `${r.num}/${r.den}`);

/** The segments, in order, must run from 0 to 1 with each starting where the previous ended. */
function checkCoverage(runners: RunnerFolder[]): void {
  const segments = runners.map((r) => ({ dir: r.dir, s: parseSegment(r.runner.segment) })).sort((a, b) => (lt(a.s.from, b.s.from) ? -1 : lt(b.s.from, a.s.from) ? 1 : 0));
  let end: Rational = { num: 0n, den: 1n };
  let prev: { dir: string; s: ExecutionSegment } | null = null;
  for (const seg of segments) {
    if (lt(seg.s.from, end)) {
      throw new MergeError('E_MERGE_SEGMENTS', `Segments overlap: ${seg.dir} ran ${text(seg.s.from)}:${text(seg.s.to)} and ${prev?.dir} ran ${prev ? `${text(prev.s.from)}:${text(prev.s.to)}` : ''}, so part of the test would count twice. Give each runner's folder once, from runners with distinct segments of one sequence.`);
    }
    if (!eq(seg.s.from, end)) throw new MergeError('E_MERGE_SEGMENTS', `A segment is missing: no runner ran ${text(end)}:${text(seg.s.from)}, so the merge would not be the whole test. Give the folder of the runner of that segment too.`);
    end = seg.s.to;
    prev = seg;
  }
  if (!eq(end, { num: 1n, den: 1n })) throw new MergeError('E_MERGE_SEGMENTS', `A segment is missing: no runner ran ${text(end)}:1, so the merge would not be the whole test. Give the folder of the runner of that segment too.`);
}
