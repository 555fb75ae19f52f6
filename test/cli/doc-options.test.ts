// Every --option README.md and docs/*.md show on a command line (`calls-harness <command>`, or
// `npm start` for run) is one that command's --help lists: the pages are read as they are at test
// time, so a page added or changed later is held to it too. Commands and subcommands come from
// the CLI's own help, not from a list here.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../core/paths.ts';
import { runCliInProcess } from '../helpers/cli.ts';
import { docOptions, type CommandTree, type DocOption } from '../helpers/doc-commands.ts';

/** The names under "Commands:" in a help text. */
function commandsOf(help: string): string[] {
  const section = help.split(/^Commands:$/m)[1] ?? '';
  return [...section.matchAll(/^ {2}([a-z][a-z-]*)\b/gm)].map((m) => m[1] as string).filter((c) => c !== 'help');
}

/** README.md and every docs/*.md, as they are now. */
function pages(): { file: string; text: string }[] {
  const docs = join(PROJECT_ROOT, 'docs');
  const names = existsSync(docs) ? readdirSync(docs).filter((f) => f.endsWith('.md')).sort().map((f) => join('docs', f)) : [];
  return ['README.md', ...names].map((file) => ({ file, text: readFileSync(join(PROJECT_ROOT, file), 'utf8') }));
}

describe('the command lines of a page', () => {
  const tree: CommandTree = { run: [], load: [], report: ['merge'] };
  it('are fenced lines with their continuations and inline spans; comments and other tools are left out', () => {
    const page = [
      'Run `npm start -- --quiet`, `npm run start -- --json` or `calls-harness load --scenario x` (not `k6 run --vus 2`).',
      '```sh',
      'CALLS_API_TOKEN=x npx calls-harness load --scenario read-mix \\',
      '  --rate 5   # as k6 run --duration',
      'npx calls-harness report merge r1 r2 --report-dir m && calls-harness run --json',
      'calls-harness frobnicate --now',
      '```',
      '`--anywhere` alone names no command.',
    ].join('\n');
    expect(docOptions('page.md', page, tree).map((o) => `${o.where} ${o.command} ${o.option}`)).toEqual([
      'page.md:1 run --quiet', 'page.md:1 run --json', 'page.md:1 load --scenario', 'page.md:3 load --scenario', 'page.md:3 load --rate',
      'page.md:5 report merge --report-dir', 'page.md:5 run --json', 'page.md:6 ?frobnicate ',
    ]);
  });
});

describe('options the documentation shows', () => {
  const helps = new Map<string, string>();
  let tree: CommandTree = {};
  let shown: DocOption[] = [];

  beforeAll(async () => {
    const top = await runCliInProcess(['--help']);
    for (const cmd of commandsOf(top.stdout)) {
      const help = (await runCliInProcess([cmd, '--help'])).stdout;
      const subs = commandsOf(help);
      tree[cmd] = subs;
      helps.set(cmd, help);
      for (const sub of subs) helps.set(`${cmd} ${sub}`, (await runCliInProcess([cmd, sub, '--help'])).stdout);
    }
    tree = { ...tree };
    shown = pages().flatMap(({ file, text }) => docOptions(file, text, tree));
  }, 60_000);

  it('finds the command lines (the pages are read, not skipped)', () => {
    expect(Object.keys(tree)).toEqual(expect.arrayContaining(['run', 'contract', 'load', 'capacity', 'report', 'schemas']));
    expect(new Set(shown.map((o) => o.command)).size).toBeGreaterThan(5);
  });

  it('name commands the CLI has', () => {
    expect(shown.filter((o) => o.command.startsWith('?')).map((o) => `${o.where}: calls-harness ${o.command.slice(1)}`)).toEqual([]);
  });

  it('are each listed by that command\'s --help', () => {
    const missing = shown.filter((o) => !o.command.startsWith('?')).filter((o) => !new RegExp(`(^|[\\s,])${o.option}(?![a-z0-9-])`, 'm').test(helps.get(o.command) ?? ''));
    expect(missing.map((o) => `${o.where}: calls-harness ${o.command} ${o.option}`)).toEqual([]);
  });
});
