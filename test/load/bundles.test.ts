// Every scenario bundle runs on every k6 from v0.48: an ES module of ES2017 syntax (k6 v0.48.0's
// Babel rejects object spread and `catch {`, seen on a real one) that imports only k6 modules and
// nothing of Node.
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

  it('is an ES module in ES2017 syntax that imports only k6 modules', () => {
    const ast = parse(readFileSync(file(), 'utf8'), { ecmaVersion: 2017, sourceType: 'module' }) as unknown as { body: { type: string; source?: { value: string }; declaration?: { declarations?: { id: { name: string } }[]; id?: { name: string } }; specifiers?: { exported: { name: string } }[] }[] };
    const imports = ast.body.filter((n) => n.type === 'ImportDeclaration').map((n) => n.source?.value);
    expect(imports.length).toBeGreaterThan(0);
    for (const source of imports) expect(source).toMatch(/^k6(\/[\w/-]+)?$/);
    const exported = ast.body.filter((n) => n.type === 'ExportNamedDeclaration').flatMap((n) => n.specifiers?.map((s) => s.exported.name) ?? []);
    expect(exported).toEqual(expect.arrayContaining(['options', 'setup', 'default', 'handleSummary']));
  });

  it('carries no Node built-in and no schema compilation', () => {
    const text = readFileSync(file(), 'utf8');
    expect(text).not.toMatch(/require\(["'](node:)?(fs|path|http|https|net|os|child_process|crypto|url)["']\)/);
    expect(text).not.toMatch(/from ["']node:/);
    expect(text).not.toContain('new Ajv');
    expect(text).toContain('function validate'); // the compiled validators, inlined
    // ajv-formats' own module cannot load on k6 v0.48 (a \u{...} pattern): spec/formats.ts stands in.
    expect(text).not.toContain('ajv-formats');
    expect(text).not.toMatch(/\\u\{[0-9a-f]+\}/i);
  });

  it('has a source map beside it', () => {
    expect(existsSync(`${file()}.map`)).toBe(true);
  });
});
