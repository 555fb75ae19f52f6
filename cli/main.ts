// calls-harness: the command-line entry. Errors become one paragraph with a stable code.
import { Command, CommanderError } from 'commander';
import { bundleCommand } from './commands/bundle.ts';
import { capacityCommand } from './commands/capacity.ts';
import { configCommand } from './commands/config.ts';
import { reportCommand } from './commands/report.ts';
import { runCommand } from './commands/run.ts';
import { contractCommand } from './commands/contract.ts';
import { loadCommand } from './commands/load.ts';
import { schemasCommand } from './commands/schemas.ts';
import { serveCommand } from './commands/serve.ts';
import { refuseEmptyValues } from './empty-values.ts';
import { requireCommand } from './require-command.ts';
import { exitAfterError } from './stop-signals.ts';
import { formatError } from './errors.ts';
import { describeError, PROJECT_ROOT, registerEnvironmentSecrets } from '../core/index.ts';
import { ReportsNotWrittenError } from '../pipelines/index.ts';
import { renderConsole } from '../reports/index.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// Before anything is read or sent: every secret the process was given is known to the redactor,
// so whatever a target or receiver echoes is taken out where it is captured.
registerEnvironmentSecrets(process.env, process.argv.slice(2));

const { version } = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string };

const program = new Command('calls-harness')
  .description('Contract and load testing harness for the Speko Calls API, with an embedded reference server.')
  .version(version)
  .showSuggestionAfterError()
  .configureOutput({ outputError: (text, write) => write(formatError('E_USAGE', text.replace(/^error: /, '').trim().replace(/([^.])$/, '$1.') + ' See --help.') + '\n') })
  .exitOverride()
  .hook('preAction', (_program, command) => refuseEmptyValues(command));

for (const cmd of [runCommand(), serveCommand(), contractCommand(), loadCommand(), capacityCommand(), bundleCommand(), reportCommand(), configCommand(), schemasCommand()]) program.addCommand(cmd);
for (const cmd of [program, ...program.commands.filter((c) => c.commands.length)]) requireCommand(cmd);
for (const cmd of program.commands) cmd.exitOverride().configureOutput(program.configureOutput());
for (const cmd of program.commands.flatMap((c) => c.commands)) cmd.exitOverride().configureOutput(program.configureOutput());

try {
  await program.parseAsync(process.argv);
} catch (err) {
  // Whatever path ended it, the command exits with its code within the bound a settled run has.
  exitAfterError(exitFor(err));
}

function exitFor(err: unknown): number {
  if (err instanceof CommanderError) {
    // Help and version end with exit 0; every usage error was already printed by outputError.
    return err.exitCode === 0 ? 0 : 2;
  }
  if (err instanceof ReportsNotWrittenError) {
    // The run's verdict is still news, but without its reports it is not a pass.
    console.log(renderConsole(err.result, process.stdout.isTTY === true));
    console.log(`${err.result.verdict.passed ? 'PASS on the console only' : 'FAIL'}: the reports could not be written, so this run is not a pass (exit ${err.exitCode})`);
  }
  // One mapping for every error (core/describe-error.ts), the same a failed stage records.
  const { code, message, exitCode } = describeError(err);
  console.error(formatError(code, message));
  return exitCode;
}
