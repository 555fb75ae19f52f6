// Every scenario bundle runs on every k6 from v0.48, and starts fast there: CommonJS that k6's
// `--compatibility-mode=base` accepts (no import or export left, so k6 before v0.53 never runs
// Babel over it), in ES2017 syntax (k6 v0.48.0 rejects object spread and `catch {`, seen on a real
// one), that requires only k6 modules and nothing of Node.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'acorn';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundleScenarios, scenarioNames } from '../../load/bundle.ts';

const out = mkdtempSync(join(tmpdir(), 'calls-harness-bundles-'));
let files: string[] = [];
beforeAll(async () => { files = await bundleScenarios(out, 'k6'); });

describe.each(scenarioNames())('%s', (name) => {
  const file = () => files.find((f) => f.endsWith(`/${name}.js`)) as string;

  it('is CommonJS in ES2017 syntax, with no import or export, that requires only k6 modules', () => {
    const text = readFileSync(file(), 'utf8');
    // As a script (not a module) at ES2017, acorn throws on any import or export and on every later
    // syntax: object spread and rest, `catch {`, `for await`, optional chaining, `??`, class fields,
    // and ES2018 regular expressions (named groups, lookbehind, the s flag).
    const ast = parse(text, { ecmaVersion: 2017, sourceType: 'script' });
    const required = new Set<string>();
    const exported = new Set<string>();
    for (const n of nodes(ast)) {
      const source = requiredModule(n);
      if (source !== null) required.add(source);
      const name = exportedName(n);
      if (name !== null) exported.add(name);
    }
    expect(required.size).toBeGreaterThan(0);
    for (const source of required) expect(source).toMatch(/^k6(\/[\w/-]+)?$/);
    expect(text).toMatch(/\bmodule\.exports\s*=/);
    expect([...exported]).toEqual(expect.arrayContaining(['options', 'setup', 'default', 'handleSummary']));
  });

  it('carries no Node built-in and no schema compilation', () => {
    const text = readFileSync(file(), 'utf8');
    expect(text).not.toMatch(/require\(["'](node:)?(fs|path|http|https|net|os|child_process|crypto|url)["']\)/);
    expect(text).not.toMatch(/from ["']node:/);
    expect(text).not.toContain('new Ajv');
    expect(text).toContain('function validate'); // the compiled validators, inlined
    // ajv-formats' own module cannot load on k6 v0.48 (a \u{...} pattern): openapi/formats.ts stands in.
    expect(text).not.toContain('ajv-formats');
    expect(text).not.toMatch(/\\u\{[0-9a-f]+\}/i);
  });

  it('has a source map beside it', () => {
    expect(existsSync(`${file()}.map`)).toBe(true);
  });
});

interface AstNode {
  type: string;
  name?: string;
  value?: unknown;
  callee?: AstNode;
  arguments?: AstNode[];
  key?: AstNode;
}

/** Every node of an acorn tree, depth first. */
function* nodes(n: unknown): Generator<AstNode> {
  if (!n || typeof n !== 'object') return;
  if (typeof (n as AstNode).type === 'string') yield n as AstNode;
  for (const child of Object.values(n)) yield* nodes(child);
}

/** `require("x")`: x. */
function requiredModule(n: AstNode): string | null {
  const arg = n.arguments?.[0];
  return n.type === 'CallExpression' && n.callee?.type === 'Identifier' && n.callee.name === 'require' && arg?.type === 'Literal' ? String(arg.value) : null;
}

/** esbuild's `__export(x_exports, { options: () => options, ... })`: what module.exports gets. */
function exportedName(n: AstNode): string | null {
  return n.type === 'Property' && n.key?.type === 'Identifier' && (n.value as AstNode | undefined)?.type === 'ArrowFunctionExpression' ? (n.key.name ?? null) : null;
}
