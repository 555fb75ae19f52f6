// `calls-harness config --print`: the effective configuration, token masked.
import { Command } from 'commander';
import { loadConfig, printable } from '../config.ts';

export function configCommand(): Command {
  return new Command('config')
    .description('Show the effective configuration (file, then environment, then flags), with the token masked.')
    .option('--config <file>', 'JSON config file (default: ./calls-harness.config.json when present)')
    .option('--print', 'print it as JSON')
    .action((flags: { config?: string; print?: boolean }) => {
      const config = loadConfig(flags.config, {});
      console.log(JSON.stringify(printable(config), null, 2));
    });
}
