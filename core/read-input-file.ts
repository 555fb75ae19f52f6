// Every file a user hands the harness (a config, a profile, a history, an API document, a runner's
// folder...) is read through here: a regular file under a cap for its kind, or a coded error that
// names the file, what it is, the cap and the fix. Read as it comes, /dev/zero exhausted memory,
// a FIFO hung the command before its first line, and a 700 MB history ended in ERR_STRING_TOO_LONG.
import { CodedError } from './coded-error.ts';
import type { ErrorCode } from './error-catalog.ts';
import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';

const KIB = 1024;
const MIB = 1024 * KIB;

export interface InputKind {
  /** What the file is, as the error says it: "configuration file". */
  what: string;
  /** The CLI's stable code for this input's errors (cli/errors.ts). */
  code: ErrorCode;
  /** The largest file read; past it the read is refused, never cut short. */
  capBytes: number;
  /** The sentence that tells the user what to give instead. */
  fix: string;
}

/**
 * The caps, each well above what the harness itself writes or a hand-made file needs, and far below
 * what a Node string can hold (~512 MiB): a file past one is a mistake (a device, a wrong path),
 * not an input. The history is the one that grows: 256 MiB is ~100,000 runs of lines as `run` writes.
 */
export const INPUT_KINDS = {
  config: { what: 'configuration file', code: 'E_CONFIG_FILE', capBytes: 1 * MIB, fix: 'Give --config the path of a JSON file of options.' },
  serverConfig: { what: 'server configuration file', code: 'E_CONFIG_FILE', capBytes: 1 * MIB, fix: 'Give --config the path of a JSON file of server options (schemas/harness/server-config.schema.json).' },
  profile: { what: 'profile file', code: 'E_PROFILE_NOT_FOUND', capBytes: 1 * MIB, fix: 'Give --profile the path of a JSON profile file, or a profile name.' },
  severityLevels: { what: 'severity levels file', code: 'E_SEVERITY_LEVELS', capBytes: 1 * MIB, fix: 'Give --severity-levels a text file of "check-id level" lines.' },
  replay: { what: 'replay file', code: 'E_REPLAY_INVALID', capBytes: 16 * MIB, fix: 'Give --replay the lifecycle-replay-*.json file a lifecycle_model_holds finding wrote.' },
  specDocument: { what: 'API document', code: 'E_SPEC_UNREADABLE', capBytes: 20 * MIB, fix: 'Give the path of an OpenAPI document (JSON or YAML).' },
  specImport: { what: 'OpenAPI document', code: 'E_SPEC_IMPORT', capBytes: 20 * MIB, fix: 'Give --from the path or URL of an OpenAPI document (JSON or YAML).' },
  history: { what: 'history file', code: 'E_HISTORY_UNREADABLE', capBytes: 256 * MIB, fix: 'Give --history the file runs are appended to (reports/out/history.ndjson by default); start a new one when it grows past the cap (move the old one aside).' },
  summary: { what: 'summary data', code: 'E_NO_RESULT', capBytes: 256 * MIB, fix: "Give the summary.json a scenario's handleSummary wrote." },
  runnerFile: { what: "runner folder's file", code: 'E_RUNNER_INCOMPLETE', capBytes: 256 * MIB, fix: "Give the folders the runners wrote (each runner's --report-dir)." },
  // Streamed line by line (load/k6-samples.ts): memory stays bounded whatever the size, so only the kind is checked.
  k6Samples: { what: "k6's JSON samples", code: 'E_RUNNER_INCOMPLETE', capBytes: Number.MAX_SAFE_INTEGER, fix: "Give the folders the runners wrote (each runner's --report-dir)." },
  tlsFile: { what: 'TLS certificate or key file', code: 'E_OUTPUT_CONFIG', capBytes: 1 * MIB, fix: 'Give the path of a PEM file.' },
} as const satisfies Record<string, InputKind>;

export class InputFileError extends CodedError {
  constructor(code: ErrorCode, message: string, readonly path: string) {
    super(code, message);
  }
}

/** The file's text (UTF-8), or InputFileError; a missing or unreadable file throws the system's error (ENOENT, EACCES) for the caller to word. */
export function readInputFile(path: string, kind: InputKind): string {
  return readInputBytes(path, kind).toString('utf8');
}

export function readInputBytes(path: string, kind: InputKind): Buffer {
  // Stat before open: opening a FIFO for reading blocks until a writer comes, which may be never.
  checkInputFile(path, kind);
  // O_NONBLOCK as well, in case the path became a FIFO after the stat; fstat then refuses it.
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    refuse(path, fstatSync(fd), kind);
    return readBounded(fd, path, kind);
  } finally {
    closeSync(fd);
  }
}

/** Refuses what readInputFile would, without reading: for a file read as a stream, in lines. */
export function checkInputFile(path: string, kind: InputKind): Stats {
  const stats = statSync(path);
  refuse(path, stats, kind);
  return stats;
}

/** At most cap + 1 bytes: a file that grows after its stat (or reports size 0, as /proc does) stays bounded. */
function readBounded(fd: number, path: string, kind: InputKind): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const chunk = Buffer.allocUnsafe(Math.min(4 * MIB, kind.capBytes + 1 - total));
    const n = readSync(fd, chunk, 0, chunk.length, null);
    if (n === 0) break;
    chunks.push(n === chunk.length ? chunk : chunk.subarray(0, n));
    total += n;
    if (total > kind.capBytes) throw tooLarge(path, kind, `more than ${sizeText(kind.capBytes)}`);
  }
  return Buffer.concat(chunks, total);
}

function refuse(path: string, stats: Stats, kind: InputKind): void {
  if (!stats.isFile()) {
    // A folder's error keeps EISDIR, the word the system (and scripts that read errors) use for it.
    throw new InputFileError(kind.code, `The ${kind.what} ${path} is ${kindOf(stats)}, not ${stats.isDirectory() ? 'a file (EISDIR)' : 'a regular file'}: calls-harness reads its inputs from regular files only, so that one cannot block it or feed it without end. ${kind.fix}`, path);
  }
  // In bytes too: a file one byte past the cap reads as the cap once rounded.
  if (stats.size > kind.capBytes) throw tooLarge(path, kind, `${sizeText(stats.size)} (${stats.size} bytes)`);
}

function tooLarge(path: string, kind: InputKind, size: string): InputFileError {
  return new InputFileError(kind.code, `The ${kind.what} ${path} is ${size}, over the ${sizeText(kind.capBytes)} a ${kind.what} may be: it is not read. ${kind.fix}`, path);
}

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a folder';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

export function sizeText(bytes: number): string {
  if (bytes >= MIB) return `${+(bytes / MIB).toFixed(1)} MiB`;
  if (bytes >= KIB) return `${+(bytes / KIB).toFixed(1)} KiB`;
  return `${bytes} bytes`;
}
