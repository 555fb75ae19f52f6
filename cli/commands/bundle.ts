// `calls-harness bundle`: every scenario into dist/k6/<name>.js (and a k6-operator TestRun with --k8s).
import { Command } from 'commander';
import { kubernetesName, positiveWhole, runIdValue } from '../parse-values.ts';
import { bundleForK6 } from '../../pipelines/index.ts';
import { print, printError } from '../io.ts';

interface BundleFlags {
  k8s?: boolean; parallelism: number; profile: string; target: string; agent: string; tokenSecret: string;
  runId?: string; resultsClaim?: string; remoteWrite?: string;
}

export function bundleCommand(): Command {
  return new Command('bundle')
    .description('Bundle every scenario for k6 into dist/k6/<name>.js (CommonJS, ES2017, for k6 v0.48 and later run in its base compatibility mode, k6 imports external, validators inlined, source maps).')
    .option('--k8s', 'also write a k6-operator TestRun manifest per scenario into dist/k8s/')
    .option('--parallelism <n>', 'runners of the TestRun', positiveWhole('--parallelism'), 4)
    .option('--profile <name|file>', 'profile the TestRun runs: a name in load/profiles/, or a profile JSON file (passed as CALLS_PROFILE_JSON)', 'nightly')
    .option('--target <url>', 'base URL the TestRun targets', 'https://staging.example.com')
    .option('--agent <id>', 'agent whose calls the TestRun uses', 'agt_replace_me')
    .option('--token-secret <name>', 'Kubernetes Secret holding the API token under key "token"', kubernetesName('--token-secret'), 'calls-api-token')
    .option('--run-id <id>', 'the run the TestRun is: its testid is calls-harness-<scenario>-<id>, and its runners\' folders go under that name on the results volume (default: the time, UTC)', runIdValue('--run-id'))
    .option('--results-claim <name>', 'a ReadWriteMany PersistentVolumeClaim of yours for the runners\' folders (default: the manifest claims calls-harness-results)', kubernetesName('--results-claim'))
    .option('--remote-write <url>', 'the runners also write to this Prometheus remote-write URL, trends as native histograms (for report merge --prometheus)')
    .action(async (flags: BundleFlags) => {
      const testRun = flags.k8s ? { profile: flags.profile, target: flags.target, agentId: flags.agent, parallelism: flags.parallelism, tokenSecret: flags.tokenSecret, ...(flags.runId ? { runId: flags.runId } : {}), ...(flags.resultsClaim ? { resultsClaim: flags.resultsClaim } : {}), ...(flags.remoteWrite ? { remoteWrite: flags.remoteWrite } : {}) } : null;
      const { files, manifests } = await bundleForK6(testRun, (e) => printError(`calls-harness: warning ${e.code}: ${e.message} It is left out of the bundles.`));
      for (const f of files) print(`bundled ${f}`);
      for (const m of manifests) print(`wrote ${m}`);
    });
}
