// calls-harness: the command-line entry. Errors become one paragraph with a stable code.
import { Command, CommanderError } from 'commander';
import { ServerConfigError } from '../server/index.ts';
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
import { formatError, HarnessError } from './errors.ts';
import { ReportsNotWrittenError } from './finish-run.ts';
import { renderConsole } from '../reports/render-console.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../spec/paths.ts';
import { BundleError } from '../load/bundle.ts';
import { EngineConfigError } from '../load/engine/script-options.ts';
import { ThresholdError } from '../load/engine/thresholds.ts';
import { ProfileError } from '../load/profile-files.ts';
import { LoadConfigError } from '../load/run-load.ts';
import { RunShapeError } from '../load/run-shape.ts';
import { TargetError } from '../contract/target.ts';
import { RunFolderError } from '../reports/claim-run-folder.ts';
import { FileWriteError } from '../reports/atomic-write.ts';
import { machineError } from './machine-errors.ts';
import { OutputConfigError } from '../load/outputs/prometheus-rw/config.ts';
import { registerEnvironmentSecrets } from '../core/environment-secrets.ts';
import { redact } from '../core/secrets.ts';

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

/** Errors of the rooms below that mean "fix the input": exit 2 with their code. */
function knownError(err: unknown): { code: string; message: string } | null {
  if (err instanceof LoadConfigError || err instanceof ProfileError || err instanceof RunShapeError || err instanceof OutputConfigError || err instanceof TargetError || err instanceof RunFolderError) return { code: err.code, message: err.message };
  if (err instanceof FileWriteError) return { code: 'E_OUTPUT_NOT_WRITABLE', message: `Cannot write ${err.path} (${err.reason}). Free space on its device or choose a folder you can write to (--report-dir), then run again.` };
  const machine = machineError(err);
  if (machine) return machine;
  if (err instanceof BundleError) return { code: 'E_BUNDLE', message: `A scenario failed to build: ${err.message}. Fix the scenario source.` };
  if (err instanceof ThresholdError) return { code: 'E_BAD_THRESHOLD', message: `${err.message}. Fix the threshold: METRIC=EXPRESSION in k6's syntax, e.g. "http_req_duration{name:getCall}=p(95)<300".` };
  if (err instanceof EngineConfigError) return { code: 'E_ENGINE_UNSUPPORTED', message: `${err.message}` };
  return null;
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
  if (err instanceof HarnessError || err instanceof ServerConfigError) {
    console.error(formatError(err.code, redact(err.message)));
    return err instanceof HarnessError ? err.exitCode : 2;
  }
  const known = knownError(err);
  // The rooms below build their messages from what they were given (--k6-out influxdb=http://u:p@...,
  // a target's answer): secrets come out here, where their errors become the CLI's.
  if (known) {
    console.error(formatError(known.code, redact(known.message)));
    return 2;
  }
  console.error(formatError('E_INTERNAL', redact(`${(err as Error).message ?? String(err)}. This is a bug in calls-harness; please report it with the command you ran.`)));
  return 70;
}
