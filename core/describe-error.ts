// What any error means to a user, in one place: its stable code, one paragraph (redacted: an error
// of the machine or a library may quote a URL with credentials or a target's answer) and the exit
// code it ends a command with. The CLI prints it (cli/main.ts); a failed stage of a run records it
// in its section (pipelines/stage-error.ts). Every room throws the one coded error (core/coded-error.ts).
import { ERROR_CATALOG } from './error-catalog.ts';
import { redact } from './secrets.ts';
import { FileWriteError } from './atomic-write.ts';
import { CodedError } from './coded-error.ts';
import { machineError } from './machine-errors.ts';

export const EXIT_INTERNAL = 70;

export interface DescribedError {
  code: string;
  message: string;
  exitCode: number;
}

export function describeError(err: unknown): DescribedError {
  if (err instanceof CodedError) {
    // A message that says what is wrong but not the fix gets the catalog's.
    const message = err.messageHasFix ? err.message : `${err.message.replace(/\.$/, '')}. ${ERROR_CATALOG[err.code].fix}`;
    return { code: err.code, message, exitCode: err.exitCode };
  }
  if (err instanceof FileWriteError) return { code: 'E_OUTPUT_NOT_WRITABLE', message: redact(`Cannot write ${err.path} (${err.reason}). Free space on its device or choose a folder you can write to (--report-dir), then run again.`), exitCode: 2 };
  const machine = machineError(err);
  if (machine) return { ...machine, message: redact(machine.message), exitCode: 2 };
  const text = err instanceof Error ? err.message : String(err);
  return { code: 'E_INTERNAL', message: redact(`${text}. This is a bug in calls-harness; please report it with the command you ran.`), exitCode: EXIT_INTERNAL };
}
