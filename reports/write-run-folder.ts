// Every run folder holds the same files, so that CI steps and people can count on them.
import { jsonText, makeFolder, writeFileAtomic } from '../core/index.ts';
import { join } from 'node:path';
import type { RunResult } from './model.ts';
import { renderHtml } from './render-html.ts';
import { renderJunit } from './render-junit.ts';
import { renderMarkdown } from './render-markdown.ts';

export const RUN_FOLDER_FILES = ['result.json', 'junit.xml', 'summary.md', 'report.html'] as const;

export function writeRunFolder(dir: string, result: RunResult): Record<(typeof RUN_FOLDER_FILES)[number], string> {
  makeFolder(dir);
  // result.json last: a folder holding it holds every report (each one whole, or absent).
  const files = {
    'junit.xml': renderJunit(result),
    'summary.md': renderMarkdown(result),
    'report.html': renderHtml(result),
    'result.json': jsonText(result, 2) + '\n',
  };
  for (const [name, content] of Object.entries(files)) writeFileAtomic(join(dir, name), content);
  return Object.fromEntries(RUN_FOLDER_FILES.map((name) => [name, join(dir, name)])) as Record<(typeof RUN_FOLDER_FILES)[number], string>;
}
