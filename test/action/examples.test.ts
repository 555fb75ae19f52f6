// The CI examples (examples/) as a team copies them: each is YAML its CI reads, every use of the
// action passes only inputs action.yml declares, and every calls-harness command line (a GitHub
// `run:`, a GitLab `script:`, the action's `args:` for its command) names only options that
// command's --help lists. The pages are read as they are at test time.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { PROJECT_ROOT } from '../../core/paths.ts';
import { runCli } from '../helpers/cli.ts';
import { docOptions, type CommandTree } from '../helpers/doc-commands.ts';

const EXAMPLES = join(PROJECT_ROOT, 'examples');
const files = readdirSync(EXAMPLES, { recursive: true, encoding: 'utf8' }).filter((f) => /\.ya?ml$/.test(f)).sort();
const read = (f: string) => parse(readFileSync(join(EXAMPLES, f), 'utf8')) as Record<string, unknown>;
const actionInputs = Object.keys((parse(readFileSync(join(PROJECT_ROOT, 'action.yml'), 'utf8')) as { inputs: object }).inputs);

interface Step { uses?: string; run?: string; with?: Record<string, string> }
const githubSteps = (f: string) => Object.values((read(f).jobs ?? {}) as Record<string, { steps?: Step[] }>).flatMap((j) => j.steps ?? []);
const usesOfAction = (f: string) => githubSteps(f).filter((s) => /\/calls-harness@/.test(s.uses ?? ''));

/** Every shell line of an example: GitHub run steps, GitLab before_script and script entries. */
function shellLines(f: string): string[] {
  const doc = read(f);
  if (doc.jobs) return githubSteps(f).flatMap((s) => (s.run ? [s.run] : []));
  return Object.values(doc).flatMap((job) => {
    const j = job as { before_script?: string[]; script?: string[] } | null;
    return j && typeof j === 'object' ? [...(j.before_script ?? []), ...(j.script ?? [])] : [];
  });
}

describe('examples/', () => {
  const helps = new Map<string, string>();
  const tree: CommandTree = { run: [], contract: [], load: [], capacity: [], report: ['compare', 'dashboard', 'render', 'merge'], schemas: ['import', 'diff'] };
  beforeAll(async () => {
    for (const [cmd, subs] of Object.entries(tree)) {
      if (!subs.length) helps.set(cmd, (await runCli([cmd, '--help'])).stdout);
      for (const sub of subs) helps.set(`${cmd} ${sub}`, (await runCli([cmd, sub, '--help'])).stdout);
    }
  }, 60_000);

  it('hold the three uses, on GitHub Actions and GitLab CI', () => {
    expect(files).toEqual(['github/nightly.yml', 'github/pull-request.yml', 'github/release-gate.yml', 'gitlab-ci.yml']);
    expect(usesOfAction('github/pull-request.yml').map((s) => s.with?.command)).toEqual(['schemas diff']);
    expect(usesOfAction('github/release-gate.yml').map((s) => s.with?.command)).toEqual(['run']);
    expect(usesOfAction('github/nightly.yml').map((s) => s.with?.['history-cache'])).toEqual(['nightly-staging']);
    expect(Object.keys(read('gitlab-ci.yml'))).toEqual(expect.arrayContaining(['api-document', 'release-gate', 'nightly']));
    expect((read('gitlab-ci.yml').nightly as { cache: { when: string } }).cache.when).toBe('always');
  });

  it.each(files.filter((f) => f.startsWith('github/')))('%s: the action gets only inputs it declares', (f) => {
    for (const step of usesOfAction(f)) expect(Object.keys(step.with ?? {}).filter((k) => !actionInputs.includes(k)), f).toEqual([]);
  });

  it('name only options the commands have (--help), in shell lines and in the action\'s args', () => {
    const shown = files.flatMap((f) => {
      const lines = [...shellLines(f), ...(f.startsWith('github/') ? usesOfAction(f).map((s) => `calls-harness ${s.with?.command ?? 'run'} ${s.with?.args ?? ''}`) : [])];
      return docOptions(f, ['```sh', ...lines.flatMap((l) => l.split('\n')), '```'].join('\n'), tree);
    });
    expect(shown.length).toBeGreaterThan(10);
    expect(shown.filter((o) => o.command.startsWith('?'))).toEqual([]);
    const missing = shown.filter((o) => !new RegExp(`(^|[\\s,])${o.option}(?![a-z0-9-])`, 'm').test(helps.get(o.command) ?? ''));
    expect(missing.map((o) => `${o.where}: calls-harness ${o.command} ${o.option}`)).toEqual([]);
  });
});
