// Runs a lifecycle replay script as the finding advises a person to, but with a curl on PATH that
// only logs its arguments: what the script creates besides that log, it ran on its own.
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ScriptRun {
  /** `bash -n`: the script parses. */
  syntax: { code: number | null; stderr: string };
  /** The script run in `cwd`, with the logging curl. */
  run: { code: number | null; stderr: string };
  /** What the run left in its folder besides bin/ and curl.log. */
  created: string[];
  /** Each curl invocation's arguments, one per line, as curl received them. */
  curlArgs: string[][];
}

export async function runReplayScript(script: string, parent: string): Promise<ScriptRun> {
  const cwd = mkdtempSync(join(parent, 'replay-run-'));
  const bin = join(cwd, 'bin');
  mkdirSync(bin);
  // Each argument NUL-terminated, each call ended by a line feed: the arguments exactly as given.
  writeFileSync(join(bin, 'curl'), '#!/bin/sh\nfor a in "$@"; do printf "%s\\0" "$a"; done >> "$CURL_LOG"\necho >> "$CURL_LOG"\n');
  chmodSync(join(bin, 'curl'), 0o755);
  const log = join(cwd, 'curl.log');
  const syntax = await bash(['-n', script], cwd, {});
  const run = await bash([script], cwd, { PATH: `${bin}:${process.env.PATH}`, CALLS_API_TOKEN: 'x', CURL_LOG: log });
  const created = [...readdirSync(cwd).filter((f) => f !== 'bin' && f !== 'curl.log'), ...readdirSync(bin).filter((f) => f !== 'curl')];
  let curlArgs: string[][] = [];
  try {
    curlArgs = readFileSync(log, 'utf8').split('\0\n').filter(Boolean).map((call) => call.split('\0'));
  } catch {
    // No curl ran: curlArgs stays empty, which the caller judges.
  }
  return { syntax, run, created, curlArgs };
}

function bash(args: string[], cwd: string, env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('bash', args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'], timeout: 20_000 });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stderr }));
  });
}
