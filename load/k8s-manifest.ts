// A k6-operator TestRun for a bundle: the script in a ConfigMap, N runners, the environment the
// scenario needs, the token from a Secret (never inlined). Each runner pod leaves a folder that
// `report merge` judges exactly: a folder of its own on a ReadWriteMany volume
// (<claim>/<test id>/<pod name>, by subPathExpr), where k6 writes summary.json (the bundle's
// handleSummary, which records the segment k6 ran) and k6-samples.json.gz (k6's JSON output).
import { createHash } from 'node:crypto';
import { stringify } from 'yaml';
import { K6_COMPATIBILITY_MODE } from './bundle.ts';
import { K6_SAMPLES_FILE } from './run-load.ts';
import { OUTPUT_NAME } from './outputs/prometheus-rw/config.ts';

/** Where each runner's own folder is mounted in its pod. */
export const RESULTS_MOUNT = '/results';
/** The claim the manifest makes when no claim of the user's is named. */
export const DEFAULT_RESULTS_CLAIM = 'calls-harness-results';
/** The uid of grafana/k6's user: given the volume's files (fsGroup), so k6 may write its folder. */
const K6_IMAGE_GID = 12345;

export interface ManifestOptions {
  scenario: string;
  bundleFile: string;
  bundle: string;
  parallelism: number;
  profile: string;
  /** A profile file's data, for a profile the bundle does not hold by name. */
  profileJson?: string;
  target: string;
  agentId: string;
  tokenSecret: string;
  /** The test's id: the `testid` tag of every sample, and the folder of its runners on the volume. */
  testId: string;
  /** A ReadWriteMany claim of the user's for the runners' folders; without one the manifest claims one. */
  resultsClaim?: string;
  /** A Prometheus remote-write URL the runners also write to, trends as native histograms. */
  remoteWrite?: string;
}

/** The `k6 run` arguments of every runner (the operator adds the segment, --paused and --address). */
export function testRunArguments(o: Pick<ManifestOptions, 'testId' | 'remoteWrite'>): string {
  return [
    // Base mode: the runners' k6 (any version) starts the CommonJS bundle without Babel.
    `--compatibility-mode=${K6_COMPATIBILITY_MODE}`,
    '--tag', `testid=${o.testId}`,
    '--out', `json=${RESULTS_MOUNT}/${K6_SAMPLES_FILE}`,
    ...(o.remoteWrite ? ['--out', OUTPUT_NAME] : []),
  ].join(' ');
}

export function testRunManifest(o: ManifestOptions): string {
  const name = `calls-harness-${o.scenario}`;
  const claim = o.resultsClaim ?? DEFAULT_RESULTS_CLAIM;
  const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { [o.bundleFile]: o.bundle } };
  // One claim for every test: each run's folders under its test id, so runs never mix.
  const claimed = o.resultsClaim ? [] : [{
    apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: claim },
    spec: { accessModes: ['ReadWriteMany'], resources: { requests: { storage: '10Gi' } } },
  }];
  const testRun = {
    apiVersion: 'k6.io/v1alpha1',
    kind: 'TestRun',
    metadata: { name },
    spec: {
      parallelism: o.parallelism,
      script: { configMap: { name, file: o.bundleFile } },
      arguments: testRunArguments(o),
      runner: {
        env: [
          { name: 'CALLS_API_BASE_URL', value: o.target },
          { name: 'CALLS_API_AGENT_ID', value: o.agentId },
          { name: 'CALLS_PROFILE', value: o.profile },
          ...(o.profileJson ? [{ name: 'CALLS_PROFILE_JSON', value: o.profileJson }] : []),
          { name: 'CALLS_API_TOKEN', valueFrom: { secretKeyRef: { name: o.tokenSecret, key: 'token' } } },
          { name: 'CALLS_SUMMARY_FILE', value: `${RESULTS_MOUNT}/summary.json` },
          // The bundle as this manifest carries it: recorded by each runner, compared by report merge.
          { name: 'CALLS_BUNDLE_SHA256', value: createHash('sha256').update(o.bundle).digest('hex') },
          { name: 'CALLS_TEST_ID', value: o.testId },
          { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
          ...(o.remoteWrite ? [
            { name: 'K6_PROMETHEUS_RW_SERVER_URL', value: o.remoteWrite },
            { name: 'K6_PROMETHEUS_RW_TREND_AS_NATIVE_HISTOGRAM', value: 'true' },
          ] : []),
        ],
        securityContext: { fsGroup: K6_IMAGE_GID },
        volumes: [{ name: 'calls-harness-results', persistentVolumeClaim: { claimName: claim } }],
        volumeMounts: [{ name: 'calls-harness-results', mountPath: RESULTS_MOUNT, subPathExpr: '$(CALLS_TEST_ID)/$(POD_NAME)' }],
      },
    },
  };
  return [...claimed, configMap, testRun].map((doc) => stringify(doc, { lineWidth: 0 })).join('---\n');
}
