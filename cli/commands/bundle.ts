// `calls-harness bundle`: every scenario into dist/k6/<name>.js (and a k6-operator TestRun with --k8s).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Command } from 'commander';
import { bundleScenarios, DIST_DIR, isProfilePath, loadProfile, testRunManifest, validProfiles } from '../../load/index.ts';
import { checkTarget } from '../../target/index.ts';
import { kubernetesName, positiveWhole } from '../parse-values.ts';
import { refuseDotId } from '../../pipelines/index.ts';
import { print, printError } from '../io.ts';

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
      // Each profile stands alone: a broken file is left out of the bundles and named, not fatal,
      // unless it is the one the TestRun runs.
      const chosen = flags.k8s ? loadProfile(flags.profile) : null;
      // The same target check as every command, before anything is built.
      const target = flags.k8s ? checkTarget(flags.target, 'The flag --target') : flags.target;
      // The TestRun's agent goes into request paths as every command's does.
      if (flags.k8s) refuseDotId('The flag --agent', flags.agent, 'an agent id');
      for (const e of validProfiles().invalid) printError(`calls-harness: warning ${e.code}: ${e.message} It is left out of the bundles.`);
      const files = await bundleScenarios(DIST_DIR, 'k6');
      for (const f of files) print(`bundled ${f}`);
      if (!flags.k8s) return;
      mkdirSync(join(DIST_DIR, 'k8s'), { recursive: true });
      for (const file of files) {
        const scenario = basename(file, '.js');
        const manifest = testRunManifest({ scenario, bundleFile: basename(file), bundle: readFileSync(file, 'utf8'), parallelism: flags.parallelism, profile: chosen?.label ?? flags.profile, ...(isProfilePath(flags.profile) ? { profileJson: JSON.stringify(chosen?.profile) } : {}), target, agentId: flags.agent, tokenSecret: flags.tokenSecret });
        const out = join(DIST_DIR, 'k8s', `${scenario}.testrun.yaml`);
        writeFileSync(out, manifest);
        print(`wrote ${out}`);
      }
    });
}
