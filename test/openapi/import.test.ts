// The generated schemas and catalog are a pure function of the published document and the overlay.
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFrom } from '../../pipelines/schemas-import.ts';
import { importSpec, SpecImportError } from '../../openapi/import.ts';
import { convertSchema } from '../../openapi/openapi-to-json-schema.ts';
import type { Overlay } from '../../openapi/overlay.ts';
import { DEFAULT_OPENAPI, PROJECT_ROOT, SCHEMAS_DIR } from '../../core/paths.ts';
import { driftedSchemaFiles } from '../../openapi/write-schemas.ts';
import { expectCleanError, runCliInProcess } from '../helpers/cli.ts';

const overlay = JSON.parse(readFileSync(join(SCHEMAS_DIR, 'overlay.json'), 'utf8')) as Overlay;
const doc = () => JSON.parse(readFileSync(DEFAULT_OPENAPI, 'utf8')) as { paths: Record<string, unknown> };

describe('schemas import', () => {
  it('reproduces the committed schemas/ exactly (drift guard)', async () => {
    const files = await importFrom(DEFAULT_OPENAPI);
    expect(await driftedSchemaFiles(PROJECT_ROOT, files)).toEqual([]);
    expect([...files.keys()]).toContain('openapi/calls-api-types.generated.ts');
    expect(files.size).toBeGreaterThan(15);
  });

  it('every overlay correction says why and where from', () => {
    for (const c of overlay.corrections) {
      expect(c.reason.length).toBeGreaterThan(10);
      expect(c.source.length).toBeGreaterThan(5);
    }
  });

  it('turns nullable into "or null", for plain types and for references', () => {
    expect(convertSchema({ type: 'string', nullable: true })).toEqual({ type: ['string', 'null'] });
    expect(convertSchema({ type: 'string', enum: ['a'], nullable: true })).toEqual({ type: ['string', 'null'], enum: ['a', null] });
    expect(convertSchema({ $ref: '#/components/schemas/X', nullable: true })).toEqual({ anyOf: [{ $ref: 'X.json' }, { type: 'null' }] });
  });

  it('names the operation a document lacks', () => {
    const d = doc();
    delete d.paths['/v1/calls/{id}/transfers/warm'];
    expect(() => importSpec(d, overlay, 'cut.json')).toThrow(SpecImportError);
    expect(() => importSpec(d, overlay, 'cut.json')).toThrow(/lacks operation\(s\) the harness needs: warmTransferCall/);
  });

  it('from the command line: --check passes, a broken document is a clean error', async () => {
    const check = await runCliInProcess(['schemas', 'import', '--check']);
    expect(check.code, check.stderr).toBe(0);
    const dir = mkdtempSync(join(tmpdir(), 'calls-harness-spec-'));
    writeFileSync(join(dir, 'broken.json'), '{"openapi": "3.1.0", ');
    const res = await runCliInProcess(['schemas', 'import', '--from', join(dir, 'broken.json')]);
    expectCleanError(res, 'E_SPEC_IMPORT');
    expect(res.stderr).toContain('not valid JSON');
  });

  // A hostile (or careless) document names what import writes: a component "../../package" was
  // written over package.json (its unknown keys copied, "scripts" included), and a description
  // holding `*/` or a property name holding `;` put code into the generated TypeScript.
  it('names from the document stay names: no file outside schemas/calls, no code in the types', async () => {
    type Doc = { paths: Record<string, Record<string, { operationId?: string }>>; components: { schemas: Record<string, unknown> } };
    for (const name of ['../../package', 'a/b', 'X;console.log(1)', 'x y', '']) {
      const bad = doc() as Doc;
      bad.components.schemas[name] = { type: 'object', scripts: { test: 'touch owned' } };
      expect(() => importSpec(bad, overlay, 'bad.json'), name).toThrow(/is not an identifier/);
    }
    const badOp = doc() as Doc;
    const [path] = Object.keys(badOp.paths);
    const op = Object.values(badOp.paths[path as string] as Record<string, { operationId?: string }>)[0] as { operationId?: string };
    op.operationId = '../../x';
    expect(() => importSpec(badOp, overlay, 'bad.json')).toThrow(/operationId of .* is not an identifier/);

    const sneaky = doc() as Doc;
    sneaky.components.schemas.Sneaky = { type: 'object', description: 'x */ globalThis.owned = 1; /*', properties: { 'a: string; b': { type: 'string' }, '</script>\n$(id)': { type: 'string' } } };
    const files = importSpec(sneaky, overlay, 'sneaky.json');
    expect([...files.keys()].every((k) => !k.includes('..'))).toBe(true);
    const types = files.get('openapi/calls-api-types.generated.ts') as string;
    expect(types).toContain('/** x *\\/ globalThis.owned = 1; /* */');
    expect(types).toContain('"a: string; b"?: string');
    // The generated module is still one type declaration per schema, with nothing that runs.
    const ts = await import('typescript');
    const source = ts.createSourceFile('types.ts', types, ts.ScriptTarget.ES2022);
    expect(source.statements.every((s) => s.kind === ts.SyntaxKind.TypeAliasDeclaration)).toBe(true);
  });

  // The contract client and the scenarios append a path to the target's base URL and send the
  // token with it: "@evil.example/v1/calls/{id}" made http://127.0.0.1:8080@evil.example/v1/...,
  // a request (and the token) to another host.
  it('a path must be a URL path: nothing that would move the request to another host', () => {
    for (const bad of ['@evil.example/v1/calls/{id}', '//evil.example/v1/calls/{id}', 'http://evil.example/v1/calls/{id}', '.evil.example/x', '/v1/calls/{id}?x=1', '/v1/calls/{id}#x', '/v1/calls/ {id}', '/v1/calls/\\{id}', '']) {
      const d = doc();
      const [first, ...rest] = Object.entries(d.paths);
      d.paths = Object.fromEntries([[bad, first?.[1]], ...rest]);
      expect(() => importSpec(d, overlay, 'bad.json'), bad).toThrow(/is not a URL path/);
    }
  });
});
