// The one error model holds: every code the harness can print is in the catalog, and
// docs/errors.md's table is the catalog's (generated, never edited by hand).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERRORS_DOC, errorsDocWithTable, errorsTable } from '../../cli/errors-doc.ts';
import { ERROR_CATALOG } from '../../core/index.ts';
import { PROJECT_ROOT } from '../../core/paths.ts';

// Codes the engine's transport gives a failed request (as Node's own ECONNRESET would be): they
// become k6 error codes on a sample, never a line the CLI prints.
const TRANSPORT_CODES = new Set(['E_PEER_CLOSED', 'E_BAD_RESPONSE', 'E_BODY_TOO_LARGE']);
const SOURCE_ROOMS = ['bin', 'cli', 'contract', 'core', 'load', 'reports', 'openapi', 'pipelines', 'scenarios', 'server', 'target'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|js|mjs)$/.test(name) && !name.includes('.generated.') ? [path] : [];
  });
}

describe('the error catalog', () => {
  it('has every code the source can raise, each with an exit code, a meaning and a fix', () => {
    const used = new Map<string, string>();
    for (const file of SOURCE_ROOMS.flatMap((room) => sourceFiles(join(PROJECT_ROOT, room)))) {
      for (const m of readFileSync(file, 'utf8').matchAll(/['"`](E_[A-Z][A-Z0-9_]+)\b/g)) used.set(m[1] as string, relative(PROJECT_ROOT, file));
    }
    expect(used.size).toBeGreaterThan(40);
    const missing = [...used].filter(([code]) => !(code in ERROR_CATALOG) && !TRANSPORT_CODES.has(code));
    expect(missing).toEqual([]);
    for (const [code, entry] of Object.entries(ERROR_CATALOG)) {
      expect(entry.means.length, code).toBeGreaterThan(10);
      expect(entry.fix, code).toMatch(/^[A-Z`].*\.$/);
      expect([1, 2, 70], code).toContain(entry.exit);
    }
  });

  it('is what docs/errors.md shows (npm run docs:errors writes it again)', () => {
    const page = readFileSync(ERRORS_DOC, 'utf8');
    expect(page).toContain(errorsTable());
    expect(errorsDocWithTable(page)).toBe(page);
    for (const code of Object.keys(ERROR_CATALOG)) expect(page).toContain(`| \`${code}\` |`);
  });

  it('refuses to write the page when its markers are gone, rather than losing the prose', () => {
    expect(() => errorsDocWithTable('# Errors\n\nno table here\n')).toThrow(/generated-table markers/);
  });
});
