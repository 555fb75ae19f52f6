// A script's exported options as scenarios, the way k6 reads them: `scenarios`, or the
// shortcuts (vus + duration, iterations, stages) that k6 turns into one default scenario.
import { CodedError } from '../../core/index.ts';
import { EXECUTORS, type ScenarioConfig } from './executors/index.ts';

export interface ScriptOptions {
  scenarios?: Record<string, ScenarioConfig>;
  vus?: number;
  duration?: string;
  iterations?: number;
  stages?: { target: number; duration: string }[];
  thresholds?: Record<string, (string | { threshold: string; abortOnFail?: boolean; delayAbortEval?: string })[]>;
  summaryTrendStats?: string[];
  setupTimeout?: string;
  teardownTimeout?: string;
}

export class EngineConfigError extends CodedError {
  constructor(message: string) {
    super('E_ENGINE_UNSUPPORTED', message);
  }
}

export function scenariosOf(options: ScriptOptions, exported: Record<string, unknown>): Record<string, ScenarioConfig> {
  const scenarios = options.scenarios ?? { default: shortcut(options) };
  for (const [name, s] of Object.entries(scenarios)) {
    if (!EXECUTORS[s.executor]) {
      throw new EngineConfigError(`scenario "${name}" uses the executor "${s.executor}", which the built-in engine does not offer (it offers ${Object.keys(EXECUTORS).join(', ')}); run it with real k6 (--engine k6)`);
    }
    const exec = s.exec ?? 'default';
    if (typeof exported[exec] !== 'function') throw new EngineConfigError(`scenario "${name}" runs "${exec}", which the script does not export as a function`);
  }
  return scenarios;
}

function shortcut(o: ScriptOptions): ScenarioConfig {
  if (o.stages) return { executor: 'ramping-vus', startVUs: o.vus ?? 1, stages: o.stages };
  if (o.duration) return { executor: 'constant-vus', vus: o.vus ?? 1, duration: o.duration };
  return { executor: 'shared-iterations', vus: o.vus ?? 1, iterations: o.iterations ?? 1 };
}
