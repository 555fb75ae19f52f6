// Where the project's data lives, resolved from this file so that it works from src and from dist.
import { existsSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
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
/**
 * The harness runs from an installed package (`npm i calls-harness`: node_modules/calls-harness),
 * not from its own clone: its folder is npm's, emptied by the next `npm ci`, and may not be writable.
 */
export const INSTALLED = PROJECT_ROOT.split(sep).includes('node_modules');
/**
 * Where run folders and the history go by default (`reports/out/` under it): the clone, or, for an
 * installed package, the folder the command was started in, as a team's CI keeps its own files.
 */
export const OUTPUT_ROOT = INSTALLED ? process.cwd() : PROJECT_ROOT;
export const SCHEMAS_DIR = join(PROJECT_ROOT, 'schemas');
/** The published OpenAPI document the schemas are imported from (see schemas/source/README.md). */
export const DEFAULT_OPENAPI = join(SCHEMAS_DIR, 'source', 'openapi.calls.json');
