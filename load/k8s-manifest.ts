// A k6-operator TestRun for a bundle: the script in a ConfigMap, N runners, the environment the
// scenario needs, the token from a Secret (never inlined).
import { stringify } from 'yaml';
import { K6_COMPATIBILITY_MODE } from './bundle.ts';

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
}

export function testRunManifest(o: ManifestOptions): string {
  const name = `calls-harness-${o.scenario}`;
  const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { [o.bundleFile]: o.bundle } };
  const testRun = {
    apiVersion: 'k6.io/v1alpha1',
    kind: 'TestRun',
    metadata: { name },
    spec: {
      parallelism: o.parallelism,
      script: { configMap: { name, file: o.bundleFile } },
      // Base mode: the runners' k6 (any version) starts the CommonJS bundle without Babel.
      arguments: `--compatibility-mode=${K6_COMPATIBILITY_MODE} --tag testid=${name}`,
      runner: {
        env: [
          { name: 'CALLS_API_BASE_URL', value: o.target },
          { name: 'CALLS_API_AGENT_ID', value: o.agentId },
          { name: 'CALLS_PROFILE', value: o.profile },
          ...(o.profileJson ? [{ name: 'CALLS_PROFILE_JSON', value: o.profileJson }] : []),
          { name: 'CALLS_API_TOKEN', valueFrom: { secretKeyRef: { name: o.tokenSecret, key: 'token' } } },
        ],
      },
    },
  };
  return `${stringify(configMap, { lineWidth: 0 })}---\n${stringify(testRun, { lineWidth: 0 })}`;
}
