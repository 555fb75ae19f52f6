// The end of every run: the result model, the run folder's files, the history line.
import { randomUUID } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { checkWritableFile } from '../reports/claim-run-folder.ts';
import { buildResult } from '../reports/build-result.ts';
import { withCapacity } from '../reports/capacity.ts';
import { appendHistory, historyEntry } from '../reports/history.ts';
import type { CapacitySearch, ContractSection, LoadSection, RunResult } from '../reports/model.ts';
import { writeRunFolder } from '../reports/write-run-folder.ts';
import type { SpecDiff } from '../spec/diff/model.ts';
import { PROJECT_ROOT } from '../spec/paths.ts';
import { HarnessError } from './errors.ts';

export const DEFAULT_HISTORY = join(PROJECT_ROOT, 'reports', 'out', 'history.ndjson');

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

export function finishRun(dir: string, info: RunInfo, contract: ContractSection | null, load: LoadSection[], historyFile: string | null, specDiff: SpecDiff | null = null, capacity: CapacitySearch | null = null): { result: RunResult; files: Record<string, string> } {
  const built = buildResult({ runId: newRunId(info.startedAt), ...info, finishedAt: new Date().toISOString() }, contract, load, specDiff);
  const result = capacity ? withCapacity(built, capacity) : built;
  const files = writeRunFolderOrFail(dir, result);
  if (historyFile) guarded(historyFile, () => appendHistory(historyFile, historyEntry(result)), 'Give --history a file you can write to.');
  return { result, files };
}

export function writeRunFolderOrFail(dir: string, result: RunResult): Record<string, string> {
  return guarded(dir, () => writeRunFolder(dir, result));
}

/** The history can be appended to: found before any request, not after minutes of load. */
export function checkHistoryFile(path: string): void {
  checkWritableFile(path, '--history');
  if (existsSync(path) && statSync(path).isDirectory()) {
    throw new HarnessError('E_OUTPUT_NOT_WRITABLE', `The history file ${resolve(path)} is a folder. Give --history a file (default: reports/out/history.ndjson).`);
  }
}

function guarded<T>(path: string, write: () => T, fix = 'Choose a folder you can write to with --report-dir.'): T {
  try {
    return write();
  } catch (err) {
    throw new HarnessError('E_OUTPUT_NOT_WRITABLE', `Cannot write the reports to ${path} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}). ${fix}`);
  }
}
