// `calls-harness config --print`: the effective configuration, token masked, with where each
// value came from (flag, environment, file or default). It takes the configuration flags the
// other commands take, so that "flag --target" is a source it can show, as the README says.
import { Command, Option } from 'commander';
import { jsonText } from '../../core/index.ts';
import { printable, resolveConfig, type HarnessConfig } from '../../pipelines/index.ts';
import { collect, e164, wholeNumber } from '../parse-values.ts';
import { parseThresholdFlags } from './load.ts';
import { print } from '../io.ts';

interface ConfigFlags {
  config?: string; print?: boolean; target?: string; agent?: string; callId?: string[]; transferTo?: string[]; allowRemote?: boolean;
  reportDir?: string; history?: string; profile?: string; scenario?: string[]; engine?: 'k6' | 'node'; release?: string; timeoutMs?: number; threshold?: string[];
}

export function configCommand(): Command {
  return new Command('config')
    .description('Show the effective configuration (flags, then environment, then the config file, then defaults), where each value came from, and the token masked. Give the flags a command would get to see what it would use.')
    .option('--config <file>', 'JSON config file (default: ./calls-harness.config.json when present)')
    .option('--print', 'print it as JSON')
    .option('--target <url>', 'base URL of the Calls API (env CALLS_API_BASE_URL)')
    .option('--agent <id>', 'agent whose calls to test with (env CALLS_API_AGENT_ID)')
    .option('--call-id <id>', 'a call id to test with (repeatable)', collect)
    .option('--transfer-to <e164>', 'a number transfers may dial (repeatable)', (v: string, prev: string[] = []) => [...prev, e164('--transfer-to')(v)])
    .option('--allow-remote', 'allow a target that is not loopback')
    .option('--report-dir <dir>', 'run folder')
    .option('--history <file>', 'history file')
    .option('--profile <name|file>', 'load profile')
    .option('--scenario <name>', 'load scenario (repeatable)', collect)
    .addOption(new Option('--engine <engine>', 'k6 or node').choices(['k6', 'node']))
    .option('--release <label>', 'release or build label (env CALLS_HARNESS_RELEASE)')
    .option('--timeout-ms <n>', 'time allowed for each contract request', wholeNumber('--timeout-ms'))
    .option('--threshold <metric=expression>', 'a threshold override (repeatable)', collect)
    .action((flags: ConfigFlags) => {
      const fromFlags: HarnessConfig = {
        target: flags.target, agentId: flags.agent, callIds: flags.callId, transferTo: flags.transferTo, allowRemote: flags.allowRemote,
        reportDir: flags.reportDir, history: flags.history, profile: flags.profile, scenarios: flags.scenario, engine: flags.engine,
        release: flags.release, timeoutMs: flags.timeoutMs, thresholds: flags.threshold ? parseThresholdFlags(flags.threshold) : undefined,
      };
      // jsonText: a config file found in the working folder may be a cloned repository's, and its
      // values reach the terminal; JSON.stringify left C1 controls (CSI) and bidi overrides raw.
      print(jsonText(printable(resolveConfig(flags.config, fromFlags)), 2));
    });
}
