// The history store: one JSON line per run, appended and synced. A crash mid-append can leave at
// most one broken last line; readers skip (and report) broken lines, writers start a new line.
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, readSync, fstatSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { RunResult } from './model.ts';

export interface HistoryOperation {
  operationId: string;
  requests: number;
  ratePerS: number;
  errorRate: number;
  p50: number;
  p95: number;
  p99: number;
}

export interface HistoryEntry {
  version: 1;
  runId: string;
  startedAt: string;
  release: string | null;
  specVersion: string;
  gitRevision: string | null;
  target: string;
  passed: boolean;
  interrupted: boolean;
  load: { scenario: string; profile: string; engine: string; operations: HistoryOperation[] }[];
}

export interface HistoryRead {
  entries: HistoryEntry[];
  /** Lines that could not be read, with their line numbers. */
  skipped: { line: number; reason: string }[];
}

export function historyEntry(r: RunResult): HistoryEntry {
  return {
    version: 1, runId: r.meta.runId, startedAt: r.meta.startedAt, release: r.meta.release, specVersion: r.meta.specVersion,
    gitRevision: r.meta.gitRevision, target: r.meta.target, passed: r.verdict.passed, interrupted: r.meta.interrupted,
    load: r.load.map((l) => ({ scenario: l.scenario, profile: l.profile, engine: l.engine, operations: l.operations.map((o) => ({ operationId: o.operationId, requests: o.requests, ratePerS: o.ratePerS, errorRate: o.errorRate, p50: o.p50, p95: o.p95, p99: o.p99 })) })),
  };
}

export function appendHistory(file: string, entry: HistoryEntry): void {
  mkdirSync(dirname(file), { recursive: true });
  const fd = openSync(file, 'a+');
  try {
    // A line left unfinished by a crash must not swallow this one.
    const size = fstatSync(fd).size;
    let prefix = '';
    if (size > 0) {
      const last = Buffer.alloc(1);
      readSync(fd, last, 0, 1, size - 1);
      if (last[0] !== 0x0a) prefix = '\n';
    }
    writeSync(fd, `${prefix}${JSON.stringify(entry)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export function readHistory(file: string): HistoryRead {
  if (!existsSync(file)) return { entries: [], skipped: [] };
  const entries: HistoryEntry[] = [];
  const skipped: { line: number; reason: string }[] = [];
  readFileSync(file, 'utf8').split('\n').forEach((text, i) => {
    if (!text.trim()) return;
    try {
      const entry = JSON.parse(text) as HistoryEntry;
      if (entry?.version !== 1 || typeof entry.runId !== 'string' || !Array.isArray(entry.load)) throw new Error('not a history entry');
      entries.push(entry);
    } catch (err) {
      skipped.push({ line: i + 1, reason: (err as Error).message });
    }
  });
  return { entries, skipped };
}
