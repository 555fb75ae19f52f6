// `report dashboard` over a long history: how long reading and drawing N runs takes, so that a
// cost that grows faster than n log n (a scan of the history per run took 68 s at 16,000 runs)
// shows here before a nightly job meets it.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HistoryEntry, HistorySection } from '../reports/history.ts';
import { readHistory } from '../reports/history.ts';
import { renderDashboard } from '../reports/render-dashboard.ts';

const OPERATIONS = ['getCall', 'listCallEvents', 'getCallReport'];
const START = Date.parse('2026-01-01T00:00:00.000Z');

/** Run i regresses: its p95 and p99 three times the others' (never an interrupted or generator-bound run). */
export const regresses = (i: number): boolean => i % 1000 === 500;

/**
 * N runs of two scenarios on two targets, one a minute; every 97th interrupted and every 89th
 * generator-bound (neither a baseline), figures steady but for the runs `regresses` picks.
 */
export function syntheticHistory(n: number): HistoryEntry[] {
  return Array.from({ length: n }, (_, i) => {
    const bad = regresses(i);
    const section = (scenario: string): HistorySection => ({
      scenario, profile: 'smoke', engine: 'node',
      operations: OPERATIONS.map((operationId) => ({ operationId, requests: 1000, ratePerS: 50, errorRate: 0, p50: 20, p95: (100 + (i % 7)) * (bad ? 3 : 1), p99: (150 + (i % 5)) * (bad ? 3 : 1) })),
      ...(!bad && i % 89 === 3 ? { generatorBound: true as const } : {}),
    });
    return {
      version: 1, runId: `run-${i}`, startedAt: new Date(START + i * 60_000).toISOString(), release: `v${Math.floor(i / 500)}`, specVersion: '1.0.0',
      gitRevision: null, target: i % 2 ? 'https://staging.example.com' : 'http://127.0.0.1:4010', embedded: i % 2 === 0, passed: true,
      interrupted: !bad && i % 97 === 5, load: [section('read-mix'), section('transfer-flows')],
    };
  });
}

/** Writes N runs as a history file, then reads and draws all of them as `report dashboard --last N` does. */
export function dashboardAtScale(n: number): { runs: number; fileMb: number; readMs: number; renderMs: number; pageMb: number } {
  const file = join(mkdtempSync(join(tmpdir(), 'calls-harness-bench-dashboard-')), 'history.ndjson');
  const text = syntheticHistory(n).map((e) => JSON.stringify(e)).join('\n') + '\n';
  writeFileSync(file, text);
  const t0 = performance.now();
  const history = readHistory(file);
  const t1 = performance.now();
  const page = renderDashboard(history.entries.slice(-n), history.skipped.length);
  const t2 = performance.now();
  return { runs: history.entries.length, fileMb: text.length / 1e6, readMs: t1 - t0, renderMs: t2 - t1, pageMb: page.length / 1e6 };
}
