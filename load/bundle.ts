// Bundles every scenario (found by glob) with esbuild: for k6 (CommonJS for k6's base
// compatibility mode, k6 and k6/* left to k6's `require`, ES2017 for every k6 from v0.48,
// validators inlined, source map beside), and for the built-in engine (the same source as an ES
// module, k6 modules resolved to the engine's own implementation).
import { CodedError, makeFolderToWrite, PROJECT_ROOT, writeFileAtomic } from '../core/index.ts';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { build, type BuildFailure, type BuildResult, type Message, type Plugin } from 'esbuild';
import { profileModules } from './profile-modules.ts';

export const SCENARIOS_DIR = join(PROJECT_ROOT, 'scenarios');
export const ENGINE_K6_DIR = join(PROJECT_ROOT, 'load', 'engine', 'k6');

export { PROFILES_DIR } from './profile-files.ts';
/** Where `calls-harness bundle` writes: dist/k6/<scenario>.js and dist/k8s/. */
export const DIST_DIR = join(PROJECT_ROOT, 'dist');
/**
 * The project's TypeScript settings, given to esbuild as they are: it finds tsconfig.json on its
 * own in a clone, but ignores one inside node_modules, so an installed package's bundles lost
 * `"use strict"` (from `strict`), which the k6 bundles (CommonJS) need to run as their ES-module
 * sources do. Read here, both build the same bundles.
 */
const TSCONFIG = join(PROJECT_ROOT, 'tsconfig.json');

export type BundleTarget = 'k6' | 'node';

/**
 * k6 before v0.52 runs ES modules through an internal Babel that accepts less than ES2019: a real
 * k6 v0.48.0 rejects object spread (ES2018) and `catch {` without a binding (ES2019) with
 * "SyntaxError: Unexpected token". ES2017 output is what it accepts.
 */
export const K6_TARGET = 'es2017';

/**
 * Before v0.53 k6 runs every ES-module script through Babel once per VU (about 240 ms of CPU each
 * on v0.48); a CommonJS script run with `--compatibility-mode=base` skips Babel. From v0.53 both
 * modes load it natively, so base-mode CommonJS starts fast on every k6 from v0.48 to v2.
 */
export const K6_COMPATIBILITY_MODE = 'base';

export class BundleError extends CodedError {
  override readonly messageHasFix = false;
  constructor(message: string, readonly messages: Message[]) {
    super('E_BUNDLE', `A scenario failed to build: ${message}`);
  }
}

/** The room's door (scenarios/index.ts, what other rooms import) is not a scenario. */
const SCENARIOS_DOOR = 'index';

export function scenarioNames(): string[] {
  return readdirSync(SCENARIOS_DIR).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts')).map((f) => f.slice(0, -3)).filter((n) => n !== SCENARIOS_DOOR).sort();
}

export function bundlePath(outDir: string, target: BundleTarget, name: string): string {
  return join(outDir, target, `${name}.${target === 'k6' ? 'js' : 'mjs'}`);
}

/** Resolves `k6` and `k6/<module>` to the engine's implementation in load/engine/k6/. */
const k6ForNode: Plugin = {
  name: 'k6-for-node',
  setup(b) {
    b.onResolve({ filter: /^k6(\/.*)?$/ }, (args) => {
      const sub = args.path === 'k6' ? 'k6' : args.path.slice(3).replace(/\//g, '-');
      return { path: join(ENGINE_K6_DIR, `${sub}.ts`) };
    });
  },
};

/** The profiles and the profile validator, as virtual modules (load/profile-modules.ts). */
const profilesModule = profileModules();

/**
 * `k6Format` 'esm' makes the k6 bundle an ES module instead, as bundles were before base mode: for
 * the benchmark that prices the difference on a real k6, not for runs.
 */
export async function bundleScenarios(outDir: string, target: BundleTarget, names = scenarioNames(), sourceDir = SCENARIOS_DIR, k6Format: 'cjs' | 'esm' = 'cjs'): Promise<string[]> {
  const common = {
    tsconfigRaw: readFileSync(TSCONFIG, 'utf8'),
    // The compiled validators take their formats from here, not from ajv-formats (see openapi/formats.ts).
    alias: { 'ajv-formats/dist/formats': join(PROJECT_ROOT, 'openapi', 'formats.ts') },
    entryPoints: Object.fromEntries(names.map((n) => [n, join(sourceDir, `${n}.ts`)])),
    outdir: join(outDir, target),
    bundle: true,
    sourcemap: true,
    // The map points at the project's own files instead of carrying them: each run folder keeps
    // its bundles, and the sources made every map larger than its bundle (about 330 KB each).
    sourcesContent: false,
    logLevel: 'silent' as const,
    legalComments: 'none' as const,
    write: false as const,
  };
  let built: BuildResult<{ write: false }>;
  try {
    built = await build(target === 'k6'
      ? { ...common, format: k6Format, platform: 'neutral', target: K6_TARGET, external: ['k6', 'k6/*'], mainFields: ['module', 'main'], plugins: [profilesModule], outExtension: { '.js': '.js' } }
      : { ...common, format: 'esm', platform: 'node', target: 'node20', plugins: [k6ForNode, profilesModule], outExtension: { '.js': '.mjs' } });
  } catch (err) {
    const messages = (err as BuildFailure).errors ?? [];
    const where = messages.map((m) => `${m.location ? `${m.location.file}:${m.location.line}:${m.location.column}: ` : ''}${m.text}`);
    throw new BundleError(where.join('; ') || (err as Error).message, messages);
  }
  // Written here, not by esbuild: a bundle is whole or absent, and a full disk is a file that could
  // not be written (FileWriteError, E_OUTPUT_NOT_WRITABLE), never a scenario that failed to build.
  for (const file of built.outputFiles) {
    makeFolderToWrite(dirname(file.path));
    writeFileAtomic(file.path, file.contents);
  }
  return names.map((n) => bundlePath(outDir, target, n));
}
