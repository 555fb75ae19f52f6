// A runner folder written by plain `k6 run` (a k6-operator pod, load/k8s-manifest.ts): no
// merge.json, but summary.json with the bundle's runner record (the segment and sequence k6 ran,
// its testid, scenario, profile and target) and k6's JSON samples, k6-samples.json.gz. The
// samples are counted again into the sinks merge.json would have held, and checked whole
// against the summary's own counts: a runner whose samples are missing or cut short is refused.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseDuration } from '../engine/durations.ts';
import { ExecutionSegmentError } from '../engine/execution-segment.ts';
import { EXIT_SETUP_FAILED } from '../k6-exit.ts';
import { readK6Samples } from '../k6-samples.ts';
import { checkProfile } from '../profile-files.ts';
import { K6_SAMPLES_FILE } from '../run-load.ts';
import { describeProfile, type RunShape } from '../run-shape.ts';
import { normalisedSegment, RUNNER_FORMAT, type RunnerFile } from '../runner-file.ts';
import type { Profile } from '../../scenarios/index.ts';
import { countK6Samples, type K6Summary } from './k6-runner-metrics.ts';
import { MergeError } from './merge-error.ts';
import type { RunnerFolder } from './runner-folder.ts';

/** lib/runner-record.ts's format: the bundle's handleSummary writes it under "runner". */
export const K6_RUNNER_RECORD = 'calls-harness-k6-runner/1';

/** k6's code for a run stopped from outside: what a runner that stopped before its end counts as. */
const STOPPED = 105;

interface RunnerRecord {
  format: string;
  scenario: string;
  segment: string | null;
  sequence: string | null;
  testid: string | null;
  profile: string;
  profileData: unknown;
  target: string;
  bundleSha256: string | null;
}

const FIX = 'Give the folders the TestRun\'s runners wrote (bundle --k8s: summary.json and k6-samples.json.gz in each), once every runner has finished, each copied whole.';

/** Whether the folder is a plain k6 runner's: summary.json with a runner record, and no merge.json. */
export function isK6RunnerSummary(summary: unknown): boolean {
  return (summary as { runner?: { format?: unknown } } | null)?.runner?.format === K6_RUNNER_RECORD;
}

export async function readK6RunnerFolder(dir: string, summary: K6Summary & { runner?: unknown }): Promise<RunnerFolder> {
  const record = checkRecord(dir, summary.runner);
  const samplesFile = join(dir, K6_SAMPLES_FILE);
  if (!existsSync(samplesFile)) throw new MergeError('E_RUNNER_INCOMPLETE', `The runner folder ${dir} has no ${K6_SAMPLES_FILE}: without k6's samples its percentiles cannot be merged exactly (k6 keeps no histogram in its summary). Run k6 with --out json=<its folder>/${K6_SAMPLES_FILE}, as the TestRun does. ${FIX}`);
  const { segment, sequence } = segmentOf(dir, record);
  const shape = shapeOf(dir, record);
  const { timeline } = await readK6Samples(samplesFile);
  const counted = await countK6Samples(samplesFile, summary, timeline.map((p) => ({ vus: 0, ...p })), false);
  if (counted.damaged) throw new MergeError('E_RUNNER_INCOMPLETE', `${counted.damaged.replace(/; the timeline.*$/, '')}: the runner's samples are cut short (its k6 killed while writing, or the copy stopped midway), so merging them would count part of its slice. ${FIX}`);
  const short = counted.missing[0];
  if (short) throw new MergeError('E_RUNNER_INCOMPLETE', `${samplesFile} holds ${short.samples} of ${short.metric}, where k6's summary beside it counts ${short.summary}: the samples are cut short (or of another run), so merging them would not count the runner's slice. ${FIX}`);
  const stopped = stoppedEarly(shape.profile, counted.runner.durationMs);
  const idle = (summary.metrics?.iterations?.values?.count ?? 0) > 0 ? null : 'it ran no iteration (its setup() failed, or its segment held none), so the merge is not a pass';
  const problems = [stopped, idle].filter((p): p is string => p !== null);
  const runner: RunnerFile = {
    format: RUNNER_FORMAT, scenario: record.scenario, profile: record.profile, bundleHash: record.bundleSha256 ?? '(not recorded: CALLS_BUNDLE_SHA256 was not set)',
    target: record.target, ...(record.testid ? { runId: record.testid } : {}), segment, sequence, engine: 'k6',
    // Plain k6 leaves no exit code in its folder: a runner that ran its whole plan ended as k6 does
    // (the thresholds are judged again on the whole test); one that stopped before it did not.
    exitCode: stopped ? STOPPED : idle ? EXIT_SETUP_FAILED : 0, problems, ...counted.runner, interrupted: stopped !== null,
  };
  return { dir, runner, shape, target: record.target, embedded: false };
}

