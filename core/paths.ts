// Where the project's data lives, resolved from this file so that it works from src and from dist.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
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
/** The published OpenAPI document the schemas are imported from (see schemas/source/README.md). */
export const DEFAULT_OPENAPI = join(SCHEMAS_DIR, 'source', 'openapi.calls.json');
