// `calls-harness load` and `bundle` as users run them, and every kind of bad input.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { BundleError, bundleScenarios, DIST_DIR } from '../../load/bundle.ts';
import { ProfileError, requireProfile } from '../../load/profile-files.ts';
import { expectCleanError, runCliInProcess } from '../helpers/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'calls-harness-load-cli-'));

interface Manifest {
  kind: string;
  data: Record<string, string>;
  spec: { arguments: string; runner: { env: { name: string; value?: string; valueFrom?: unknown }[]; volumes: unknown[]; volumeMounts: unknown[] } };
}

describe('load', () => {
  it('runs a scenario with the built-in engine and leaves summary.json in the run folder', async () => {
    const report = join(dir, 'run');
    const res = await runCliInProcess(['load', '--scenario', 'blind-transfer', '--engine', 'node', '--report-dir', report], 60_000);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain('all thresholds held');
    const summary = JSON.parse(readFileSync(join(report, 'summary.json'), 'utf8')) as { metrics: Record<string, unknown> };
    expect(Object.keys(summary.metrics)).toContain('http_req_duration{name:blindTransferCall}');
  });

  it('exits 99 when an overridden threshold fails, as k6 does', async () => {
    const res = await runCliInProcess(['load', '--scenario', 'blind-transfer', '--engine', 'node', '--report-dir', join(dir, 'strict'), '--threshold', 'http_req_duration{name:blindTransferCall}=max<0'], 60_000);
    expect(res.code).toBe(99);
    // The value it judged and by how much it missed, in the bundle's text summary as k6 prints it
    // (not printed with --quiet, which keeps only the verdict and its reasons).
    expect(res.stdout).toMatch(/✗ http_req_duration\{name:blindTransferCall\} max<0: max=[\d.]+(ms|µs|s), [\d.]+(ms|µs|s) over the limit of 0s\n/);
  });

  it('names what exists when the scenario or profile is unknown', async () => {
    const scenario = await runCliInProcess(['load', '--scenario', 'transfer-storm']);
    expectCleanError(scenario, 'E_UNKNOWN_SCENARIO');
    expect(scenario.stderr).toContain('transfer-flows');
    const profile = await runCliInProcess(['load', '--scenario', 'read-mix', '--profile', 'huge']);
    expectCleanError(profile, 'E_UNKNOWN_PROFILE');
    expect(profile.stderr).toContain('smoke');
  });

  it('rejects a threshold expression k6 would reject', async () => {
    expectCleanError(await runCliInProcess(['load', '--scenario', 'read-mix', '--threshold', 'http_req_duration=p95 under 300']), 'E_BAD_THRESHOLD');
    expectCleanError(await runCliInProcess(['load', '--scenario', 'read-mix', '--threshold', 'p(95)<300']), 'E_BAD_THRESHOLD');
  });

  it('refuses a remote target without --allow-remote, before sending anything', async () => {
    const res = await runCliInProcess(['load', '--scenario', 'read-mix', '--target', 'https://calls-api.invalid']);
    expectCleanError(res, 'E_REMOTE_NOT_ALLOWED');
    expect(res.stderr).toContain('--allow-remote');
  });
});

