// A command made of subcommands (calls-harness, report, schemas) given none, or one it does not
// have: one line naming the commands there are, not a help page on stderr.
import type { Command } from 'commander';
import { HarnessError } from './errors.ts';

export function requireCommand(cmd: Command): Command {
  return cmd
    // An action would otherwise drop commander's implicit `help [command]`.
    .helpCommand(true)
    .usage('[options] [command]')
    .argument('[command]')
    .action((name: string | undefined) => {
      const names = cmd.commands.map((c) => c.name()).filter((n) => n !== 'help');
      const path = ['calls-harness', ...(cmd.parent ? [cmd.name()] : [])].join(' ');
      const problem = name === undefined ? 'No command given' : `Unknown command '${name}'`;
      throw new HarnessError('E_USAGE', `${problem}: ${path} takes one of ${names.join(', ')}. See ${path} --help.`);
    });
}
