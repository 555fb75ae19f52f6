// What the actions calls-harness's action uses do on GitHub's side, done here on files: the Actions
// cache (immutable entries found by exact key, else by the newest whose key starts with a
// restore key, as actions/cache/restore documents), the artifact store (one artifact per name in a
// workflow run), the JUnit publisher (reads the files it is given). Their inputs are listed as their
// action.yml files declare them, so that the metadata check refuses a `with:` they would ignore.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import type { KnownInputs } from './action-metadata.ts';
import type { UsesContext, UsesEmulation } from './action-runner.ts';

export const KNOWN_ACTIONS: KnownInputs = {
  'actions/setup-node': { inputs: ['node-version', 'node-version-file', 'architecture', 'check-latest', 'registry-url', 'scope', 'token', 'cache', 'cache-dependency-path', 'always-auth', 'mirror', 'mirror-token', 'package-manager-cache'] },
  'grafana/setup-k6-action': { inputs: ['k6-version', 'browser', 'github-token'] },
  'actions/cache/restore': { inputs: ['path', 'key', 'restore-keys', 'enableCrossOsArchive', 'fail-on-cache-miss', 'lookup-only'], required: ['path', 'key'] },
  'actions/cache/save': { inputs: ['path', 'key', 'upload-chunk-size', 'enableCrossOsArchive'], required: ['path', 'key'] },
  'actions/upload-artifact': { inputs: ['name', 'path', 'if-no-files-found', 'retention-days', 'compression-level', 'overwrite', 'include-hidden-files'], required: ['path'] },
  'mikepenz/action-junit-report': { inputs: ['token', 'github_token', 'report_paths', 'test_files_prefix', 'exclude_sources', 'suite_regex', 'annotate_only', 'update_check', 'check_name', 'commit', 'fail_on_failure', 'require_tests', 'include_passed', 'check_title_template', 'summary', 'check_retries', 'transformers', 'job_summary', 'detailed_summary', 'annotate_notice', 'follow_symlink', 'job_name'] },
};

const inWorkspace = (ctx: UsesContext, p: string) => (isAbsolute(p) ? p : join(ctx.workspace, p));

/** The repository's Actions cache, across jobs and workflow runs: a folder per key, in order of saving. */
export class CacheStore {
  private saved = 0;
  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  keys(): string[] {
    return readdirSync(this.dir).sort().map((entry) => JSON.parse(readFileSync(join(this.dir, entry, 'key.json'), 'utf8')) as string);
  }

  /** What a key's entry holds, by the path it was saved from. */
  entry(key: string): string | null {
    const found = readdirSync(this.dir).find((e) => JSON.parse(readFileSync(join(this.dir, e, 'key.json'), 'utf8')) === key);
    return found ? join(this.dir, found, 'files') : null;
  }

  restore: UsesEmulation = (ctx): Record<string, string> => {
    const path = ctx.with.path as string;
    const keys = this.keys();
    const restoreKeys = (ctx.with['restore-keys'] ?? '').split('\n').map((k) => k.trim()).filter(Boolean);
    // The exact key first; then, per restore key in order, the newest entry whose key starts with it.
    const matched = keys.includes(ctx.with.key as string) ? ctx.with.key as string : restoreKeys.map((p) => keys.filter((k) => k.startsWith(p)).at(-1)).find(Boolean);
    if (!matched) return { 'cache-hit': 'false' };
    const from = this.entry(matched) as string;
    const to = inWorkspace(ctx, path);
    mkdirSync(dirname(to), { recursive: true });
    cpSync(join(from, 'content'), to, { recursive: true });
    return { 'cache-hit': String(matched === ctx.with.key), 'cache-primary-key': ctx.with.key as string, 'cache-matched-key': matched };
  };

  save: UsesEmulation = (ctx) => {
    const key = ctx.with.key as string;
    // An entry is never replaced: saving an existing key is a warning, and nothing is saved.
    if (this.keys().includes(key)) return {};
    const from = inWorkspace(ctx, ctx.with.path as string);
    if (!existsSync(from)) throw new Error(`Path Validation Error: Path(s) specified in the action for caching do(es) not exist, hence no cache is being saved. (${from})`);
    const entry = join(this.dir, String(++this.saved + Date.now() * 1000).padStart(20, '0'));
    mkdirSync(join(entry, 'files'), { recursive: true });
    writeFileSync(join(entry, 'key.json'), JSON.stringify(key));
    cpSync(from, join(entry, 'files', 'content'), { recursive: true });
    return {};
  };
}

/** The workflow run's artifacts, by name. */
export class ArtifactStore {
  readonly uploaded = new Map<string, string>();
  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  upload: UsesEmulation = (ctx) => {
    const name = ctx.with.name || 'artifact';
    if (this.uploaded.has(name) && ctx.with.overwrite !== 'true') throw new Error(`Failed to CreateArtifact: an artifact with this name already exists on the workflow run (${name})`);
    if (!['', undefined, 'warn', 'error', 'ignore'].includes(ctx.with['if-no-files-found'])) throw new Error(`if-no-files-found: ${ctx.with['if-no-files-found']} is not warn, error or ignore`);
    const from = inWorkspace(ctx, ctx.with.path as string);
    const to = join(this.dir, name);
    if (existsSync(from)) cpSync(from, to, { recursive: true });
    this.uploaded.set(name, to);
    return { 'artifact-id': String(this.uploaded.size) };
  };
}

/** Reads the JUnit files it is given, as the publisher would, and keeps what it read. */
export class JunitPublisher {
  readonly published: { checkName: string; files: string[]; tests: number; failures: number }[] = [];

  publish: UsesEmulation = (ctx) => {
    const files = (ctx.with.report_paths ?? '').split(/[\n,]/).map((f) => f.trim()).filter(Boolean).map((f) => inWorkspace(ctx, f));
    let tests = 0;
    let failures = 0;
    for (const f of files) {
      if (!existsSync(f) || !statSync(f).isFile()) throw new Error(`No test report files were found: ${f}`);
      const head = /<testsuites\b[^>]*>/.exec(readFileSync(f, 'utf8'))?.[0] ?? '';
      tests += Number(/\btests="(\d+)"/.exec(head)?.[1] ?? 0);
      failures += Number(/\bfailures="(\d+)"/.exec(head)?.[1] ?? 0);
    }
    this.published.push({ checkName: ctx.with.check_name ?? '', files, tests, failures });
    return {};
  };
}

/** Node is already set up here; the version asked for is checked to be one the harness runs on. */
export const setupNode: UsesEmulation = (ctx) => {
  const wanted = ctx.with['node-version'] ?? '';
  const major = Number(/^v?(\d+)/.exec(wanted)?.[1]);
  if (!(major >= 20 && major <= 24)) throw new Error(`node-version ${wanted}: calls-harness runs on Node 20.19 to 24`);
  return { 'node-version': process.version };
};
