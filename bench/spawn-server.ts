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

/** `pinTo`: a CPU list for `taskset -c` (the caller checked that taskset exists); taskset execs node, so signals reach it. */
export function spawnServer(args: string[], pinTo?: string): Promise<ServerProcess> {
  return new Promise((resolve, reject) => {
    const argv = [BIN, 'serve', '--port', '0', '--json', ...args];
    const child = pinTo ? spawn('taskset', ['-c', pinTo, process.execPath, ...argv], { stdio: ['ignore', 'pipe', 'inherit'] }) : spawn(process.execPath, argv, { stdio: ['ignore', 'pipe', 'inherit'] });
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

/** Call ids of the server's first agent (live ones only when asked). */
export async function callIdsOf(server: Pick<ServerProcess, 'url' | 'apiKey' | 'agentIds'>, liveOnly = false): Promise<string[]> {
  const res = await fetch(`${server.url}/v1/agents/${server.agentIds[0]}/calls?limit=100`, { headers: { authorization: `Bearer ${server.apiKey}` } });
  const page = (await res.json()) as { calls: { id: string; ended_at: string | null }[] };
  return page.calls.filter((c) => !liveOnly || c.ended_at === null).map((c) => c.id);
}
