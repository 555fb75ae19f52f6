// calls-harness: the command-line entry. Errors become one paragraph with a stable code.
// `main(argv, io)` runs one command and returns its exit code; it never exits the process:
// bin/calls-harness.js calls it with the process's streams and exits (cli/stop-signals.ts bounds
// that exit), and the tests call it in-process with streams of their own (cli/io.ts).
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
import { formatError } from './errors.ts';
import { type CliIo, type CliStream, print, printError, processIo, stdoutIsTTY, withInvocation } from './io.ts';
import { describeError, output, PROJECT_ROOT, registerEnvironmentSecrets } from '../core/index.ts';
import { ReportsNotWrittenError } from '../pipelines/index.ts';
import { renderConsole } from '../reports/index.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export { exitWhenDone } from './stop-signals.ts';
export { processIo, type CliIo, type CliStream } from './io.ts';

const { version } = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string };

/** Runs `calls-harness ...argv` (the arguments after the program's name) and gives its exit code. */
export function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  return withInvocation(io, async (inv) => {
    try {
      // Before anything is read or sent: every secret the command was given is known to the
      // redactor, so whatever a target or receiver echoes is taken out where it is captured.
      registerEnvironmentSecrets(process.env, argv);
      await program().parseAsync([...argv], { from: 'user' });
    } catch (err) {
      // Whatever path ended it, the command exits with its code within the bound a settled run has.
      inv.record(exitFor(err));
      inv.ended('error');
    } finally {
      inv.returned();
    }
    return inv.code ?? 0;
  });
}

/** The commands, made afresh for each call: commander keeps the values it parsed on them. */
function program(): Command {
  const out = {
    writeOut: (text: string) => void output().stdout.write(text),
    writeErr: (text: string) => void output().stderr.write(text),
    // A terminal's width, else commander's own 80 columns (a pipe, a test's captured stream).
    getOutHelpWidth: () => helpWidth(output().stdout),
    getErrHelpWidth: () => helpWidth(output().stderr),
    outputError: (text: string, write: (text: string) => void) => write(formatError('E_USAGE', text.replace(/^error: /, '').trim().replace(/([^.])$/, '$1.') + ' See --help.') + '\n'),
  };
  const program = new Command('calls-harness')
    .description('Contract and load testing harness for the Speko Calls API, with an embedded reference server.')
    .version(version)
    .showSuggestionAfterError()
    .configureOutput(out)
    .exitOverride()
    .hook('preAction', (_program, command) => refuseEmptyValues(command));

  for (const cmd of [runCommand(), serveCommand(), contractCommand(), loadCommand(), capacityCommand(), bundleCommand(), reportCommand(), configCommand(), schemasCommand()]) program.addCommand(cmd);
  for (const cmd of [program, ...program.commands.filter((c) => c.commands.length)]) requireCommand(cmd);
  for (const cmd of program.commands) cmd.exitOverride().configureOutput(out);
  for (const cmd of program.commands.flatMap((c) => c.commands)) cmd.exitOverride().configureOutput(out);
  return program;
}

function helpWidth(stream: CliStream): number {
  return (stream.isTTY ? stream.columns : undefined) ?? 80;
}

function exitFor(err: unknown): number {
  if (err instanceof CommanderError) {
    // Help and version end with exit 0; every usage error was already printed by outputError.
    return err.exitCode === 0 ? 0 : 2;
  }
  if (err instanceof ReportsNotWrittenError) {
    // The run's verdict is still news, but without its reports it is not a pass.
    print(renderConsole(err.result, stdoutIsTTY()));
    print(`${err.result.verdict.passed ? 'PASS on the console only' : 'FAIL'}: the reports could not be written, so this run is not a pass (exit ${err.exitCode})`);
  }
  // One mapping for every error (core/describe-error.ts), the same a failed stage records.
  const { code, message, exitCode } = describeError(err);
  printError(formatError(code, message));
  return exitCode;
}
