// Where the project's data lives, resolved from this file so that it works from src and from dist.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the calls-harness project folder (no package.json above this module)');
    dir = parent;
  }
  return dir;
}

export const PROJECT_ROOT = projectRoot();
export const SCHEMAS_DIR = join(PROJECT_ROOT, 'schemas');
export const DEFAULT_OPENAPI = resolve(PROJECT_ROOT, '..', 'shared', 'calls-api', 'openapi.calls.json');
