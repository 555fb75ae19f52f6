// A scenario's options as its bundle computes them for a profile (its thresholds, trend stats) and
// the metrics it defines at init, without running it: the scenario bundled for Node and imported
// under the built-in engine's runtime, as a run would, with the environment a runner would get.
// For judging a test whose runners left no summary of their own (report merge --prometheus).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundleScenarios } from './bundle.ts';
import type { MetricType } from './engine/metrics/registry-types.ts';
import { RunState } from './engine/run-state.ts';
import { installRuntime, uninstallRuntime } from './engine/runtime.ts';
import type { ScriptOptions } from './engine/script-options.ts';
import { DEFAULT_TREND_STATS } from './engine/summary-data.ts';
import type { RunShape } from './run-shape.ts';

export interface ScenarioOptions {
  thresholds: NonNullable<ScriptOptions['thresholds']>;
  trendStats: string[];
  /** Every metric defined by the time init ends (k6's built-ins and the scenario's own), with its type. */
  metrics: Map<string, { type: MetricType; contains: 'time' | 'data' | 'default' }>;
}

let loads = 0;

export async function scenarioOptions(scenario: string, shape: RunShape, thresholds: Record<string, string[]> = {}): Promise<ScenarioOptions> {
  const dir = mkdtempSync(join(tmpdir(), 'calls-harness-options-'));
  const g = globalThis as Record<string, unknown>;
  const savedEnv = g.__ENV;
  const state = new RunState();
  try {
    const [bundle] = await bundleScenarios(dir, 'node', [scenario]);
    installRuntime(state);
    g.__ENV = {
      CALLS_PROFILE: shape.label, CALLS_PROFILE_JSON: JSON.stringify(shape.profile),
      ...(Object.keys(thresholds).length ? { CALLS_THRESHOLDS: JSON.stringify(thresholds) } : {}),
    };
    const script = (await import(`${pathToFileURL(bundle as string).href}?options=${++loads}`)) as { options?: ScriptOptions };
    const options = script.options ?? {};
    const metrics = new Map([...state.registry.metrics.values()].map((m) => [m.name, { type: m.type, contains: m.contains }]));
    return { thresholds: options.thresholds ?? {}, trendStats: options.summaryTrendStats ?? DEFAULT_TREND_STATS, metrics };
  } finally {
    uninstallRuntime();
    if (savedEnv === undefined) delete g.__ENV;
    else g.__ENV = savedEnv;
    await state.http.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
