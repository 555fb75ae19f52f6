// `calls-harness contract` as CI runs it: exit codes, JUnit and JSON files, and no token anywhere.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECKS } from '../../contract/checks/index.ts';
import { planCases } from '../../contract/run-cases.ts';
import { loadSchemaRegistry } from '../../openapi/schema-registry.ts';
import { start, type RunningServer } from '../../server/index.ts';
import { expectCleanError, runCliInProcess } from '../helpers/cli.ts';

const SECRET = 'sk_live_RECOGNISABLEsecret0123456789';
/** Every case a full run plans on loopback: what a run that could not finish still lists. */
const PLANNED = planCases(loadSchemaRegistry().catalog.operations, CHECKS, true).length;
const dir = mkdtempSync(join(tmpdir(), 'calls-harness-contract-'));
let broken: RunningServer;
beforeAll(async () => {
  broken = await start({ port: 0, apiKeys: [SECRET], transferStepMs: 10, mutations: ['wrong-type:getCall', 'auth-ignored:listCallEvents'] });
});
afterAll(async () => { await broken.close(); });

const runWithEnv = (args: string[], env: Record<string, string>) => runCliInProcess(args, { env });

describe('contract', () => {
  it('passes against the embedded server with exit 0 and writes JUnit with a case per check per operation', async () => {
    const junit = join(dir, 'clean.xml');
    const res = await runCliInProcess(['contract', '--junit', junit, '--json', join(dir, 'clean.json')]);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(new RegExp(`Contract PASS .* ${PLANNED} passed, 0 failed`));
    const xml = readFileSync(junit, 'utf8');
    expect(xml.match(/<testcase /g)).toHaveLength(PLANNED);
    const folder = await runCliInProcess(['contract', '--quiet', '--report-dir', join(dir, 'folder')]);
    expect(folder.code, folder.stderr).toBe(0);
    const result = JSON.parse(readFileSync(join(dir, 'folder', 'result.json'), 'utf8')) as { contract: { cases: unknown[] }; verdict: { passed: boolean } };
    expect(result.contract.cases).toHaveLength(PLANNED);
    expect(result.verdict.passed).toBe(true);
    expect(readFileSync(join(dir, 'folder', 'summary.md'), 'utf8')).toContain('Calls API: PASS');
    const getCallCases = planCases(loadSchemaRegistry().catalog.operations.filter((o) => o.operationId === 'getCall'), CHECKS, true).length;
    expect(xml).toContain(`<testsuite name="contract.getCall" tests="${getCallCases}" failures="0"`);
  });

  it('fails with exit 1 on findings, with curl lines that use $CALLS_API_TOKEN and never the token', async () => {
    const junit = join(dir, 'broken.xml');
    const json = join(dir, 'broken.json');
    const res = await runWithEnv(['contract', '--target', broken.url, '--agent', broken.agentIds[0] as string, '--junit', junit, '--json', json], { CALLS_API_TOKEN: SECRET });
    expect(res.code, res.stderr).toBe(1);
    const outputs = [res.stdout, res.stderr, readFileSync(junit, 'utf8'), readFileSync(json, 'utf8')];
    for (const text of outputs) expect(text).not.toContain(SECRET);
    expect(res.stdout).toContain('getCall response_schema_conformance');
    expect(res.stdout).toContain('listCallEvents unauthorized_is_rejected');
    expect(res.stdout).toContain('-H "Authorization: Bearer $CALLS_API_TOKEN"');
    const result = JSON.parse(readFileSync(json, 'utf8')) as { cases: { outcome: string; findings: { curl: string; expected: string; received: string }[] }[] };
    const findings = result.cases.flatMap((c) => c.findings);
    expect(findings.length).toBeGreaterThan(0);
    for (const f of findings) expect(f.expected && f.received && f.curl).toBeTruthy();
    expect(readFileSync(junit, 'utf8')).toMatch(/<failure message="\d+ finding/);
  });

  it('ends with exit 2, one clear line and a JUnit file when the run cannot start', async () => {
    const junit = join(dir, 'down.xml');
    const res = await runWithEnv(['contract', '--target', 'http://calls-api.invalid', '--agent', 'a', '--junit', junit], { CALLS_API_TOKEN: SECRET });
    expectCleanError(res, 'E_TARGET_UNREACHABLE');
    expect(readFileSync(junit, 'utf8')).toContain('<error message="E_TARGET_UNREACHABLE');
    expectCleanError(await runWithEnv(['contract', '--target', broken.url, '--agent', 'x'], { CALLS_API_TOKEN: '' }), 'E_NO_TOKEN');
    expectCleanError(await runCliInProcess(['contract', '--transfer-to', '555-0100']), 'E_USAGE');
    // A folder that is a file: cannot be written even by root.
    expectCleanError(await runCliInProcess(['contract', '--json', join(dir, 'clean.xml', 'result.json')]), 'E_OUTPUT_NOT_WRITABLE');
  });

  it('runs only the checks and operations asked for, with --max-examples bodies; unknown names are a clear exit 2 listing the valid ones', async () => {
    const json = join(dir, 'filtered.json');
    const res = await runCliInProcess(['contract', '--operations', 'getCall,warmTransferCall', '--operation', 'listCallEvents', '--checks', 'success_status_conformance,valid_bodies_accepted', '--max-examples', '5', '--json', json]);
    expect(res.code, res.stderr).toBe(0);
    const result = JSON.parse(readFileSync(json, 'utf8')) as { maxExamples: number; cases: { operationId: string; check: string }[] };
    expect(result.maxExamples).toBe(5);
    expect(result.cases.map((c) => `${c.operationId} ${c.check}`).sort()).toEqual([
      'getCall success_status_conformance', 'listCallEvents success_status_conformance', 'warmTransferCall success_status_conformance', 'warmTransferCall valid_bodies_accepted',
    ]);
    const unknownCheck = await runCliInProcess(['contract', '--checks', 'response_schema,success_status_conformance']);
    expectCleanError(unknownCheck, 'E_UNKNOWN_CHECK');
    expect(unknownCheck.stderr).toContain('response_schema in --checks. Known checks: success_status_conformance, content_type_conformance, response_schema_conformance');
    const unknownOp = await runCliInProcess(['contract', '--operations', 'getcall']);
    expectCleanError(unknownOp, 'E_UNKNOWN_OPERATION');
    expect(unknownOp.stderr).toContain('Known operations: ');
    expectCleanError(await runCliInProcess(['contract', '--operations', 'getCall', '--checks', 'race_has_one_winner']), 'E_NO_CASES');
    expectCleanError(await runCliInProcess(['contract', '--max-examples', '0']), 'E_USAGE');
    expectCleanError(await runCliInProcess(['contract', '--checks', 'a,,b']), 'E_USAGE');
  });

  it('a target that dies mid-run: could not finish, exit 2 with E_TARGET_LOST, every report written with the cases checked before', async () => {
    const dying = await start({ port: 0, apiKeys: [SECRET], transferStepMs: 10, faults: { dieAfter: { requests: 60, as: 'reset' } } });
    const [junit, json, folder] = [join(dir, 'dies.xml'), join(dir, 'dies.json'), join(dir, 'dies-run')];
    const res = await runWithEnv(['contract', '--target', dying.url, '--agent', dying.agentIds[0] as string, '--junit', junit, '--json', json, '--report-dir', folder], { CALLS_API_TOKEN: SECRET });
    await dying.close();
    expectCleanError(res, 'E_TARGET_LOST');
    expect(res.stdout).toMatch(/Contract COULD NOT FINISH .*: [1-9]\d* passed, 0 failed, 0 errored, [1-9]\d* skipped; 0 finding/);
    const xml = readFileSync(junit, 'utf8');
    expect(xml.match(/<testcase /g)).toHaveLength(PLANNED + 1);
    expect(xml).toContain('<error message="E_TARGET_LOST');
    expect(xml).toMatch(/<skipped message="not (run|finished): the run stopped \(E_TARGET_LOST\)/);
    const contract = JSON.parse(readFileSync(json, 'utf8')) as { stopped: { code: string }; cases: { outcome: string }[] };
    expect(contract.stopped.code).toBe('E_TARGET_LOST');
    expect(contract.cases.filter((c) => c.outcome === 'passed').length).toBeGreaterThan(0);
    const result = JSON.parse(readFileSync(join(folder, 'result.json'), 'utf8')) as { verdict: { passed: boolean; reasons: string[] }; contract: { exitCode: number; cases: unknown[]; error: { code: string } } };
    // The code with its paragraph, which names the target and the fix.
    expect(result.verdict).toEqual({ passed: false, reasons: [expect.stringMatching(/^contract run could not finish: E_TARGET_LOST: The target http:\/\/127\.0\.0\.1:\d+ stopped answering/)] });
    expect(result.contract.exitCode).toBe(2);
    expect(result.contract.cases).toHaveLength(PLANNED);
    expect(readFileSync(join(folder, 'summary.md'), 'utf8')).toContain('E_TARGET_LOST');
    for (const text of [res.stdout, res.stderr, xml]) expect(text).not.toContain(SECRET);
  }, 30_000);
});
