// `calls-harness bundle`: every scenario into dist/k6/<name>.js (and a k6-operator TestRun with --k8s).
import { Command } from 'commander';
import { kubernetesName, positiveWhole } from '../parse-values.ts';
import { bundleForK6 } from '../../pipelines/index.ts';

interface BundleFlags {
  k8s?: boolean; parallelism: number; profile: string; target: string; agent: string; tokenSecret: string;
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
    .action(async (flags: BundleFlags) => {
      const { files, manifests } = await bundleForK6(flags.k8s ? { profile: flags.profile, target: flags.target, agentId: flags.agent, parallelism: flags.parallelism, tokenSecret: flags.tokenSecret } : null, (e) => console.error(`calls-harness: warning ${e.code}: ${e.message} It is left out of the bundles.`));
      for (const f of files) console.log(`bundled ${f}`);
      for (const m of manifests) console.log(`wrote ${m}`);
    });
}