describe('bundle', () => {
  it('--k8s writes a valid k6-operator TestRun with the bundle in a ConfigMap, and a results folder per runner on a claim', async () => {
    const res = await runCliInProcess(['bundle', '--k8s', '--parallelism', '3', '--target', 'https://staging.example.com', '--agent', 'agt_1', '--run-id', 'nightly-7'], 60_000);
    expect(res.code, res.stderr).toBe(0);
    const docs = readFileSync(join(DIST_DIR, 'k8s', 'transfer-flows.testrun.yaml'), 'utf8').split(/^---$/m).map((d) => parse(d) as Manifest);
    expect(docs.map((d) => d.kind)).toEqual(['PersistentVolumeClaim', 'ConfigMap', 'TestRun']);
    const [claim, configMap, testRun] = docs;
    expect(claim).toMatchObject({ metadata: { name: 'calls-harness-results' }, spec: { accessModes: ['ReadWriteMany'] } });
    expect(configMap).toMatchObject({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'calls-harness-transfer-flows' } });
    expect(configMap?.data['transfer-flows.js']).toMatch(/\bmodule\.exports\s*=/);
    // The runners' k6 starts the CommonJS bundle in base mode, without Babel on k6 before v0.53,
    // tags every sample with the test's id and writes its samples into its own folder.
    const args = testRun?.spec.arguments.split(' ') ?? [];
    expect(args).toContain('--compatibility-mode=base');
    expect(args.join(' ')).toContain('--tag testid=calls-harness-transfer-flows-nightly-7 --out json=/results/k6-samples.json.gz');
    expect(args).not.toContain('experimental-prometheus-rw');
    expect(testRun).toMatchObject({ apiVersion: 'k6.io/v1alpha1', kind: 'TestRun', spec: { parallelism: 3, script: { configMap: { name: 'calls-harness-transfer-flows', file: 'transfer-flows.js' } } } });
    const env = testRun?.spec.runner.env ?? [];
    expect(env.find((e) => e.name === 'CALLS_API_TOKEN')).toEqual({ name: 'CALLS_API_TOKEN', valueFrom: { secretKeyRef: { name: 'calls-api-token', key: 'token' } } });
    expect(env.find((e) => e.name === 'CALLS_API_BASE_URL')?.value).toBe('https://staging.example.com');
    expect(env.find((e) => e.name === 'CALLS_SUMMARY_FILE')?.value).toBe('/results/summary.json');
    expect(env.find((e) => e.name === 'CALLS_BUNDLE_SHA256')?.value).toBe(createHash('sha256').update(readFileSync(join(DIST_DIR, 'k6', 'transfer-flows.js'))).digest('hex'));
    // Each pod's folder is its own: <claim>/<test id>/<pod name>, the names from its environment.
    expect(env.find((e) => e.name === 'POD_NAME')).toEqual({ name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } });
    expect(env.find((e) => e.name === 'CALLS_TEST_ID')?.value).toBe('calls-harness-transfer-flows-nightly-7');
    expect(testRun?.spec.runner.volumeMounts).toEqual([{ name: 'calls-harness-results', mountPath: '/results', subPathExpr: '$(CALLS_TEST_ID)/$(POD_NAME)' }]);
    expect(testRun?.spec.runner.volumes).toEqual([{ name: 'calls-harness-results', persistentVolumeClaim: { claimName: 'calls-harness-results' } }]);
  });

  it('--k8s with a claim of the user\'s and a remote-write URL: no claim made, the runners also write to Prometheus with native histograms', async () => {
    const res = await runCliInProcess(['bundle', '--k8s', '--target', 'https://staging.example.com', '--agent', 'agt_1', '--results-claim', 'team-results', '--remote-write', 'http://prometheus.monitoring:9090/api/v1/write'], 60_000);
    expect(res.code, res.stderr).toBe(0);
    const docs = readFileSync(join(DIST_DIR, 'k8s', 'read-mix.testrun.yaml'), 'utf8').split(/^---$/m).map((d) => parse(d) as Manifest);
    expect(docs.map((d) => d.kind)).toEqual(['ConfigMap', 'TestRun']);
    const testRun = docs[1];
    expect(testRun?.spec.runner.volumes).toEqual([{ name: 'calls-harness-results', persistentVolumeClaim: { claimName: 'team-results' } }]);
    expect(testRun?.spec.arguments).toMatch(/ --out experimental-prometheus-rw$/);
    // A fresh test id for each bundle: two runs of one manifest would share their series and folders.
    expect(testRun?.spec.arguments).toMatch(/--tag testid=calls-harness-read-mix-\d{8}T\d{6}Z /);
    const env = testRun?.spec.runner.env ?? [];
    expect(env.find((e) => e.name === 'K6_PROMETHEUS_RW_SERVER_URL')?.value).toBe('http://prometheus.monitoring:9090/api/v1/write');
    expect(env.find((e) => e.name === 'K6_PROMETHEUS_RW_TREND_AS_NATIVE_HISTOGRAM')?.value).toBe('true');
  });

  it('--k8s refuses a remote-write URL that is not http(s), and a run id no folder or tag can hold', async () => {
    expectCleanError(await runCliInProcess(['bundle', '--k8s', '--remote-write', 'prometheus:9090']), 'E_USAGE');
    expectCleanError(await runCliInProcess(['bundle', '--k8s', '--run-id', 'a b']), 'E_USAGE');
  });

  it('a scenario that fails to build names the file and line', async () => {
    const src = mkdtempSync(join(tmpdir(), 'calls-harness-broken-'));
    writeFileSync(join(src, 'broken.ts'), "import http from 'k6/http';\nexport default function () {\n  http.asyncRequest('GET', 'x' +);\n}\n");
    const err = await bundleScenarios(join(dir, 'out'), 'k6', ['broken'], src).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(BundleError);
    expect((err as Error).message).toMatch(/broken\.ts:3:\d+: /);
  });

  it('a profile that breaks its schema is named with the field', () => {
    const profiles = mkdtempSync(join(tmpdir(), 'calls-harness-profiles-'));
    writeFileSync(join(profiles, 'smoke.json'), JSON.stringify({ description: 'x', executor: 'constant-arrival-rate', latency: {}, errorRate: 0.01, rate: 5 }));
    expect(() => requireProfile('smoke', profiles)).toThrow(ProfileError);
    expect(() => requireProfile('smoke', profiles)).toThrow(/required property 'duration'|"duration"/);
  });
});
