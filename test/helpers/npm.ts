// npm as a team runs it, in a child process with a bound: pack the project, install a tarball or a
// project's dependencies in a folder of its own. The registry is the only network it needs.
import { spawn } from 'node:child_process';

export interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** This environment without what `npm test` put there (npm_config_*, npm_package_*), which would steer the child npm. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k) && !/^CALLS_(API|HARNESS)_/.test(k)));
  return { ...env, ...extra };
}

/** Runs a command to its end (or kills it at the bound, and says so). */
export function run(cmd: string, args: string[], opts: { cwd: string; timeoutMs: number; env?: NodeJS.ProcessEnv }): Promise<Ran> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env ?? cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${cmd} ${args.join(' ')} did not finish within ${opts.timeoutMs} ms; stdout: ${stdout.slice(-2000)} stderr: ${stderr.slice(-2000)}`));
    }, opts.timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    });
  });
}

export interface Packed {
  tarball: string;
  /** Paths inside the package, as `npm pack --json` lists them. */
  files: string[];
  size: number;
  unpackedSize: number;
}

/**
 * `npm pack` of the project into `dir`. npm runs `prepare` (the build of dist/) first, unless
 * `ignoreScripts`: the tests' global setup built dist/ already, and building it again under
 * tests that start the CLI from it could hand one of them a half-written file.
 */
export async function pack(projectRoot: string, dir: string, { ignoreScripts = false } = {}): Promise<Packed> {
  const r = await run('npm', ['pack', '--json', '--pack-destination', dir, ...(ignoreScripts ? ['--ignore-scripts'] : [])], { cwd: projectRoot, timeoutMs: 60_000 });
  if (r.code !== 0) throw new Error(`npm pack failed (${r.code}): ${r.stderr}`);
  const [info] = JSON.parse(r.stdout.slice(r.stdout.indexOf('['))) as { filename: string; size: number; unpackedSize: number; files: { path: string }[] }[];
  if (!info) throw new Error(`npm pack printed no package: ${r.stdout}`);
  return { tarball: `${dir}/${info.filename}`, files: info.files.map((f) => f.path).sort(), size: info.size, unpackedSize: info.unpackedSize };
}
