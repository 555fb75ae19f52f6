// The k6-operator's runners on real k6 (CALLS_HARNESS_K6_BINARIES, else the k6 on PATH with
// CALLS_HARNESS_K6 set): the TestRun `bundle --k8s` writes, started as the operator starts its pods
// (test/helpers/operator-runners.ts), 2 runners at 300/s for 20 s against the reference server in
// its own process, merged by `report merge`: how its merged http_req_waiting measures against the
// latency the server injected. The tests hold the merge exact; this is how close to the truth the
// whole path comes on this machine's cores.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleScenarios } from '../load/bundle.ts';
import { testRunManifest } from '../load/k8s-manifest.ts';
import { findK6 } from '../load/k6-runner.ts';
import { loadProfile } from '../load/profile-files.ts';
import { resolveRunShape } from '../load/run-shape.ts';
import { runTestRunLocally } from '../test/helpers/operator-runners.ts';
import { accuracyRows, injectedDelays, type AccuracyRow } from './injected-truth.ts';
import { spawnServer } from './spawn-server.ts';

const BIN = fileURLToPath(new URL('../bin/calls-harness.js', import.meta.url));
const OUT = mkdtempSync(join(tmpdir(), 'calls-harness-bench-operator-'));

/** The real k6 binaries to measure, or why there are none. */
export function operatorK6s(): string[] | { skipped: string } {
  const listed = (process.env.CALLS_HARNESS_K6_BINARIES ?? '').split(':').filter(Boolean);
  if (listed.length) return listed;
  const k6 = process.env.CALLS_HARNESS_K6 ? findK6() : null;
  return k6 ? [k6] : { skipped: 'neither CALLS_HARNESS_K6_BINARIES nor CALLS_HARNESS_K6 (with k6 on PATH) is set' };
}

export interface OperatorAccuracy {
  k6: string;
  iterations: number;
  dropped: number;
  rows: AccuracyRow[];
}

export async function operatorAccuracy(k6: string, rate = 300, seconds = 20): Promise<OperatorAccuracy> {
  const server = await spawnServer(['--latency', 'lognormal:8:40']);
  try {
    const [bundle] = (await bundleScenarios(join(OUT, 'dist'), 'k6', ['read-mix'])) as [string];
    const profile = join(OUT, `rate-${rate}.json`);
    writeFileSync(profile, JSON.stringify(resolveRunShape('smoke', { rate, duration: `${seconds}s`, vus: 120, validate: { kind: 'status' } }).profile));
    const chosen = loadProfile(profile);
    const manifest = testRunManifest({
      scenario: 'read-mix', bundleFile: basename(bundle), bundle: readFileSync(bundle, 'utf8'), parallelism: 2, profile: chosen.label, profileJson: JSON.stringify(chosen.profile),
      target: server.url, agentId: server.agentIds[0] as string, tokenSecret: 'calls-api-token', testId: `calls-harness-read-mix-bench-${Date.now()}`,
    });
    await injectedDelays(server, true);
    // getCall's own waiting as a sub-metric of the merged summary: a threshold that never fails names it.
    const runners = await runTestRunLocally({
      k6, manifest, script: bundle, volume: join(OUT, `volume-${Date.now()}`), secrets: { 'calls-api-token': { token: server.apiKey } }, timeoutMs: (seconds + 60) * 1000,
      extraEnv: { CALLS_THRESHOLDS: JSON.stringify({ 'http_req_waiting{name:getCall}': ['p(99)<600000'] }) },
    });
    const truth = await injectedDelays(server);
    const merged = join(OUT, `merged-${Date.now()}`);
    spawnSync(process.execPath, [BIN, 'report', 'merge', ...runners.map((r) => r.dir), '--report-dir', merged, '--history', join(OUT, 'history.ndjson'), '--quiet'], { stdio: 'ignore' });
    const summary = JSON.parse(readFileSync(join(merged, 'summary.json'), 'utf8')) as { metrics: Record<string, { values: Record<string, number> } | undefined> };
    return {
      k6, iterations: summary.metrics.iterations?.values.count ?? 0, dropped: summary.metrics.dropped_iterations?.values.count ?? 0,
      rows: accuracyRows(summary.metrics['http_req_waiting{name:getCall}']?.values ?? {}, truth.getCall, 1.5),
    };
  } finally {
    await server.stop();
  }
}
