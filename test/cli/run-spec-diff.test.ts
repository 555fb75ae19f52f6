// `run --spec-from`: the API document diff's verdict beside the contract and load results, in every
// report of the run folder and in the exit code.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildResult } from '../../reports/build-result.ts';
import type { RunResult } from '../../reports/model.ts';
import { renderMarkdown } from '../../reports/render-markdown.ts';
import { diffFiles } from '../../openapi/diff/diff-documents.ts';
import { harnessValidator } from '../../openapi/harness-schemas.ts';
import { DEFAULT_OPENAPI } from '../../core/paths.ts';
import { expectCleanError, runCliInProcess } from '../helpers/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'calls-harness-run-spec-'));
const published = () => JSON.parse(readFileSync(DEFAULT_OPENAPI, 'utf8')) as { paths: Record<string, unknown>; components: { schemas: Record<string, { properties: Record<string, unknown> }> } };

/** An older document with an operation the published one no longer has: releasing it breaks clients. */
function olderDocument(): string {
  const doc = published();
  doc.paths['/v1/calls/{id}/notes'] = { get: { operationId: 'listCallNotes', responses: { 200: { description: 'The notes.', content: { 'application/json': { schema: { type: 'object' } } } } } } };
  const file = join(dir, 'openapi.previous.json');
  writeFileSync(file, JSON.stringify(doc));
  return file;
}

const env = { CALLS_API_TOKEN: undefined, CALLS_API_BASE_URL: undefined, CALLS_API_AGENT_ID: undefined, CALLS_HARNESS_RELEASE: undefined } as unknown as Record<string, string>;

