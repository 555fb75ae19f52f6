// The end of every run: the result model, the run folder's files, the history line.
import { randomUUID } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { checkWritableFile, CodedError, FileWriteError, OUTPUT_ROOT, writeErrorReason } from '../core/index.ts';
import { appendHistory, buildResult, type CapacitySearch, type ContractSection, historyEntry, type LoadSection, type RunResult, withCapacity, writeRunFolder } from '../reports/index.ts';
import type { SpecDiff } from '../openapi/index.ts';

export const DEFAULT_HISTORY = join(OUTPUT_ROOT, 'reports', 'out', 'history.ndjson');

export interface RunInfo {
  target: string;
  embedded: boolean;
  specVersion: string;
  release: string | null;
  startedAt: string;
  interrupted: boolean;
}

export function newRunId(startedAt: string): string {
  return `${startedAt.replace(/[-:]/g, '').replace(/\..*$/, '')}-${randomUUID().slice(0, 8)}`;
}

/**
 * `unwritten`: files the run could not write before (summary.json on a full disk). Then no
 * result.json and no history line are written (a folder without result.json holds no run) and
 * the verdict is told through ReportsNotWrittenError, never as a pass.
 */
export function finishRun(dir: string, info: RunInfo, contract: ContractSection | null, load: LoadSection[], historyFile: string | null, specDiff: SpecDiff | null = null, capacity: CapacitySearch | null = null, unwritten: string[] = []): { result: RunResult; files: Record<string, string> } {
  const built = buildResult({ runId: newRunId(info.startedAt), ...info, finishedAt: new Date().toISOString() }, contract, load, specDiff);
  const result = capacity ? withCapacity(built, capacity) : built;
  if (unwritten.length) throw new ReportsNotWrittenError(result, `Cannot write ${unwritten.join('; ')}. Free space or fix permissions, then run again: this run's verdict is not kept (no result.json, no history line).`);
  try {
    const files = writeRunFolderOrFail(dir, result);
    if (historyFile) guarded(historyFile, () => appendHistory(historyFile, historyEntry(result)), 'Give --history a file you can write to.', `The run folder ${dir} holds this run's reports, but the history has no line for it (report compare and the dashboard do not see it).`);
    return { result, files };
  } catch (err) {
    if (err instanceof CodedError) throw new ReportsNotWrittenError(result, err.message);
    throw err;
  }
}

/**
 * The run ended but its reports or history line could not be written (a full disk, a folder made
 * read-only mid-run). It carries the result, so that the verdict is still printed; it is never a
 * pass (exit 2): a pass whose reports are missing would be a lie to CI.
 */
export class ReportsNotWrittenError extends CodedError {
  constructor(readonly result: RunResult, message: string) {
    super('E_OUTPUT_NOT_WRITABLE', message);
  }
}

export function writeRunFolderOrFail(dir: string, result: RunResult): Record<string, string> {
  return guarded(dir, () => writeRunFolder(dir, result));
}

/** The history can be appended to: found before any request, not after minutes of load. */
export function checkHistoryFile(path: string): void {
  checkWritableFile(path, '--history');
  // Not a folder, a FIFO or a device: appending would fail at the end of the run, block, or vanish.
  const stats = existsSync(path) ? statSync(path) : null;
  if (stats && !stats.isFile()) {
    throw new CodedError('E_OUTPUT_NOT_WRITABLE', `The history file ${resolve(path)} is ${stats.isDirectory() ? 'a folder' : 'not a regular file (a FIFO, a device or a socket)'}. Give --history a file (default: reports/out/history.ndjson).`);
  }
}

function guarded<T>(path: string, write: () => T, fix = 'Choose a folder you can write to with --report-dir.', kept = "This run's verdict is not kept."): T {
  try {
    return write();
  } catch (err) {
    // The file that failed, by name, and why (ENOSPC: no space left on the device...).
    const [file, reason] = err instanceof FileWriteError ? [err.path, err.reason] : [path, writeErrorReason(err)];
    throw new CodedError('E_OUTPUT_NOT_WRITABLE', `Cannot write ${file} (${reason}). ${fix} Free space or fix permissions, then run again. ${kept}`);
  }
}
