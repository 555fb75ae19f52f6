// Starts a real Prometheus (Debian's package, as .ci/run installs it) on a free loopback port
// with its remote-write receiver on, in a folder of its own, and queries it.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { freePort } from './free-port.ts';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const PROMETHEUS_BINARY = ['/usr/bin/prometheus', '/usr/local/bin/prometheus'].find((p) => existsSync(p)) ?? null;

export interface RunningPrometheus {
  url: string;
  writeUrl: string;
  /** Instant query; each result's labels and value. */
  query(expr: string): Promise<{ metric: Record<string, string>; value: number }[]>;
  /** Every metric name Prometheus holds. */
  names(): Promise<string[]>;
  stop(): Promise<void>;
}

export async function startPrometheus(): Promise<RunningPrometheus> {
  if (!PROMETHEUS_BINARY) throw new Error('prometheus is not installed: apt-get install prometheus (.ci/run does)');
  const dir = mkdtempSync(join(tmpdir(), 'calls-harness-prometheus-'));
  writeFileSync(join(dir, 'prometheus.yml'), 'global:\n  scrape_interval: 1h\nscrape_configs: []\n');
  for (let attempt = 0; ; attempt++) {
    const port = await freePort();
    const child = spawn(PROMETHEUS_BINARY, [
      `--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`,
      '--web.enable-remote-write-receiver', '--enable-feature=native-histograms', '--log.level=warn',
    ], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const url = `http://127.0.0.1:${port}`;
    if (await ready(url, child)) return handle(url, child, dir);
    child.kill('SIGKILL');
    if (attempt >= 2) throw new Error(`prometheus did not start: ${stderr.slice(-500)}`);
  }
}

function handle(url: string, child: ChildProcess, dir: string): RunningPrometheus {
  const api = async (path: string) => {
    const res = await fetch(`${url}${path}`);
    const body = (await res.json()) as { status: string; data: unknown; error?: string };
    if (body.status !== 'success') throw new Error(`prometheus ${path}: ${body.error}`);
    return body.data;
  };
  return {
    url,
    writeUrl: `${url}/api/v1/write`,
    query: async (expr) => {
      const data = (await api(`/api/v1/query?query=${encodeURIComponent(expr)}`)) as { result: { metric: Record<string, string>; value: [number, string] }[] };
      return data.result.map((r) => ({ metric: r.metric, value: Number(r.value[1]) }));
    },
    names: async () => (await api('/api/v1/label/__name__/values')) as string[],
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function ready(url: string, child: ChildProcess): Promise<boolean> {
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) return false;
    try {
      if ((await fetch(`${url}/-/ready`)).ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}