function checkRecord(dir: string, data: unknown): RunnerRecord {
  const r = data as Partial<RunnerRecord> | null;
  const text = (v: unknown) => typeof v === 'string' && v.length > 0;
  const orNull = (v: unknown) => v === null || text(v);
  const bad = !r ? 'runner' : !text(r.scenario) ? 'runner.scenario' : !text(r.profile) ? 'runner.profile' : !text(r.target) ? 'runner.target'
    : !orNull(r.segment) ? 'runner.segment' : !orNull(r.sequence) ? 'runner.sequence' : !orNull(r.testid) ? 'runner.testid' : !orNull(r.bundleSha256) ? 'runner.bundleSha256'
      : typeof r.profileData !== 'object' || r.profileData === null ? 'runner.profileData' : null;
  if (bad) throw new MergeError('E_RUNNER_INCOMPLETE', `${join(dir, 'summary.json')} is damaged: its "${bad}" is missing or not what the bundle writes. ${FIX}`);
  return r as RunnerRecord;
}

function segmentOf(dir: string, r: RunnerRecord): { segment: string; sequence: string } {
  try {
    return normalisedSegment(r.segment ?? undefined, r.sequence ?? undefined);
  } catch (err) {
    if (!(err instanceof ExecutionSegmentError)) throw err;
    throw new MergeError('E_RUNNER_INCOMPLETE', `${join(dir, 'summary.json')} is damaged: its segment ${JSON.stringify(r.segment)} of ${JSON.stringify(r.sequence)} is not one k6 takes (${err.message}). ${FIX}`);
  }
}

/** The run shape the runner ran: its profile as the bundle took it (CALLS_PROFILE or CALLS_PROFILE_JSON). */
function shapeOf(dir: string, r: RunnerRecord): RunShape {
  let profile: Profile;
  try {
    profile = checkProfile(r.profileData, `The profile recorded in ${join(dir, 'summary.json')}`);
  } catch (err) {
    throw new MergeError('E_RUNNER_INCOMPLETE', `${(err as Error).message} ${FIX}`);
  }
  return { label: r.profile, source: join(dir, 'summary.json'), profile, flags: [], description: describeProfile(profile) };
}

/** Executors that run for their whole duration whatever their segment holds. */
const RUN_THEIR_DURATION = new Set(['constant-arrival-rate', 'ramping-arrival-rate', 'constant-vus', 'ramping-vus']);

/**
 * Why a runner ran less than its plan (its pod deleted or evicted: k6 stops on SIGTERM and still
 * writes its summary), or null. Only an executor that always runs its duration tells: an
 * iterations executor ends when its iterations are done.
 */
function stoppedEarly(p: Profile, durationMs: number): string | null {
  if (!RUN_THEIR_DURATION.has(p.executor)) return null;
  const planMs = (p.warmUp ? parseDuration(p.warmUp) : 0) + (p.stages?.length ? p.stages.reduce((s, st) => s + parseDuration(st.duration), 0) : p.duration ? parseDuration(p.duration) : 0);
  // Setup, teardown and the time to stop are on top of the plan; a stopped runner falls short of it.
  if (!planMs || durationMs >= planMs - 1000) return null;
  return `it ran ${(durationMs / 1000).toFixed(1)} s of its profile's ${(planMs / 1000).toFixed(1)} s: stopped before its end (its pod deleted or evicted?), so it is merged as it stands and the merge is not a pass`;
}
