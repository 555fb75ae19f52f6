// The package a team installs: `npm pack` of this project, installed from the tarball in an empty
// folder (the registry the only network), then `npx calls-harness run` there against the embedded
// server, as a team's CI would, with no build step of its own. The tarball holds what the runtime
// reads and nothing else: no test, bench or fixture.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../core/paths.ts';
import { bundleScenarios } from '../../load/bundle.ts';
import type { RunResult } from '../../reports/model.ts';
import { cleanEnv, pack, run, type Packed } from '../helpers/npm.ts';

const pkg = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { name: string; version: string; scripts: Record<string, string>; dependencies: Record<string, string>; devDependencies: Record<string, string> };
const dir = mkdtempSync(join(tmpdir(), 'calls-harness-package-'));
const app = join(dir, 'app');
const installed = join(app, 'node_modules', pkg.name);
let packed: Packed;
let install: { ms: number };

beforeAll(async () => {
  mkdirSync(join(dir, 'out'));
  // dist/ as the suite's global setup built it; `npm pack` alone runs `prepare` (checked below).
  packed = await pack(PROJECT_ROOT, join(dir, 'out'), { ignoreScripts: true });
  mkdirSync(app);
  // An empty project, as `npm init -y` makes it, then the tarball installed into it.
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'a-team', version: '1.0.0', private: true }, null, 2));
  const r = await run('npm', ['install', '--no-audit', '--no-fund', '--no-update-notifier', packed.tarball], { cwd: app, timeoutMs: 170_000 });
  expect(r.code, r.stderr).toBe(0);
  install = r;
}, 180_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));


/** Where the project keeps what only its own development needs. */
const DEVELOPMENT_ONLY = /(^|\/)(test|tests|bench|fixtures|__snapshots__|coverage|lint|examples|docs|grafana|\.ci)\/|\.test\.ts$|\.d\.ts$|\.map$|^(build\.mjs|eslint\.config\.js|vitest\.config\.ts|tsconfig\.scenarios\.json|package-lock\.json)$/;

describe('the tarball', () => {
  it('holds the launcher, the built CLI and the data the runtime reads, and no test, bench or fixture', () => {
    expect(packed.files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'CHANGELOG.md', 'bin/calls-harness.js', 'dist/cli.mjs', 'schemas/catalog.json', 'schemas/source/openapi.calls.json', 'load/profiles/smoke.json', 'reports/html/charts.js', 'scenarios/read-mix.ts']));
    expect(packed.files.filter((f) => DEVELOPMENT_ONLY.test(f))).toEqual([]);
    // Sources are there only for the scenario bundles, built at run time: the CLI itself is dist/.
    expect(packed.files.filter((f) => /^(cli|server|contract|pipelines|target)\//.test(f))).toEqual([]);
    expect(packed.size).toBeLessThan(1024 * 1024);
  });

  it('holds every file the scenario bundles are built from (their source maps name them)', async () => {
    const out = join(dir, 'clone-bundles');
    const sources = new Set<string>();
    for (const target of ['k6', 'node'] as const) {
      for (const bundle of await bundleScenarios(out, target)) {
        const map = JSON.parse(readFileSync(`${bundle}.map`, 'utf8')) as { sources: string[] };
        for (const s of map.sources) {
          const file = relative(PROJECT_ROOT, resolve(join(bundle, '..'), s));
          if (!file.startsWith('..') && existsSync(join(PROJECT_ROOT, file))) sources.add(file);
        }
      }
    }
    expect(sources.size).toBeGreaterThan(20);
    expect([...sources].filter((s) => !packed.files.includes(s)).sort()).toEqual([]);
  });

  it('is built by `npm pack` itself (`prepare`), and installs as is: dist/ is in it, nothing built on the team\'s side', () => {
    expect(pkg.scripts.prepare).toBe('node build.mjs');
    expect(existsSync(join(installed, 'dist', 'cli.mjs'))).toBe(true);
    expect(readdirSync(installed).sort()).toEqual([...new Set(packed.files.map((f) => f.split('/')[0] as string))].sort());
    expect(install.ms).toBeGreaterThan(0);
  });
});

describe('the dependencies', () => {
  it('are what the CLI imports (and uPlot, read by file), no development tool among them', () => {
    const cli = readFileSync(join(PROJECT_ROOT, 'dist', 'cli.mjs'), 'utf8');
    const imported = new Set([...cli.matchAll(/^import\s[^;]*?from\s*"([^".][^"]*)";$/gm)].map((m) => m[1] as string).filter((s) => !s.startsWith('node:')).map((s) => (s.startsWith('@') ? s.split('/').slice(0, 2) : s.split('/').slice(0, 1)).join('/')));
    imported.add('uplot');
    expect(Object.keys(pkg.dependencies).sort()).toEqual([...imported].sort());
    expect(Object.keys(pkg.devDependencies).filter((d) => imported.has(d))).toEqual([]);
  });
});

describe('npx calls-harness in the team\'s folder', () => {
  it('--version is the package\'s', async () => {
    const r = await run('npx', ['--no-install', 'calls-harness', '--version'], { cwd: app, timeoutMs: 30_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(pkg.version);
  });

  it('run: PASS against the embedded server, the run folder and the history in the team\'s folder, nothing written into node_modules', async () => {
    const r = await run('npx', ['--no-install', 'calls-harness', 'run', '--report-dir', 'gate', '--quiet'], { cwd: app, timeoutMs: 120_000, env: cleanEnv() });
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(r.stdout).toMatch(/^PASS: reports in .*gate/m);
    const result = JSON.parse(readFileSync(join(app, 'gate', 'result.json'), 'utf8')) as RunResult;
    expect(result.verdict.passed).toBe(true);
    expect(result.meta).toMatchObject({ embedded: true, harnessVersion: pkg.version, gitRevision: null });
    expect(result.contract?.cases.filter((c) => c.outcome === 'passed').length).toBeGreaterThan(10);
    expect(result.load.map((l) => l.scenario).sort()).toEqual(['read-mix', 'transfer-flows']);
    for (const f of ['junit.xml', 'summary.md', 'report.html']) expect(existsSync(join(app, 'gate', f)), f).toBe(true);
    // The history's default place is the team's folder, not the package's.
    const history = readFileSync(join(app, 'reports', 'out', 'history.ndjson'), 'utf8').trim().split('\n');
    expect(history.map((l) => (JSON.parse(l) as { runId: string }).runId)).toEqual([result.meta.runId]);
    expect(existsSync(join(installed, 'reports', 'out'))).toBe(false);
  }, 130_000);

  it('built the same scenario bundles as the clone does (names of the files aside)', () => {
    for (const [scenario, file] of [['read-mix', 'k6/read-mix.js'], ['transfer-flows', 'k6/transfer-flows.js'], ['read-mix', 'node/read-mix.mjs']] as const) {
      const there = readFileSync(join(app, 'gate', scenario, 'bundle', file), 'utf8').replaceAll(`node_modules/${pkg.name}/`, '');
      const here = readFileSync(join(dir, 'clone-bundles', file), 'utf8');
      expect(there === here, `${scenario} ${file}`).toBe(true);
    }
  });
});

describe('the changelog', () => {
  it('has the package\'s version as its newest heading', () => {
    const changelog = readFileSync(join(PROJECT_ROOT, 'CHANGELOG.md'), 'utf8');
    const newest = /^## (\S+)/m.exec(changelog)?.[1];
    expect(newest).toBe(pkg.version);
  });
});
