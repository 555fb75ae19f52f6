// Bundles a fixture script (test/fixtures/k6/*.ts) for the built-in engine and runs it.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundlePath, bundleScenarios } from '../../load/bundle.ts';
import { runEngine, type EngineOptions, type EngineResult } from '../../load/engine/run-engine.ts';

const FIXTURES = fileURLToPath(new URL('../fixtures/k6/', import.meta.url));
const OUT = mkdtempSync(join(tmpdir(), 'calls-harness-engine-'));

export async function runFixture(name: string, env: Record<string, string>, extra: Partial<EngineOptions> = {}): Promise<EngineResult & { ms: number }> {
  await bundleScenarios(OUT, 'k6', [name], FIXTURES);
  await bundleScenarios(OUT, 'node', [name], FIXTURES);
  const t0 = performance.now();
  const result = await runEngine({ bundle: bundlePath(OUT, 'node', name), k6Bundle: bundlePath(OUT, 'k6', name), env, ...extra });
  return { ...result, ms: performance.now() - t0 };
}

export const metric = (r: EngineResult, key: string) => r.summary.metrics[key];
