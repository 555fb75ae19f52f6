// `calls-harness config --print`: the effective configuration, token masked, with where each
// value came from (flag, environment, file or default).
import { Command } from 'commander';
import { jsonText } from '../../core/index.ts';
import { printable, resolveConfig } from '../config.ts';

export function configCommand(): Command {
  return new Command('config')
    .description('Show the effective configuration (flags, then environment, then the config file, then defaults), where each value came from, and the token masked.')
    .option('--config <file>', 'JSON config file (default: ./calls-harness.config.json when present)')
    .option('--print', 'print it as JSON')
    .action((flags: { config?: string; print?: boolean }) => {
      // jsonText: a config file found in the working folder may be a cloned repository's, and its
      // values reach the terminal; JSON.stringify left C1 controls (CSI) and bidi overrides raw.
      console.log(jsonText(printable(resolveConfig(flags.config, {})), 2));
    });
}
