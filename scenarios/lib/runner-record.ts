// What a runner of a distributed test (a k6-operator pod running plain `k6 run`) records beside
// its summary data, so that `calls-harness report merge` can tell which slice of which test it
// ran without merge.json: the execution segment and sequence and the test id, read from k6 itself
// (the options in effect, `exec.test.options`), and what the scenario ran with. k6's version is
// not among them: no script can read it (its default User-Agent is not in the options).
import exec from 'k6/execution';
import type { ScenarioEnv } from './env.ts';
import type { Profile } from './profiles.ts';

export const RUNNER_RECORD_FORMAT = 'calls-harness-k6-runner/1';

export interface RunnerRecord {
  format: typeof RUNNER_RECORD_FORMAT;
  scenario: string;
  /** k6's --execution-segment and --execution-segment-sequence as k6 took them; null when not given. */
  segment: string | null;
  sequence: string | null;
  /** The `testid` tag (`--tag testid=...`, as the TestRun sets it); null when none. */
  testid: string | null;
  profile: string;
  profileData: Profile;
  target: string;
  /** sha256 of the bundle as the TestRun names it (CALLS_BUNDLE_SHA256); null when not given. */
  bundleSha256: string | null;
}

interface TestOptions {
  executionSegment?: unknown;
  executionSegmentSequence?: unknown;
  tags?: Record<string, unknown> | null;
}

/** The options k6 ran with; none where k6 (or the built-in engine) does not offer them. */
function testOptions(): TestOptions {
  try {
    const options = (exec.test as { options?: TestOptions }).options;
    return options && typeof options === 'object' ? options : {};
  } catch {
    return {};
  }
}

const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : null);

/** `scenario`: the scenario's file name ("read-mix"), as the harness names it. */
export function runnerRecord(scenario: string, env: ScenarioEnv): RunnerRecord {
  const o = testOptions();
  return {
    format: RUNNER_RECORD_FORMAT,
    scenario,
    segment: text(o.executionSegment),
    sequence: text(o.executionSegmentSequence),
    testid: text(o.tags ? o.tags.testid : undefined),
    profile: env.profile,
    profileData: env.shape,
    target: env.baseUrl,
    bundleSha256: text(env.bundleSha256),
  };
}