describe('run --spec-from', () => {
  it('fails the gate on a breaking change even when contract and load pass, and says so in every report', async () => {
    const report = join(dir, 'breaking');
    const res = await runCliInProcess(['run', '--report-dir', report, '--history', join(dir, 'history.ndjson'), '--engine', 'node', '--scenario', 'read-mix', '--spec-from', olderDocument()], { env, timeoutMs: 80_000 });
    expect(res.code, res.stderr).toBe(1);
    expect(res.stdout).toContain('API document: 1 breaking change(s) for existing clients');

    const result = JSON.parse(readFileSync(join(report, 'result.json'), 'utf8')) as RunResult;
    const validate = harnessValidator('run-result');
    expect(validate(result), JSON.stringify(validate.errors)).toBe(true);
    // The diff is the only reason: contract and load held.
    expect(result.verdict).toEqual({ passed: false, reasons: ['API document: 1 breaking change(s) for existing clients, 0 compatible'] });
    expect(result.contract?.exitCode).toBe(0);
    expect(result.specDiff?.operations.find((o) => o.operationId === 'listCallNotes')?.changes[0]).toMatchObject({ id: 'api-removed-without-deprecation', level: 'breaking', from: '/paths/~1v1~1calls~1{id}~1notes/get', to: null });
    expect(result.specDiff?.to.file).toBe(DEFAULT_OPENAPI);

    const junit = readFileSync(join(report, 'junit.xml'), 'utf8');
    expect(junit).toMatch(/<testsuite name="schemas.diff" tests="11" failures="1"/);
    expect(junit).toMatch(/<testcase classname="schemas.diff" name="listCallNotes \(GET \/v1\/calls\/\{id\}\/notes\)">\s*<failure/);
    expect(readFileSync(join(report, 'summary.md'), 'utf8')).toContain('| listCallNotes | `api-removed-without-deprecation` |');
    const html = readFileSync(join(report, 'report.html'), 'utf8');
    expect(html).toContain('<h2>API document changes</h2>');
    expect(html).toContain('<tr class="bad"><td>listCallNotes</td><td>api-removed-without-deprecation</td><td>error</td>');
  });

  it('refuses a document it cannot read before running anything', async () => {
    const report = join(dir, 'never');
    const missing = join(dir, 'missing.yaml');
    const res = await runCliInProcess(['run', '--report-dir', report, '--spec-from', missing], { env });
    expectCleanError(res, 'E_SPEC_UNREADABLE');
    expect(res.stderr).toContain(missing);
    expect(existsSync(report)).toBe(false);
    expectCleanError(await runCliInProcess(['run', '--report-dir', report, '--spec-to', DEFAULT_OPENAPI], { env }), 'E_USAGE');
  });

  it('takes --fail-on and --severity-levels as schemas diff does: a removal lowered to a warning passes the gate at --fail-on error, and says so', async () => {
    const report = join(dir, 'lowered');
    const levels = join(dir, 'accepted-removals.txt');
    writeFileSync(levels, '# notes were never public\napi-removed-without-deprecation warn\n');
    const res = await runCliInProcess(['run', '--report-dir', report, '--history', join(dir, 'history.ndjson'), '--engine', 'node', '--scenario', 'read-mix', '--spec-from', olderDocument(), '--severity-levels', levels, '--fail-on', 'error'], { env, timeoutMs: 80_000 });
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain('API document: 1 breaking change(s) for existing clients, 0 compatible; warnings, below --fail-on error: the gate lets them through');

    const result = JSON.parse(readFileSync(join(report, 'result.json'), 'utf8')) as RunResult;
    const validate = harnessValidator('run-result');
    expect(validate(result), JSON.stringify(validate.errors)).toBe(true);
    expect(result.verdict).toEqual({ passed: true, reasons: [] });
    expect(result.specDiff?.failOn).toBe('error');
    expect(result.specDiff?.operations.find((o) => o.operationId === 'listCallNotes')?.changes[0]).toMatchObject({ id: 'api-removed-without-deprecation', severity: 'warning', level: 'breaking' });
    // The JUnit suite is judged at the same threshold as the verdict.
    expect(readFileSync(join(report, 'junit.xml'), 'utf8')).toMatch(/<testsuite name="schemas.diff" tests="11" failures="0"/);
  });

  it('refuses a bad --fail-on or --severity-levels before running anything, with schemas diff\'s codes, and either without --spec-from', async () => {
    const report = join(dir, 'refused');
    const from = olderDocument();
    const badLevel = join(dir, 'bad-level.txt');
    writeFileSync(badLevel, 'api-removed-without-deprecation fatal\n');
    const cases: [string[], string, string?][] = [
      [['--spec-from', from, '--fail-on', 'INFO'], 'E_USAGE', 'INFO'],
      [['--spec-from', from, '--severity-levels', join(dir, 'missing-levels.txt')], 'E_SEVERITY_LEVELS', 'no such file'],
      [['--spec-from', from, '--severity-levels', badLevel], 'E_SEVERITY_LEVELS', 'line 1: "fatal" is not a level'],
      [['--fail-on', 'error'], 'E_USAGE', '--fail-on needs --spec-from'],
      [['--severity-levels', badLevel], 'E_USAGE', '--severity-levels needs --spec-from'],
    ];
    for (const [args, code, says] of cases) {
      const res = await runCliInProcess(['run', '--report-dir', report, ...args], { env });
      expectCleanError(res, code);
      if (says) expect(res.stderr).toContain(says);
      expect(existsSync(report), args.join(' ')).toBe(false);
    }
  });

  it('passes the gate on compatible changes, and lists them', async () => {
    const doc = published();
    (doc.components.schemas.CallDetail as { properties: Record<string, unknown> }).properties.region = { type: 'string' };
    const newer = join(dir, 'openapi.next.json');
    writeFileSync(newer, JSON.stringify(doc));
    const diff = await diffFiles(DEFAULT_OPENAPI, newer);
    const at = '2026-11-24T10:00:00.000Z';
    const result = buildResult({ runId: 'r', target: 'http://127.0.0.1:1', embedded: true, specVersion: '1.0.0', release: null, startedAt: at, finishedAt: at, interrupted: false }, null, [], diff);
    expect(result.verdict).toEqual({ passed: true, reasons: [] });
    expect(renderMarkdown(result)).toContain('| getCall | `response-optional-property-added` | info | response property `region` added |');
    const validate = harnessValidator('run-result');
    expect(validate(JSON.parse(JSON.stringify(result))), JSON.stringify(validate.errors)).toBe(true);
  });
});
