// What `--validate` saves the built-in engine's generator: CPU per getCall request with every
// body validated, a 10% sample and statuses only, the same closed-loop load against the same
// reference server (in its own process, so only the generator's CPU is counted).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundlePath, bundleScenarios } from '../load/bundle.ts';
import { runEngine } from '../load/engine/run-engine.ts';
import { loadProfile } from '../load/profile-files.ts';
import { callIdsOf, spawnServer } from './spawn-server.ts';

const SCRIPTS = fileURLToPath(new URL('./scripts/', import.meta.url));
const MODES = ['all', 'sample:0.1', 'status'] as const;

export interface ValidationCost {
  mode: (typeof MODES)[number];
  cpuUsPerRequest: number;
  requests: number;
  bodiesValidated: number;
}

export async function validationCost(seconds = 4, vus = 32): Promise<ValidationCost[]> {
  const out = mkdtempSync(join(tmpdir(), 'calls-harness-bench-validate-'));
  await bundleScenarios(out, 'k6', ['call-detail'], SCRIPTS);
  await bundleScenarios(out, 'node', ['call-detail'], SCRIPTS);
  const server = await spawnServer(['--calls-per-agent', '100']);
  try {
    const ids = await callIdsOf(server);
    const smoke = loadProfile('smoke').profile;
    const run = (mode: string, length: number) => runEngine({
      bundle: bundlePath(out, 'node', 'call-detail'), k6Bundle: bundlePath(out, 'k6', 'call-detail'),
      env: {
        CALLS_API_BASE_URL: server.url, CALLS_API_TOKEN: server.apiKey, BENCH_CALL_IDS: ids.join(','),
        // The mode reaches the script as `load --validate` passes it: in the profile, as data.
        CALLS_PROFILE_JSON: JSON.stringify({ ...smoke, validate: mode }),
        BENCH_OPTIONS: JSON.stringify({ scenarios: { bench: { executor: 'constant-vus', vus, duration: `${length}s`, gracefulStop: '5s' } }, summaryTrendStats: ['count'] }),
      },
    });
    // Untimed first: the JIT warm-up would otherwise be charged to whichever mode runs first.
    await run('all', 1);
    const rows: ValidationCost[] = [];
    for (const mode of MODES) {
      const cpu0 = process.cpuUsage();
      const { summary } = await run(mode, seconds);
      const cpu = process.cpuUsage(cpu0);
      const requests = summary.metrics.http_reqs?.values.count ?? 0;
      rows.push({ mode, requests, cpuUsPerRequest: (cpu.user + cpu.system) / Math.max(1, requests), bodiesValidated: summary.metrics.bodies_validated?.values.count ?? 0 });
    }
    return rows;
  } finally {
    await server.stop();
  }
}
