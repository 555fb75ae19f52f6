// Every run folder holds the same files, so that CI steps and people can count on them.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunResult } from './model.ts';
import { renderHtml } from './render-html.ts';
import { renderJunit } from './render-junit.ts';
import { renderMarkdown } from './render-markdown.ts';

export const RUN_FOLDER_FILES = ['result.json', 'junit.xml', 'summary.md', 'report.html'] as const;

export function writeRunFolder(dir: string, result: RunResult): Record<(typeof RUN_FOLDER_FILES)[number], string> {
  mkdirSync(dir, { recursive: true });
  const files = {
    'result.json': JSON.stringify(result, null, 2) + '\n',
    'junit.xml': renderJunit(result),
    'summary.md': renderMarkdown(result),
    'report.html': renderHtml(result),
  };
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return Object.fromEntries(Object.keys(files).map((name) => [name, join(dir, name)])) as Record<(typeof RUN_FOLDER_FILES)[number], string>;
}
