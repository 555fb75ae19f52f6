// docs/errors.md's table of codes, generated from the catalog (core/error-catalog.ts) so that the
// page and the codes the CLI prints never drift apart: test/cli/errors-doc.test.ts fails when they
// do, and `npm run docs:errors` writes the page again.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ERROR_CATALOG, PROJECT_ROOT } from '../core/index.ts';

export const ERRORS_DOC = join(PROJECT_ROOT, 'docs', 'errors.md');
const BEGIN = '<!-- generated from core/error-catalog.ts by `npm run docs:errors`: do not edit -->';
const END = '<!-- end of generated table -->';

const cell = (text: string) => text.replace(/\|/g, '\\|');

export function errorsTable(): string {
  const rows = Object.entries(ERROR_CATALOG).map(([code, e]) => `| \`${code}\` | ${e.exit} | ${cell(e.means)} | ${cell(e.fix)} |`);
  return [BEGIN, '', '| code | exit | what it means | the fix |', '|---|---|---|---|', ...rows, '', END].join('\n');
}

/** The page with its generated table replaced by the catalog's; the prose around it kept. */
export function errorsDocWithTable(page: string): string {
  const start = page.indexOf(BEGIN);
  const end = page.indexOf(END);
  if (start < 0 || end < start) throw new Error(`${ERRORS_DOC} has lost its generated-table markers; put back "${BEGIN}" and "${END}" where the table goes.`);
  return page.slice(0, start) + errorsTable() + page.slice(end + END.length);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  writeFileSync(ERRORS_DOC, errorsDocWithTable(readFileSync(ERRORS_DOC, 'utf8')));
}
