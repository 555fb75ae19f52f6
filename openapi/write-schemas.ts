// Writes imported files (schemas/ and the generated types), or reports how the committed ones drifted.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

export async function writeSchemaFiles(dir: string, files: Map<string, string>): Promise<void> {
  for (const [rel, content] of files) {
    const path = join(dir, rel);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, content);
  }
}

/** Returns the relative paths whose committed content differs from a fresh import. */
export async function driftedSchemaFiles(dir: string, files: Map<string, string>): Promise<string[]> {
  const drifted: string[] = [];
  for (const [rel, content] of files) {
    const current = await readFile(join(dir, rel), 'utf8').catch(() => null);
    if (current !== content) drifted.push(rel);
  }
  return drifted;
}
