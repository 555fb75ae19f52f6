// Starts the reference server in a process of its own, as `calls-harness serve` would run.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface ServerProcess {
  url: string;
  apiKey: string;
  agentIds: string[];
  child: ChildProcess;
  stop(): Promise<void>;
}

const BIN = fileURLToPath(new URL('../bin/calls-harness.js', import.meta.url));

export function spawnServer(args: string[]): Promise<ServerProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--json', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.once('exit', (code) => reject(new Error(`reference server exited ${code} before it started`)));
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (!out.includes('\n')) return;
      const info = JSON.parse(out.split('\n')[0] as string) as { url: string; apiKey: string; agentIds: string[] };
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      resolve({ ...info, child, stop: () => (child.kill('SIGTERM'), exited) });
    });
  });
}
