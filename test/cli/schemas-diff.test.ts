// `calls-harness schemas diff` as a release pipeline runs it: exit codes, the three report files,
// YAML documents, and input it cannot read.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { harnessValidator } from '../../openapi/harness-schemas.ts';
import { DEFAULT_OPENAPI } from '../../core/paths.ts';
import type { SpecDiff } from '../../openapi/diff/model.ts';
import { expectCleanError, runCliInProcess } from '../helpers/cli.ts';

type Doc = { paths: Record<string, unknown>; components: { schemas: Record<string, unknown> } };

const dir = mkdtempSync(join(tmpdir(), 'calls-harness-schemas-diff-'));
const published = (): Doc => JSON.parse(readFileSync(DEFAULT_OPENAPI, 'utf8')) as Doc;
const properties = (doc: Doc, schema: string) => (doc.components.schemas[schema] as { properties: Record<string, unknown> }).properties;
function write(name: string, content: string): string {
  const file = join(dir, name);
  writeFileSync(file, content);
  return file;
}

describe('schemas diff (CLI)', () => {
  it('exits 1 on a breaking change and writes JSON, JUnit and Markdown that name it', async () => {
    const doc = published();
    delete doc.paths['/v1/calls/{id}/recording'];
    delete properties(doc, 'CallDetail').language;
    const to = write('breaking.json', JSON.stringify(doc));
    const out = { json: join(dir, 'out/diff.json'), junit: join(dir, 'out/diff.xml'), markdown: join(dir, 'out/diff.md') };
    const r = await runCliInProcess(['schemas', 'diff', '--from', DEFAULT_OPENAPI, '--to', to, '--json', out.json, '--junit', out.junit, '--markdown', out.markdown]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toContain('BREAKING');
    expect(r.stdout).toContain('api-removed-without-deprecation');

    const diff = JSON.parse(readFileSync(out.json, 'utf8')) as SpecDiff;
    const validate = harnessValidator('spec-diff');
    expect(validate(diff), JSON.stringify(validate.errors)).toBe(true);
    expect(diff.breaking).toBe(true);
    const getCall = diff.operations.find((o) => o.operationId === 'getCall');
    expect(getCall?.changes).toEqual([expect.objectContaining({ id: 'response-optional-property-removed', from: '/components/schemas/CallDetail/properties/language', to: '/components/schemas/CallDetail' })]);

    const junit = readFileSync(out.junit, 'utf8');
    expect(junit.match(/<testcase /g)?.length).toBe(10);
    expect(junit).toMatch(/<testcase classname="schemas.diff" name="getCallRecording [^"]*">\s*<failure message="1 breaking change\(s\): api-removed-without-deprecation">/);
    expect(junit).toContain('failures="2"');

    const md = readFileSync(out.markdown, 'utf8');
    expect(md.split('\n')[0]).toBe('## ❌ API document: BREAKING');
    expect(md).toContain('| getCall | `response-optional-property-removed` | warning |');
    expect(md).toContain('| getCallRecording | `api-removed-without-deprecation` | error |');
  });

  it('compares YAML documents, and exits 0 when nothing breaks', async () => {
    const before = published();
    const after = published();
    properties(after, 'CallDetail').region = { type: 'string' };
    const from = write('old.yaml', stringify(before));
    const to = write('new.yml', stringify(after));
    const r = await runCliInProcess(['schemas', 'diff', '--from', from, '--to', to, '--json', join(dir, 'yaml.json')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('COMPATIBLE');
    const diff = JSON.parse(readFileSync(join(dir, 'yaml.json'), 'utf8')) as SpecDiff;
    expect(diff.counts).toEqual({ breaking: 0, nonBreaking: 1 });
    expect(diff.operations.find((o) => o.operationId === 'getCall')?.changes[0]?.id).toBe('response-optional-property-added');

    const same = await runCliInProcess(['schemas', 'diff', '--from', from, '--to', DEFAULT_OPENAPI]);
    expect(same.code, same.stderr).toBe(0);
    expect(same.stdout).toContain('no breaking change, 0 compatible');
  });

  it('refuses input it cannot read with one error naming the file and the problem', async () => {
    const missing = join(dir, 'nope.json');
    const r1 = await runCliInProcess(['schemas', 'diff', '--from', missing, '--to', DEFAULT_OPENAPI]);
    expectCleanError(r1, 'E_SPEC_UNREADABLE');
    expect(r1.stderr).toContain(`${missing}: cannot be read (no such file)`);

    const garbled = write('garbled.yaml', 'openapi: 3.1.0\npaths: {\n  - broken: [\n');
    const r2 = await runCliInProcess(['schemas', 'diff', '--from', DEFAULT_OPENAPI, '--to', garbled]);
    expectCleanError(r2, 'E_SPEC_NOT_PARSEABLE');
    expect(r2.stderr).toContain(`${garbled}: is neither JSON nor YAML`);

    const swagger = write('swagger.json', JSON.stringify({ swagger: '2.0', paths: {} }));
    const r3 = await runCliInProcess(['schemas', 'diff', '--from', swagger, '--to', DEFAULT_OPENAPI]);
    expectCleanError(r3, 'E_SPEC_NOT_OPENAPI');
    expect(r3.stderr).toContain(`${swagger}: is not an OpenAPI 3.x document (swagger: "2.0")`);

    const prose = write('notes.txt', 'just some release notes');
    expectCleanError(await runCliInProcess(['schemas', 'diff', '--from', DEFAULT_OPENAPI, '--to', prose]), 'E_SPEC_NOT_OPENAPI');

    const dangling = published();
    properties(dangling, 'WarmTransferRequest').to = { $ref: '#/components/schemas/Nowhere' };
    const broken = write('dangling.json', JSON.stringify(dangling));
    const r4 = await runCliInProcess(['schemas', 'diff', '--from', DEFAULT_OPENAPI, '--to', broken]);
    expectCleanError(r4, 'E_SPEC_NOT_OPENAPI');
    expect(r4.stderr).toContain(`${broken}: /components/schemas/WarmTransferRequest/properties/to: $ref "#/components/schemas/Nowhere" points at nothing`);

    expectCleanError(await runCliInProcess(['schemas', 'diff', '--from', DEFAULT_OPENAPI]), 'E_USAGE');
  });

  // The diff walks schemas by recursion: a schema nested 20,000 levels overflowed the stack and
  // ended as E_INTERNAL ("a bug in calls-harness", exit 70), naming nothing.
  it('refuses a document nested past any API document, naming it, before the walk', async () => {
    const deep = published();
    properties(deep, 'WarmTransferRequest').to = 'DEEP';
    // As text: JSON.stringify itself recurses, and would overflow here first.
    const schema = `${'{"type":"array","items":'.repeat(20_000)}{"type":"string"}${'}'.repeat(20_000)}`;
    const file = write('deep.json', JSON.stringify(deep).replace('"DEEP"', schema));
    const res = await runCliInProcess(['schemas', 'diff', '--from', DEFAULT_OPENAPI, '--to', file]);
    expectCleanError(res, 'E_SPEC_NOT_OPENAPI');
    expect(res.stderr).toContain(`${file}: nests objects and arrays more than 1000 levels deep`);
  });

  it('--fail-on error (or oasdiff ERR) lets warnings through and still fails on errors; a bad value is a usage error', async () => {
    // A query parameter removed is a warning (oasdiff WARN): clients still send it, and most servers ignore it.
    const warned = published();
    const list = (warned.paths['/v1/agents/{id}/calls'] as { get: { parameters: { name: string }[] } }).get;
    list.parameters = list.parameters.filter((p) => p.name !== 'cursor');
    const warning = write('warning.json', JSON.stringify(warned));
    const strict = await runCliInProcess(['schemas', 'diff', '--from', DEFAULT_OPENAPI, '--to', warning]);
    expect(strict.code, strict.stderr).toBe(1);
    for (const failOn of ['error', 'ERR']) {
      const junit = join(dir, `lenient-${failOn}.xml`);
      const lenient = await runCliInProcess(['schemas', 'diff', '--from', DEFAULT_OPENAPI, '--to', warning, '--fail-on', failOn, '--junit', junit]);
      expect(lenient.code, lenient.stderr).toBe(0);
      // The JUnit file a pipeline reads agrees with the exit code.
      expect(readFileSync(junit, 'utf8')).toContain('failures="0"');
      expect(lenient.stdout).toContain('BREAKING');
      expect(lenient.stdout).toContain(`Exit 0: the 1 breaking change(s) are warnings, below --fail-on ${failOn}.`);
    }

    const errored = published();
    delete errored.paths['/v1/calls/{id}/recording'];
    const error = write('error.json', JSON.stringify(errored));
    const failedJunit = join(dir, 'strict-error.xml');
    const failed = await runCliInProcess(['schemas', 'diff', '--from', DEFAULT_OPENAPI, '--to', error, '--fail-on', 'error', '--junit', failedJunit]);
    expect(failed.code, failed.stderr).toBe(1);
    expect(readFileSync(failedJunit, 'utf8')).toContain('failures="1"');
    expect(failed.stdout).not.toContain('Exit 0');

    expectCleanError(await runCliInProcess(['schemas', 'diff', '--from', DEFAULT_OPENAPI, '--to', warning, '--fail-on', 'INFO']), 'E_USAGE');
  });

  it('--severity-levels (oasdiff\'s file) lowers, raises or drops a change kind, and the gate follows; a bad file is refused', async () => {
    const doc = published();
    delete properties(doc, 'CallDetail').language;
    properties(doc, 'CallDetail').region = { type: 'string' };
    const to = write('levels-new.json', JSON.stringify(doc));
    const accepted = write('accepted.txt', '# we tell clients to ignore missing optional fields\nresponse-optional-property-removed   info\n\nresponse-optional-property-added none\n');
    const json = join(dir, 'levels.json');
    const r = await runCliInProcess(['schemas', 'diff', '--from', DEFAULT_OPENAPI, '--to', to, '--severity-levels', accepted, '--json', json]);
    expect(r.code, r.stderr).toBe(0);
    const diff = JSON.parse(readFileSync(json, 'utf8')) as SpecDiff;
    expect(harnessValidator('spec-diff')(diff)).toBe(true);
    expect(diff.counts).toEqual({ breaking: 0, nonBreaking: 1 });
    expect(diff.operations.find((o) => o.operationId === 'getCall')?.changes).toEqual([expect.objectContaining({ id: 'response-optional-property-removed', severity: 'info', level: 'non-breaking' })]);

    const feared = write('feared.txt', 'response-optional-property-added ERR\n');
    const raised = await runCliInProcess(['schemas', 'diff', '--from', DEFAULT_OPENAPI, '--to', to, '--severity-levels', feared, '--fail-on', 'ERR']);
    expect(raised.code, raised.stderr).toBe(1);
    expect(raised.stdout).toMatch(/error {3}getCall: response property `region` added \[response-optional-property-added\]/);

    const typo = write('typo.txt', 'response-optional-property-remove info\n');
    const bad = await runCliInProcess(['schemas', 'diff', '--from', DEFAULT_OPENAPI, '--to', to, '--severity-levels', typo]);
    expectCleanError(bad, 'E_SEVERITY_LEVELS');
    expect(bad.stderr).toContain(`${typo}, line 1: "response-optional-property-remove" is not a check id`);
    const level = write('level.txt', '\nresponse-optional-property-removed fatal\n');
    expect((await runCliInProcess(['schemas', 'diff', '--from', DEFAULT_OPENAPI, '--to', to, '--severity-levels', level])).stderr).toContain('line 2: "fatal" is not a level (err, warn, info or none)');
    expectCleanError(await runCliInProcess(['schemas', 'diff', '--from', DEFAULT_OPENAPI, '--to', to, '--severity-levels', join(dir, 'none.txt')]), 'E_SEVERITY_LEVELS');
  });

  it('--help names both documents and the three report files', async () => {
    const res = await runCliInProcess(['schemas', 'diff', '--help']);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/^Usage: calls-harness schemas diff \[options\]/);
    for (const flag of ['--from <file>', '--to <file>', '--json <file>', '--junit <file>', '--markdown <file>', '--fail-on <severity>']) expect(res.stdout).toContain(flag);
  });
});
