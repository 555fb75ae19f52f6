// A run folder belongs to one run: it is new or empty when the run starts, and the run claims it
// at once, so that a result is only ever built from this run's own files and two runs never
// overwrite each other. Found before any request is sent.
import { CodedError } from './coded-error.ts';
import { accessSync, constants, existsSync, readdirSync, rmdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { OUTPUT_ROOT } from './paths.ts';
import { writeErrorReason } from './atomic-write.ts';
import { makeFolder } from './make-folder.ts';

/** The default run folder: reports/out/<start time, file-name safe>[-<what ran>]. */
export function defaultRunFolder(startedAt: Date | string, ...what: string[]): string {
  const stamp = (typeof startedAt === 'string' ? startedAt : startedAt.toISOString()).replace(/[:.]/g, '-');
  return join(OUTPUT_ROOT, 'reports', 'out', [stamp, ...what].join('-'));
}

/** Written first into every run folder; a second run finds it and is refused. */
export const RUN_CLAIM_FILE = '.calls-harness-run';

export class RunFolderError extends CodedError {}

/** Folders a claim made (rather than found empty): releasing one removes it whole. */
const madeByClaim = new Set<string>();

export function claimRunFolder(path: string): string {
  const dir = resolve(path);
  if (!existsSync(dir)) madeByClaim.add(dir);
  try {
    makeFolder(dir);
  } catch (err) {
    throw notWritable(dir, err);
  }
  const present = readdirSync(dir);
  if (present.length) throw inUse(dir, present);
  try {
    // "wx": of two runs started together on one folder, exactly one creates the claim.
    writeFileSync(join(dir, RUN_CLAIM_FILE), `${JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString() })}\n`, { flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw inUse(dir, [RUN_CLAIM_FILE]);
    throw notWritable(dir, err);
  }
  return dir;
}

/**
 * A run refused after its claim but before its first request leaves nothing behind: everything in
 * the folder is its own (the claim found it empty), and a folder the claim made is removed too.
 */
export function releaseRunFolder(path: string): void {
  const dir = resolve(path);
  for (const entry of readdirSync(dir)) rmSync(join(dir, entry), { recursive: true, force: true });
  if (madeByClaim.delete(dir)) rmdirSync(dir);
}

/** A single report file (--junit, --json): its folder can be made and written, found before any request. */
export function checkWritableFile(path: string, flag: string): void {
  const dir = dirname(resolve(path));
  // A folder where the file goes is found now, not when the report is written after the run.
  if (isFolder(resolve(path))) throw new RunFolderError('E_OUTPUT_NOT_WRITABLE', `Cannot write ${resolve(path)}: it is a folder. Give ${flag} the path of a file.`);
  try {
    makeFolder(dir);
    accessSync(dir, constants.W_OK);
  } catch (err) {
    throw new RunFolderError('E_OUTPUT_NOT_WRITABLE', `Cannot write ${resolve(path)}: its folder ${dir} cannot be made or written (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}). Give ${flag} a path you can write to.`);
  }
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function inUse(dir: string, present: string[]): RunFolderError {
  const shown = present.slice(0, 4).join(', ') + (present.length > 4 ? ', ...' : '');
  return new RunFolderError('E_REPORT_DIR_IN_USE', `The report folder ${dir} is not empty (${shown}): it holds another run, and this run's reports must never be mixed with or read from another's. Give a new or empty folder with --report-dir, or leave it out for a fresh folder under reports/out/.`);
}

function notWritable(path: string, err: unknown, fix = 'Choose a folder you can write to with --report-dir.'): RunFolderError {
  // "ENOTDIR: a part of its path is a file, not a folder": the code for scripts, its meaning for people.
  return new RunFolderError('E_OUTPUT_NOT_WRITABLE', `Cannot write the reports to ${path} (${writeErrorReason(err)}). ${fix}`);
}
