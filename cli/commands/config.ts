// `calls-harness config --print`: the effective configuration, token masked, with where each
// value came from (flag, environment, file or default).
import { Command } from 'commander';
import { printable, resolveConfig } from '../config.ts';

export function configCommand(): Command {
  return new Command('config')
    .description('Show the effective configuration (flags, then environment, then the config file, then defaults), where each value came from, and the token masked.')
    .option('--config <file>', 'JSON config file (default: ./calls-harness.config.json when present)')
    .option('--print', 'print it as JSON')
    .action((flags: { config?: string; print?: boolean }) => {
      console.log(JSON.stringify(printable(resolveConfig(flags.config, {})), null, 2));
    });
}
