// Runs `calls-harness` as a user would, in a child process (the built bin: exit codes, signals,
// what a process leaves behind), or in this process (`main(argv, io)` of cli/main.ts: what a command
// prints, writes and exits with, without the start of a process each time).
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/calls-harness.js', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  timeoutMs?: number;
  /** Added to (and overriding) this process's environment; undefined removes a variable. */
  env?: Record<string, string | undefined>;
  /** Called with all stderr so far, whenever more arrives (to send a signal at the right moment). */
  onStderr?: (text: string, child: ChildProcess) => void;
  /** Working folder of the command (default: this process's). */
  cwd?: string;
  /** Called once the process is started (to send a signal after a delay). */
  onSpawn?: (child: ChildProcess) => void;
  /** Its own process group, as a terminal runs a command: process.kill(-pid, sig) is a terminal's Ctrl-C. */
  detached?: boolean;
  /** A command the CLI runs behind (a shell limit, taskset, nice): `[...prefix, node, bin, ...args]`. */
  prefix?: string[];
}

export function runCli(args: string[], opts: number | CliOptions = {}): Promise<CliResult> {
  // Under the suite's 60 s test bound (vitest.config.ts), so a hung command fails here, with its output.
  const { timeoutMs = 50_000, env = {}, onStderr, onSpawn, cwd, detached = false, prefix = [] } = typeof opts === 'number' ? { timeoutMs: opts } : opts;
  return new Promise((resolve, reject) => {
    const [cmd, ...rest] = [...prefix, process.execPath, BIN, ...args] as [string, ...string[]];
    const child = spawn(cmd, rest, { env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'], cwd, detached });
    onSpawn?.(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      onStderr?.(stderr, child);
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`calls-harness ${args.join(' ')} did not finish within ${timeoutMs} ms; stdout: ${stdout} stderr: ${stderr}`));
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

export interface InProcessOptions {
  /** Set in this process's environment for the call, then put back; undefined removes a variable. */
  env?: Record<string, string | undefined>;
  /** Working folder for the call (process.chdir), then put back. */
  cwd?: string;
  /** Whether the captured stdout and stderr say a terminal reads them (default: no, as a pipe). */
  tty?: boolean;
  /** A call still running after this long fails the test with what it printed so far. */
  timeoutMs?: number;
}

/**
 * The twin of `runCli` in this process: `main(args, io)` with captured streams, the environment and
 * working folder given for the call and put back after it. Tests in a file run one at a time
 * (vitest runs each file in its own worker), so nothing else sees them meanwhile; a test that
 * runs calls side by side must give them the same `env` and `cwd`.
 */
export async function runCliInProcess(args: string[], opts: number | InProcessOptions = {}): Promise<CliResult> {
  const { env = {}, cwd, tty = false, timeoutMs = 50_000 } = typeof opts === 'number' ? { timeoutMs: opts } : opts;
  let stdout = '';
  let stderr = '';
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  const savedCwd = process.cwd();
  setEnv(env);
  if (cwd) process.chdir(cwd);
  let timer: NodeJS.Timeout | undefined;
  // Loaded on first use: files that only spawn the CLI do not load all of it.
  const { main } = await import('../../cli/main.ts');
  try {
    const code = await Promise.race([
      main(args, {
        stdout: { write: (t: string) => (stdout += t), isTTY: tty, columns: tty ? 80 : undefined },
        stderr: { write: (t: string) => (stderr += t), isTTY: tty, columns: tty ? 80 : undefined },
      }),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`calls-harness ${args.join(' ')} (in-process) did not finish within ${timeoutMs} ms; stdout: ${stdout} stderr: ${stderr}`)), timeoutMs);
      }),
    ]);
    return { code, stdout, stderr };
  } finally {
    clearTimeout(timer);
    setEnv(saved);
    if (cwd) process.chdir(savedCwd);
  }
}

function setEnv(env: Record<string, string | undefined>): void {
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) Reflect.deleteProperty(process.env, k);
    else process.env[k] = v;
  }
}

/** This process's environment with `env` over it; an undefined value unsets the variable. */
export function childEnv(env: Record<string, string | undefined>): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries({ ...process.env, ...env }).filter(([k]) => !(k in env) || env[k] !== undefined));
}

/** Starts a long-running command and resolves with its first line of output. */
export function startCli(args: string[]): Promise<{ child: ChildProcess; firstLine: string; exited: Promise<number | null> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
    let out = '';
    let err = '';
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const nl = out.indexOf('\n');
      if (nl !== -1) resolve({ child, firstLine: out.slice(0, nl), exited });
    });
    void exited.then((code) => reject(new Error(`exited ${code} before printing: ${err}`)));
  });
}

/** One paragraph, a stable code, no stack trace. */
export function expectCleanError(result: CliResult, code: string): void {
  if (result.code !== 2) throw new Error(`expected exit 2, got ${result.code}: ${result.stderr}`);
  const lines = result.stderr.trim().split('\n');
  if (lines.length !== 1) throw new Error(`expected one line of error, got: ${result.stderr}`);
  if (!lines[0]?.startsWith(`calls-harness: error ${code}: `)) throw new Error(`expected error ${code}, got: ${result.stderr}`);
  if (/\n\s+at /.test(result.stderr)) throw new Error(`stack trace printed: ${result.stderr}`);
}
