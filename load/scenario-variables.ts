// The CALLS_* variables a scenario reads from the environment beyond what `load` sets for it
// (README, "Other variables"). Checked before anything is built: a bad one would otherwise end
// the run at init as a script error (exit 70), or run it with NaN ratios.
import { parseDuration } from './engine/durations.ts';
import { parseThresholds } from './engine/thresholds.ts';
import { unknownOperationInThresholds } from './threshold-tags.ts';
import { k6EnvironmentProblem } from './k6-environment.ts';

export interface VariableProblem {
  code: 'E_CONFIG_INVALID' | 'E_BAD_THRESHOLD' | 'E_BAD_SHAPE';
  message: string;
}

const RATIOS = ['CALLS_COMPLETE_RATIO', 'CALLS_TRY_NEXT_RATIO'] as const;
const FIX = 'Fix it, or unset it to use the default';

/** The first problem, or null. `thresholdsSet`: load passes its own CALLS_THRESHOLDS, so the environment's is not read. */
export function scenarioVariableProblem(env: NodeJS.ProcessEnv, thresholdsSet: boolean): VariableProblem | null {
  const override = k6EnvironmentProblem(env);
  if (override) return { code: 'E_BAD_SHAPE', message: override };
  for (const name of RATIOS) {
    const raw = env[name];
    if (raw === undefined) continue;
    const n = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) return invalid(`The environment variable ${name} is ${JSON.stringify(raw)}: it must be a fraction from 0 to 1, e.g. 0.7. ${FIX}.`);
  }
  const timeout = env.CALLS_BRIDGE_TIMEOUT_MS;
  if (timeout !== undefined && !(timeout.trim() !== '' && Number(timeout) > 0 && Number.isFinite(Number(timeout)))) {
    return invalid(`The environment variable CALLS_BRIDGE_TIMEOUT_MS is ${JSON.stringify(timeout)}: it must be milliseconds above 0, e.g. 10000. ${FIX}.`);
  }
  return thresholdsSet || env.CALLS_THRESHOLDS === undefined ? null : thresholdsProblem(env.CALLS_THRESHOLDS);
}

function thresholdsProblem(raw: string): VariableProblem | null {
  const fix = 'Give a JSON object of metric to expressions, e.g. CALLS_THRESHOLDS=\'{"http_req_duration{name:getCall}":["p(95)<300"]}\', or use --threshold';
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (err) {
    return { code: 'E_BAD_THRESHOLD', message: `The environment variable CALLS_THRESHOLDS is not JSON (${(err as Error).message}). ${fix}.` };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value) || !Object.values(value).every((v) => Array.isArray(v) && v.every((e) => typeof e === 'string'))) {
    return { code: 'E_BAD_THRESHOLD', message: `The environment variable CALLS_THRESHOLDS is JSON but not an object of metric to lists of expressions. ${fix}.` };
  }
  try {
    parseThresholds(value as Record<string, string[]>, parseDuration);
  } catch (err) {
    return { code: 'E_BAD_THRESHOLD', message: `In the environment variable CALLS_THRESHOLDS, ${(err as Error).message}. ${fix}.` };
  }
  const unknown = unknownOperationInThresholds(value as Record<string, string[]>);
  return unknown ? { code: 'E_BAD_THRESHOLD', message: `In the environment variable CALLS_THRESHOLDS: ${unknown}` } : null;
}

function invalid(message: string): VariableProblem {
  return { code: 'E_CONFIG_INVALID', message };
}
