// What a scenario reads from the environment (`k6 run -e NAME=value`, or the harness).
import { parseValidateMode, type ValidateMode } from './body-sampling.ts';
import { effectiveProfile, type Profile } from './profiles.ts';
import { decodeIdList } from '../../core/portable.ts';

export interface ScenarioEnv {
  baseUrl: string;
  token: string;
  agentId: string;
  callIds: string[];
  /** The profile's name (a label when the profile came as data). */
  profile: string;
  /** The profile the run uses: CALLS_PROFILE_JSON, else the one named by CALLS_PROFILE. */
  shape: Profile;
  /** Which response bodies are validated (the profile's "validate", default all). */
  validate: ValidateMode;
  thresholds: Record<string, string[]>;
  transferTo: string[];
  completeRatio: number;
  tryNextRatio: number;
  bridgeTimeoutMs: number;
  summaryFile: string;
  /** sha256 of this bundle as the TestRun names it (CALLS_BUNDLE_SHA256), recorded for report merge. */
  bundleSha256?: string;
}

const list = (v: string | undefined) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : []);

export function readEnv(env: Record<string, string | undefined>): ScenarioEnv {
  const profile = env.CALLS_PROFILE ?? 'smoke';
  const shape = effectiveProfile(profile, env.CALLS_PROFILE_JSON);
  // The schema's pattern already holds; a hand-built bundle without it still fails here, at init.
  const validate = parseValidateMode(shape.validate ?? 'all');
  if (!validate) throw new Error(`profile "${profile}": "validate" must be all, status or sample:RATE (RATE from 0 to 1), got "${shape.validate}"`);
  return {
    baseUrl: (env.CALLS_API_BASE_URL ?? 'http://127.0.0.1:4010').replace(/\/$/, ''),
    token: env.CALLS_API_TOKEN ?? '',
    agentId: env.CALLS_API_AGENT_ID ?? '',
    callIds: decodeIdList(env.CALLS_CALL_IDS),
    profile,
    shape,
    validate,
    thresholds: env.CALLS_THRESHOLDS ? (JSON.parse(env.CALLS_THRESHOLDS) as Record<string, string[]>) : {},
    transferTo: list(env.CALLS_TRANSFER_TO).length ? list(env.CALLS_TRANSFER_TO) : ['+12015550100', '+12015550101', '+12015550102'],
    completeRatio: Number(env.CALLS_COMPLETE_RATIO ?? 0.7),
    tryNextRatio: Number(env.CALLS_TRY_NEXT_RATIO ?? 0.5),
    bridgeTimeoutMs: Number(env.CALLS_BRIDGE_TIMEOUT_MS ?? 10000),
    summaryFile: env.CALLS_SUMMARY_FILE ?? 'summary.json',
    ...(env.CALLS_BUNDLE_SHA256 ? { bundleSha256: env.CALLS_BUNDLE_SHA256 } : {}),
  };
}
