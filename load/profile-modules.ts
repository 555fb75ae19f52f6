// The bundles' virtual modules about profiles: `calls-harness:profiles` (every valid
// load/profiles/*.json by name; an invalid file is left out, so it breaks only its own runs) and
// `calls-harness:profile-validator` (the profile schema compiled by ajv to plain JavaScript, so a
// bundle checks CALLS_PROFILE_JSON itself, on k6 as on the built-in engine).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import standaloneCodeModule from 'ajv/dist/standalone/index.js';
import type { Plugin } from 'esbuild';
import { harnessSchemaFile } from '../openapi/index.ts';
import { PROFILES_DIR, profileNames, validProfiles } from './profile-files.ts';

// ajv ships CommonJS; under NodeNext its default export arrives wrapped.
const standaloneCode = standaloneCodeModule as unknown as (ajv: Ajv2020, validate: unknown) => string;

const NAMESPACE = 'calls-harness';

function profilesSource(dir: string): string {
  const { profiles } = validProfiles(dir);
  return `export default ${JSON.stringify(profiles)};`;
}

/** Compiled once per process: the schema does not change while the harness runs. */
let validatorSource: string | undefined;
function profileValidatorSource(): string {
  // unicodeRegExp off: the schema's patterns are ASCII, and older k6 runtimes lack some `u` features.
  const ajv = new Ajv2020({ code: { source: true, esm: true, lines: false }, strict: false, unicodeRegExp: false });
  validatorSource ??= standaloneCode(ajv, ajv.compile(JSON.parse(readFileSync(harnessSchemaFile('profile'), 'utf8')) as object));
  return validatorSource;
}

export function profileModules(dir = PROFILES_DIR): Plugin {
  return {
    name: 'calls-harness-profile-modules',
    setup(b) {
      b.onResolve({ filter: /^calls-harness:(profiles|profile-validator)$/ }, (args) => ({ path: args.path.slice(NAMESPACE.length + 1), namespace: NAMESPACE }));
      b.onLoad({ filter: /^profiles$/, namespace: NAMESPACE }, () => ({
        contents: profilesSource(dir), loader: 'js', watchFiles: profileNames(dir).map((n) => join(dir, `${n}.json`)),
      }));
      b.onLoad({ filter: /^profile-validator$/, namespace: NAMESPACE }, () => ({ contents: profileValidatorSource(), loader: 'js' }));
    },
  };
}
