// Writes a report file, turning a folder that cannot be written into one clear error.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { HarnessError } from './errors.ts';

export function writeOutput(path: string, content: string, what: string): void {
  const full = resolve(path);
  try {
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  } catch (err) {
    throw new HarnessError('E_OUTPUT_NOT_WRITABLE', `Cannot write the ${what} to ${full} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}). Choose a folder you can write to.`);
  }
}
