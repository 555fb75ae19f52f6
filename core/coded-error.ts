// The one error every room throws for what a user can fix: a stable code from the catalog, a
// message that names the file, value or target and the fix, and the exit code the command ends
// with (the catalog's unless the thrower knows better). The CLI maps it in one place.
import { ERROR_CATALOG, type ErrorCode } from './error-catalog.ts';
import { redact } from './secrets.ts';
import { terminalText } from './untrusted-text.ts';

export class CodedError extends Error {
  readonly exitCode: number;
  /** False where the message says what is wrong but not the fix: the CLI adds the catalog's. */
  readonly messageHasFix: boolean = true;

  constructor(readonly code: ErrorCode, message: string, exitCode?: number) {
    // A message quotes what it was given (a URL with user:password@, a parser's excerpt of a file
    // a target filled): secrets are taken out as it is made (core/secrets.ts).
    super(redact(message));
    this.exitCode = exitCode ?? ERROR_CATALOG[code].exit;
  }
}

/**
 * One line whatever the message quotes (a JSON parser's excerpt of a file holds its newlines),
 * with every secret taken out and through the boundary (core/untrusted-text.ts): a message may
 * quote what a target sent, and an error of the machine or a library carries no redacted message.
 */
export function formatError(code: string, message: string): string {
  return `calls-harness: error ${code}: ${terminalText(redact(message).replace(/\s*[\r\n]+\s*/g, ' ').trim())}`;
}
