// `bundle`: every scenario bundled for k6 into dist/k6/, and with a TestRun asked for, a k6-operator
// manifest per scenario into dist/k8s/. Returns the files written; the command prints them.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { bundleScenarios, DIST_DIR, isProfilePath, loadProfile, testRunManifest, validProfiles } from '../load/index.ts';
import { checkTarget } from '../target/index.ts';
import { CodedError } from '../core/index.ts';
import { refuseDotId } from './config.ts';

export interface TestRunInput {
  profile: string;
  target: string;
  agentId: string;
  parallelism: number;
  tokenSecret: string;
  /** This run's id: each TestRun's testid is calls-harness-<scenario>-<run id> (default: the time, UTC). */
  runId?: string;
  /** A ReadWriteMany claim of the user's for the runners' folders (default: the manifest claims one). */
  resultsClaim?: string;
  /** A Prometheus remote-write URL the runners also write to. */
  remoteWrite?: string;
}

/** A remote-write URL k6 can push to: http or https, checked here rather than by every runner. */
function remoteWriteUrl(raw: string): string {
  let url: URL | null = null;
  try {
    url = new URL(raw);
  } catch {
    // said below
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) throw new CodedError('E_USAGE', `--remote-write ${JSON.stringify(raw)} is not an http(s) URL. Give the receiver's remote-write endpoint, e.g. --remote-write http://prometheus.monitoring:9090/api/v1/write.`);
  return url.href;
}

/** A run id from the time, as a testid and a folder name can hold it: 20261207T031500Z. */
export function timeRunId(now = new Date()): string {
  return now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

/** A profile file left out of the bundles: its code and why. */
export type ProfileProblem = { code: string; message: string };

export async function bundleForK6(testRun: TestRunInput | null, onBadProfile: (p: ProfileProblem) => void): Promise<{ files: string[]; manifests: string[] }> {
  // Each profile stands alone: a broken file is left out of the bundles and named, not fatal,
  // unless it is the one the TestRun runs.
  const chosen = testRun ? loadProfile(testRun.profile) : null;
  // The same target check as every command, before anything is built.
  const target = testRun ? checkTarget(testRun.target, 'The flag --target') : null;
  // The TestRun's agent goes into request paths as every command's does.
  if (testRun) refuseDotId('The flag --agent', testRun.agentId, 'an agent id');
  for (const e of validProfiles().invalid) onBadProfile(e);
  const files = await bundleScenarios(DIST_DIR, 'k6');
  if (!testRun || !target) return { files, manifests: [] };
  mkdirSync(join(DIST_DIR, 'k8s'), { recursive: true });
  const runId = testRun.runId ?? timeRunId();
  const remoteWrite = testRun.remoteWrite === undefined ? undefined : remoteWriteUrl(testRun.remoteWrite);
  const manifests = files.map((file) => {
    const scenario = basename(file, '.js');
    const manifest = testRunManifest({
      scenario, bundleFile: basename(file), bundle: readFileSync(file, 'utf8'), parallelism: testRun.parallelism, profile: chosen?.label ?? testRun.profile,
      ...(isProfilePath(testRun.profile) ? { profileJson: JSON.stringify(chosen?.profile) } : {}), target, agentId: testRun.agentId, tokenSecret: testRun.tokenSecret,
      testId: `calls-harness-${scenario}-${runId}`, ...(testRun.resultsClaim ? { resultsClaim: testRun.resultsClaim } : {}), ...(remoteWrite ? { remoteWrite } : {}),
    });
    const out = join(DIST_DIR, 'k8s', `${scenario}.testrun.yaml`);
    writeFileSync(out, manifest);
    return out;
  });
  return { files, manifests };
}
