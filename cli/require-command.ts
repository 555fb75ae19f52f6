// A command made of subcommands (calls-harness, report, schemas) given none, or one it does not
// have: one line naming the commands there are, not a help page on stderr. `help NAME` for a name
// it does not have says the same (commander prints the whole help page there, with exit 2).
import { Command } from 'commander';
import { HarnessError } from './errors.ts';

export function requireCommand(cmd: Command): Command {
  return cmd
    // commander's own `help [command]` prints the whole help for a command it does not know: ours instead.
    .helpCommand(false)
    .addCommand(helpCommand(cmd))
    .usage('[options] [command]')
    .argument('[command]')
    .action((name: string | undefined) => {
      throw unknownCommand(cmd, name);
    });
}

/** `help [command]`: the help of `cmd` or of one of its commands, as commander's, but an unknown name is an error line. */
function helpCommand(cmd: Command): Command {
  return new Command('help')
    .description('display help for command')
    .argument('[command]')
    .action((name: string | undefined) => {
      if (name === undefined) return cmd.help();
      const sub = cmd.commands.find((c) => c.name() === name || c.aliases().includes(name));
      if (!sub) throw unknownCommand(cmd, name);
      return sub.help();
    });
}

function unknownCommand(cmd: Command, name: string | undefined): HarnessError {
  const names = cmd.commands.map((c) => c.name()).filter((n) => n !== 'help');
  const path = ['calls-harness', ...(cmd.parent ? [cmd.name()] : [])].join(' ');
  const problem = name === undefined ? 'No command given' : `Unknown command '${name}'`;
  return new HarnessError('E_USAGE', `${problem}: ${path} takes one of ${names.join(', ')}. See ${path} --help.`);
}
