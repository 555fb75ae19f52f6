// --format githubactions, as a GitHub job reads it: each finding, failed threshold or change as a
// workflow command the runner turns into an annotation (::error title=...::), on the line of the
// API document where that is known, and nothing a target sends able to start a command of its own.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { DEFAULT_OPENAPI } from '../../core/paths.ts';
import { start, type RunningServer } from '../../server/index.ts';
import { startAdversarialTarget, isCallDetail, withToken, type AdversarialTarget } from '../helpers/adversarial-target.ts';
import { expectCleanError, runCli } from '../helpers/cli.ts';
import { annotations, workflowCommands } from '../helpers/workflow-commands.ts';

const SECRET = 'sk_live_ANNOTATIONSsecret0123456789';
/** A line break, then what would be workflow commands were it raw; an ESC sequence. */
const PAYLOAD = 'bad\n::add-mask::everything\r\n::stop-commands::x\n%0A::error title=forged::forged\u001b[2J';
const dir = mkdtempSync(join(tmpdir(), 'calls-harness-annotations-'));
let broken: RunningServer;
let upstream: RunningServer;
let hostile: AdversarialTarget;
beforeAll(async () => {
  broken = await start({ port: 0, apiKeys: [SECRET], transferStepMs: 10, mutations: ['wrong-type:getCall', 'auth-ignored:listCallEvents'] });
  upstream = await start({ port: 0, apiKeys: [SECRET], transferStepMs: 10 });
  hostile = await startAdversarialTarget(upstream.url, (path, req) => withToken(req, SECRET) && isCallDetail(path), ({ res }) => {
    res.writeHead(200, { 'content-type': 'text/plain', 'content-length': String(Buffer.byteLength(PAYLOAD)) });
    res.end(PAYLOAD);
  });
});
afterAll(async () => { await Promise.all([broken.close(), upstream.close(), hostile.close()]); });

describe('contract --format githubactions', () => {
  it('one error per finding, the security hole first, curl with $CALLS_API_TOKEN and never the token; then the usual text', async () => {
    const res = await runCli(['contract', '--target', broken.url, '--agent', broken.agentIds[0] as string, '--format', 'githubactions'], { env: { CALLS_API_TOKEN: SECRET } });
    expect(res.code, res.stderr).toBe(1);
    expect(res.stdout + res.stderr).not.toContain(SECRET);
    const found = annotations(res.stdout);
    expect(workflowCommands(res.stdout)).toEqual(found);
    expect(found.length).toBeGreaterThanOrEqual(2);
    expect(found[0]).toMatchObject({ command: 'error', properties: { title: 'unauthorized_is_rejected (listCallEvents)' } });
    const schema = found.find((a) => a.properties.title === 'response_schema_conformance (getCall)');
    expect(schema?.command).toBe('error');
    expect(schema?.message.split('\n')[0]).toMatch(/^\[error\] getCall response_schema_conformance: /);
    expect(schema?.message).toMatch(/\n {2}reproduce: curl .*-H "Authorization: Bearer \$CALLS_API_TOKEN"/);
    // The usual text follows them, with the verdict.
    const out = res.stdout.split('\n');
    expect(out.findIndex((l) => l.startsWith('Contract FAIL'))).toBeGreaterThan(out.map((l) => l.startsWith('::')).lastIndexOf(true));
  });

  it('a clean run prints no annotation', async () => {
    const res = await runCli(['contract', '--format', 'githubactions', '--quiet']);
    expect(res.code, res.stderr).toBe(0);
    expect(workflowCommands(res.stdout)).toEqual([]);
    expect(res.stdout).toMatch(/^Contract PASS/);
  });

  it('what a target answers starts no command of its own: the payload is in one annotation message, shown escaped', async () => {
    const res = await runCli(['contract', '--target', hostile.url, '--agent', upstream.agentIds[0] as string, '--operations', 'getCall', '--checks', 'response_schema_conformance,content_type_conformance', '--format', 'githubactions'], { env: { CALLS_API_TOKEN: SECRET } });
    expect(res.code, res.stderr).toBe(1);
    const commands = workflowCommands(res.stdout);
    expect(commands.length).toBeGreaterThan(0);
    expect(commands.map((c) => c.command).filter((c) => !['error', 'warning', 'notice'].includes(c))).toEqual([]);
    expect(commands.map((c) => c.properties.title)).not.toContain('forged');
    // Nothing but the renderer's own commands begins a line: the payload's ::add-mask:: and ::error are inside messages.
    const lines = res.stdout.split(/\r\n|\r|\n/).filter((l) => l.trim().startsWith('::'));
    expect(lines).toHaveLength(commands.length);
    expect(commands.some((c) => c.message.includes('bad\\n::add-mask::everything\\r\\n::stop-commands::x\\n%0A::error title=forged::forged\\x1b[2J'))).toBe(true);
  });
});

describe('schemas diff --format githubactions', () => {
  it('an annotation per change on the line of the new document, errors first, as oasdiff writes them', async () => {
    const doc = JSON.parse(readFileSync(DEFAULT_OPENAPI, 'utf8')) as { paths: Record<string, unknown>; components: { schemas: Record<string, { properties: Record<string, unknown> }> } };
    writeFileSync(join(dir, 'old.yaml'), stringify(doc));
    delete doc.paths['/v1/calls/{id}/recording'];
    const props = (doc.components.schemas.CallDetail as { properties: Record<string, unknown> }).properties;
    delete props.language;
    props.region = { type: 'string' };
    const text = stringify(doc);
    writeFileSync(join(dir, 'new.yaml'), text);
    const res = await runCli(['schemas', 'diff', '--from', 'old.yaml', '--to', 'new.yaml', '--format', 'githubactions'], { cwd: dir });
    expect(res.code, res.stderr).toBe(1);
    const found = annotations(res.stdout);
    expect(found.map((a) => a.command)).toEqual([...found.map((a) => a.command)].sort((a, b) => ['error', 'warning', 'notice'].indexOf(a) - ['error', 'warning', 'notice'].indexOf(b)));
    expect(found.find((a) => a.properties.title === 'api-removed-without-deprecation')).toMatchObject({ command: 'error', properties: { file: 'new.yaml' }, message: expect.stringMatching(/^in API GET \/v1\/calls\/\{id\}\/recording /) });
    const removed = found.find((a) => a.properties.title === 'response-optional-property-removed');
    expect(removed).toMatchObject({ command: 'warning', properties: { file: 'new.yaml' }, message: expect.stringMatching(/^in API GET \/v1\/calls\/\{id\} /) });
    // On CallDetail's line of new.yaml (the pointer the change names in the new document).
    const lines = text.split('\n');
    const callDetail = lines.findIndex((l) => /^ {4}CallDetail:/.test(l)) + 1;
    expect(Number(removed?.properties.line)).toBe(callDetail);
    const added = found.find((a) => a.command === 'notice' && /region/.test(a.message));
    expect(lines[Number(added?.properties.line) - 1]).toMatch(/^\s+region:/);
    // The text report follows.
    expect(res.stdout).toContain('BREAKING: API document');
  });
});

describe('run --format githubactions', () => {
  it('is refused with --json, whose stdout holds one JSON document', async () => {
    expectCleanError(await runCli(['run', '--format', 'githubactions', '--json']), 'E_USAGE');
  });
});
