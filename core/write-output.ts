// Writes a report file whole or not at all, turning a folder that cannot be written into one clear error.
import { dirname, resolve } from 'node:path';
import { FileWriteError, writeErrorReason, writeFileAtomic } from './atomic-write.ts';
import { CodedError } from './coded-error.ts';
import { makeFolder } from './make-folder.ts';

export function writeOutput(path: string, content: string, what: string): void {
  const full = resolve(path);
  try {
    makeFolder(dirname(full));
    writeFileAtomic(full, content);
  } catch (err) {
    const reason = err instanceof FileWriteError ? err.reason : writeErrorReason(err);
    throw new CodedError('E_OUTPUT_NOT_WRITABLE', `Cannot write the ${what} to ${full} (${reason}). Choose a folder you can write to, or free space on its device.`);
  }
}
