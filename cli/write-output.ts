// Writes a report file whole or not at all, turning a folder that cannot be written into one clear error.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { FileWriteError, writeErrorReason, writeFileAtomic } from '../reports/atomic-write.ts';
import { HarnessError } from './errors.ts';

export function writeOutput(path: string, content: string, what: string): void {
  const full = resolve(path);
  try {
    mkdirSync(dirname(full), { recursive: true });
    writeFileAtomic(full, content);
  } catch (err) {
    const reason = err instanceof FileWriteError ? err.reason : writeErrorReason(err);
    throw new HarnessError('E_OUTPUT_NOT_WRITABLE', `Cannot write the ${what} to ${full} (${reason}). Choose a folder you can write to, or free space on its device.`);
  }
}
