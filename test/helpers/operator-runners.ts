// Runs a k6-operator TestRun's runners on this machine, as the operator runs its pods
// (grafana/k6-operator pkg/resources/jobs/runner.go, pkg/segmentation, containers/curl_start.go):
// runner i of N is `k6 run --quiet --execution-segment=... --execution-segment-sequence=...
// <spec.arguments split on whitespace> <script> --address=... --paused --tag instance_id=i
// --tag testrun_name=<name>`, with the TestRun's runner environment; once every runner's REST API
// answers, each is resumed with PATCH /v1/status {"paused": false}. The TestRun's volume mount
// becomes a local folder, its subPathExpr expanded from the runner's environment as the kubelet
// expands it, so each runner writes where its pod would.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { freePort } from './free-port.ts';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name: string; key: string }; fieldRef?: { fieldPath: string } };
}

export interface TestRunDoc {
  metadata: { name: string };
  spec: {
    parallelism: number;
    arguments: string;
    script: { configMap: { name: string; file: string } };
    runner: { env: EnvVar[]; volumeMounts?: { name: string; mountPath: string; subPathExpr?: string }[] };
  };
}

export interface LocalRunner {
  /** Where its volume mount landed: its results folder. */
  dir: string;
  /** The k6 command line, as the operator builds it (paths mapped to this machine). */
  argv: string[];
  code: number | null;
  stderr: string;
}

export function testRunOf(manifest: string): TestRunDoc {
  const doc = parseAllDocuments(manifest).map((d) => d.toJS() as { kind?: string }).find((d) => d.kind === 'TestRun');
  if (!doc) throw new Error('no TestRun in the manifest');
  return doc as unknown as TestRunDoc;
}

/** k6-operator's segmentation.NewCommandFragments(index, total), index from 1. */
export function operatorSegmentArgs(index: number, total: number): string[] {
  const point = (i: number) => (i === 0 ? '0' : i === total ? '1' : `${i}/${total}`);
  const sequence = Array.from({ length: total + 1 }, (_, i) => point(i)).join(',');
  return [`--execution-segment=${point(index - 1)}:${point(index)}`, `--execution-segment-sequence=${sequence}`];
}

export interface RunTestRunOptions {
  k6: string;
  manifest: string;
  /** The ConfigMap's script as a file on this machine. */
  script: string;
  /** The volume's root on this machine: each runner's mount is a folder under it. */
  volume: string;
  /** Secret name -> key -> value, for the environment's secretKeyRefs. */
  secrets: Record<string, Record<string, string>>;
  /** More runner environment, as a user adds to spec.runner.env. */
  extraEnv?: Record<string, string>;
  /** Only these runners (1 to N), as when the others run elsewhere. */
  only?: number[];
  timeoutMs: number;
}

export async function runTestRunLocally(o: RunTestRunOptions): Promise<LocalRunner[]> {
  const testRun = testRunOf(o.manifest);
  const { name } = testRun.metadata;
  const n = testRun.spec.parallelism;
  const mount = testRun.spec.runner.volumeMounts?.[0];
  const runners: (LocalRunner & { child: ChildProcess; port: number })[] = [];
  try {
    for (let i = 1; i <= n; i++) {
      if (o.only && !o.only.includes(i)) continue;
      const pod = `${name}-${i}-local`;
      const env = runnerEnv(testRun.spec.runner.env, pod, o.secrets);
      const dir = mount ? join(o.volume, expand(mount.subPathExpr ?? '', env)) : join(o.volume, pod);
      mkdirSync(dir, { recursive: true });
      const local = (text: string) => (mount ? text.split(mount.mountPath).join(dir) : text);
      const port = await freePort();
      const argv = ['run', '--quiet', ...operatorSegmentArgs(i, n), ...testRun.spec.arguments.split(/\s+/).filter(Boolean).map(local), o.script,
        `--address=127.0.0.1:${port}`, '--paused', '--tag', `instance_id=${i}`, '--tag', `testrun_name=${name}`];
      const childEnv = { PATH: process.env.PATH ?? '', HOME: dir, K6_NO_USAGE_REPORT: 'true', ...Object.fromEntries(Object.entries(env).map(([k, v]) => [k, local(v)])), ...o.extraEnv };
      const child = spawn(o.k6, argv, { env: childEnv, stdio: ['ignore', 'ignore', 'pipe'] });
      const runner = { dir, argv, code: null, stderr: '', child, port };
      child.stderr?.on('data', (d: Buffer) => (runner.stderr = (runner.stderr + d.toString()).slice(-20_000)));
      runners.push(runner);
    }
    const exits = runners.map((r) => new Promise<void>((resolve) => r.child.once('close', (code) => {
      r.code = code;
      resolve();
    })));
    // The starter waits for every runner, then resumes them one after the other.
    for (const r of runners) await untilAnswers(r.port, r.child, () => r.stderr);
    for (const r of runners) await resume(r.port);
    const timer = setTimeout(() => runners.forEach((r) => r.child.kill('SIGKILL')), o.timeoutMs);
    await Promise.all(exits);
    clearTimeout(timer);
    return runners.map(({ dir, argv, code, stderr }) => ({ dir, argv, code, stderr }));
  } finally {
    for (const r of runners) if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill('SIGKILL');
  }
}

/** The runner's environment as the kubelet gives it: values, secrets, and the pod's own name. */
function runnerEnv(vars: EnvVar[], pod: string, secrets: RunTestRunOptions['secrets']): Record<string, string> {
  const env: Record<string, string> = {};
  for (const v of vars) {
    const ref = v.valueFrom?.secretKeyRef;
    const field = v.valueFrom?.fieldRef?.fieldPath;
    const value = v.value !== undefined ? expand(v.value, env) : ref ? secrets[ref.name]?.[ref.key] : field === 'metadata.name' ? pod : undefined;
    if (value === undefined) throw new Error(`the TestRun's runner variable ${v.name} has no value here (${JSON.stringify(v.valueFrom)})`);
    env[v.name] = value;
  }
  return env;
}

/** $(VAR) expanded from the environment, as Kubernetes expands env values and subPathExpr. */
function expand(text: string, env: Record<string, string>): string {
  return text.replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (all, name: string) => env[name] ?? all);
}

async function untilAnswers(port: number, child: ChildProcess, stderr: () => string): Promise<void> {
  for (let i = 0; i < 1200; i++) {
    if (child.exitCode !== null) throw new Error(`a runner exited ${child.exitCode} before it was resumed: ${stderr().slice(-2000)}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/v1/status`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`a runner's REST API never answered on port ${port}: ${stderr().slice(-2000)}`);
}

/** What the operator's starter sends each runner (curl --retry 3 -X PATCH .../v1/status). */
async function resume(port: number): Promise<void> {
  const body = JSON.stringify({ data: { type: 'status', id: 'default', attributes: { paused: false } } });
  const res = await fetch(`http://127.0.0.1:${port}/v1/status`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body });
  if (!res.ok) throw new Error(`resuming the runner on port ${port}: HTTP ${res.status} ${await res.text()}`);
}
