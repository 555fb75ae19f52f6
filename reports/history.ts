// The history store: one JSON line per run, appended and synced. A crash mid-append can leave at
// most one broken last line; readers skip (and report) broken lines, writers start a new line.
import { CodedError, INPUT_KINDS, InputFileError, jsonText, makeFolder, readInputFile, redactValue, syncFolder } from '../core/index.ts';
import { closeSync, fsyncSync, openSync, readSync, fstatSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { harnessValidator } from '../openapi/index.ts';
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
  /** The run tested the embedded reference server (a new port each run); absent in older lines. */
  embedded?: boolean;
  passed: boolean;
  interrupted: boolean;
  load: HistorySection[];
}

/** One scenario's figures in a history entry. */
export interface HistorySection {
  scenario: string;
  profile: string;
  engine: string;
  /** k6's version or the harness's for the built-in engine; absent in older lines. */
  engineVersion?: string;
  operations: HistoryOperation[];
  /** `calls-harness capacity`: the answer, so that the dashboard can plot capacity per scenario over releases. */
  capacity?: { highestRateHeld: number | null; limitedBy: string | null; unit: string; confirmed: boolean };
  /** Its generator could not keep up: its figures are the generator's, so it is never a baseline nor judged by default. */
  generatorBound?: true;
}

/** The history line format this harness writes and reads (schemas/harness/history-entry.schema.json). */
export const HISTORY_VERSION = 1;

export interface HistoryRead {
  entries: HistoryEntry[];
  /** Lines that could not be read, with their line numbers. */
  skipped: { line: number; reason: string; newer?: true }[];
  /**
   * A line after the last entry that a newer calls-harness wrote (a later history version): the
   * newest run is one this harness cannot read, so "the newest run" is not the last entry.
   */
  newerAfterLast?: { line: number; version: number };
}

export function historyEntry(r: RunResult): HistoryEntry {
  return {
    version: 1, runId: r.meta.runId, startedAt: r.meta.startedAt, release: r.meta.release, specVersion: r.meta.specVersion,
    gitRevision: r.meta.gitRevision, target: r.meta.target, embedded: r.meta.embedded, passed: r.verdict.passed, interrupted: r.meta.interrupted,
    load: r.load.map((l) => ({ scenario: l.scenario, profile: l.profile, engine: l.engine, ...(l.engineVersion ? { engineVersion: l.engineVersion } : {}), operations: l.operations.map((o) => ({ operationId: o.operationId, requests: o.requests, ratePerS: o.ratePerS, errorRate: o.errorRate, p50: o.p50, p95: o.p95, p99: o.p99 })), ...capacityOf(r), ...(l.generatorBound?.length ? { generatorBound: true as const } : {}) })),
  };
}

function capacityOf(r: RunResult): Pick<HistorySection, 'capacity'> {
  const c = r.capacity;
  return c ? { capacity: { highestRateHeld: c.highestRateHeld, limitedBy: c.limitedBy, unit: c.unit, confirmed: c.confirmed } } : {};
}

export function appendHistory(file: string, entry: HistoryEntry): void {
  makeFolder(dirname(file));
  const { fd, created } = openHistory(file);
  try {
    // A line left unfinished by a crash must not swallow this one.
    const size = fstatSync(fd).size;
    let prefix = '';
    if (size > 0) {
      const last = Buffer.alloc(1);
      readSync(fd, last, 0, 1, size - 1);
      if (last[0] !== 0x0a) prefix = '\n';
    }
    // One write of the whole line (O_APPEND: two runs appending at once never interleave). A short
    // write (the disk filled up) leaves a torn last line, which readers skip: it is an error here.
    const line = Buffer.from(`${prefix}${jsonText(entry)}\n`);
    const written = writeSync(fd, line);
    if (written !== line.length) throw Object.assign(new Error(`only ${written} of ${line.length} bytes of the history line were written`), { code: 'ENOSPC' });
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  // A new file is an entry of its folder: synced as writeFileAtomic syncs it (best effort), or a
  // crash may lose the whole history that the write had returned from.
  if (created) syncFolder(dirname(file));
}

/** Opened for appending; `created` when this call made the file (another run may make it meanwhile). */
function openHistory(file: string): { fd: number; created: boolean } {
  try {
    return { fd: openSync(file, 'ax+'), created: true };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return { fd: openSync(file, 'a+'), created: false };
  }
}

/** A history file that cannot be read at all: missing, a folder, or not readable. */
export class HistoryError extends CodedError {
  constructor(message: string) {
    super('E_HISTORY_UNREADABLE', message);
  }
}

/** Every line checked against schemas/harness/history-entry.schema.json; bad lines are skipped and named. */
export function readHistory(file: string): HistoryRead {
  const entries: HistoryEntry[] = [];
  const skipped: HistoryRead['skipped'] = [];
  let newerAfterLast: HistoryRead['newerAfterLast'];
  const validate = harnessValidator('history-entry');
  readText(file).split('\n').forEach((text, i) => {
    if (!text.trim()) return;
    let entry: unknown;
    try {
      entry = JSON.parse(text);
    } catch {
      skipped.push({ line: i + 1, reason: 'not complete JSON (a write cut short, or an edit by hand)' });
      return;
    }
    if (validate(entry)) {
      // Redacted as read: a line written before a secret was held (or by an older harness) may quote it.
      entries.push(redactValue(entry) as HistoryEntry);
      newerAfterLast = undefined;
      return;
    }
    const version = (entry as { version?: unknown } | null)?.version;
    if (typeof version === 'number' && version > HISTORY_VERSION) {
      newerAfterLast = { line: i + 1, version };
      skipped.push({ line: i + 1, reason: `written by a newer calls-harness (history version ${version}; this one reads version ${HISTORY_VERSION})`, newer: true });
    } else skipped.push({ line: i + 1, reason: schemaReason(validate.errors?.[0]) });
  });
  return { entries, skipped, ...(newerAfterLast ? { newerAfterLast } : {}) };
}

function readText(file: string): string {
  try {
    return readInputFile(file, INPUT_KINDS.history);
  } catch (err) {
    if (err instanceof InputFileError) throw new HistoryError(err.message);
    const code = (err as NodeJS.ErrnoException).code;
    const what = code === 'ENOENT' ? 'does not exist' : code === 'EISDIR' ? 'is a folder, not a file' : code === 'EACCES' || code === 'EPERM' ? 'cannot be read (permission denied)' : `cannot be read (${code ?? (err as Error).message})`;
    throw new HistoryError(`The history ${file} ${what}. Give --history the file runs are appended to (reports/out/history.ndjson by default); \`calls-harness run\` or \`load\` writes it.`);
  }
}

function schemaReason(e: { instancePath: string; message?: string } | undefined): string {
  return `not a history entry: ${e?.instancePath || '(the line)'} ${e?.message ?? 'is invalid'} (schemas/harness/history-entry.schema.json)`;
}
