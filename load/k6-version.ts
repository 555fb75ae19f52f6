// Which k6 runs a load: its version, read once from `k6 version`, so that every result names it
// and the flags given to k6 are those its version has. k6 prints one line, the same from v0.48 to
// v2.x: `k6 v0.48.0 (go1.19.8, linux/amd64)`, `k6 v1.3.0 (commit/devel, go1.23.5, linux/amd64)`,
// `k6 v2.2.0 (commit/abc1234, go1.24.4, linux/amd64)`, extensions listed on the lines after it.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { SCENARIOS_DIR } from './bundle.ts';
import { CodedError } from '../core/index.ts';

export interface K6Version {
  major: number;
  minor: number;
  patch: number;
  /** As k6 prints it, with its pre-release or build part: "v1.3.0", "v2.0.0-rc1". */
  text: string;
}

/** The oldest k6 the harness supports: its bundles, flags and summary data were checked on it. */
export const K6_OLDEST = { major: 0, minor: 48 } as const;
/** Said in the error a k6 too old gets. */
export const K6_SUPPORTED = 'k6 v0.48 and newer (checked on v0.48.0 and v1.0 to v1.3; v1.4 to v1.8 and v2.x against their source)';

export class K6VersionError extends CodedError {}

/** The version in `k6 version`'s output, or null when it names none. */
export function parseK6Version(output: string): K6Version | null {
  const m = /^\s*k6 v(\d+)\.(\d+)\.(\d+)([-+][0-9A-Za-z.+-]*)?(?=[\s(]|$)/m.exec(output);
  if (!m) return null;
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]), text: `v${m[1]}.${m[2]}.${m[3]}${m[4] ?? ''}` };
}

/** Older than the oldest supported. */
export function k6TooOld(v: K6Version): boolean {
  return v.major < K6_OLDEST.major || (v.major === K6_OLDEST.major && v.minor < K6_OLDEST.minor);
}

/** How long `k6 version` may take (a k6 with extensions starts slower; a hung binary is not waited on). */
const VERSION_TIMEOUT_MS = 15_000;

/** The version of the k6 at `binary`; a k6 older than supported, or one whose version cannot be read, is a coded error. */
export async function readK6Version(binary: string): Promise<K6Version> {
  const output = await new Promise<string>((resolve, reject) => {
    execFile(binary, ['version'], { timeout: VERSION_TIMEOUT_MS, maxBuffer: 64 * 1024, env: { ...process.env, K6_NO_USAGE_REPORT: 'true' } }, (err, stdout, stderr) => {
      if (err) reject(new K6VersionError('E_K6_VERSION_UNKNOWN', `\`${binary} version\` failed (${err.message.split('\n')[0]}${stderr ? `: ${stderr.trim().split('\n').slice(-1)[0]}` : ''}), so the harness cannot tell which k6 would run the load. Check that this k6 runs, or use the built-in engine with --engine node.`));
      else resolve(stdout);
    });
  });
  const v = parseK6Version(output);
  if (!v) throw new K6VersionError('E_K6_VERSION_UNKNOWN', `\`${binary} version\` printed no version the harness can read ("${output.trim().split('\n')[0]?.slice(0, 120) ?? ''}"); it expects "k6 vX.Y.Z (...)". Check that this is k6, or use the built-in engine with --engine node.`);
  if (k6TooOld(v)) throw new K6VersionError('E_K6_TOO_OLD', `${binary} is k6 ${v.text}, older than the harness supports: ${K6_SUPPORTED}. Install a newer k6 (https://grafana.com/docs/k6/latest/set-up/install-k6/), or use the built-in engine with --engine node.`);
  return v;
}

/**
 * Where k6's REST API listens: never its default 127.0.0.1:6565, which a second k6 on the machine
 * (another run, another runner, another user's) already holds, so that k6 warns "bind: address
 * already in use" in the middle of the run. Before v2 k6 always starts it: port 0 lets the system
 * pick a free one (checked on v0.48.0 and v1.3.0). From v2 it starts only when --address is given:
 * none is given.
 */
export function k6AddressArgs(v: K6Version): string[] {
  return v.major >= 2 ? [] : ['--address', '127.0.0.1:0'];
}

/** The built-in engine's version: the harness's own (package.json, in the project folder that holds scenarios/). */
export function builtInEngineVersion(): string {
  return (JSON.parse(readFileSync(join(dirname(SCENARIOS_DIR), 'package.json'), 'utf8')) as { version: string }).version;
}
