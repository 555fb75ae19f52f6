// A contract PASS needs evidence: checks the target gave nothing to judge (its transfers never
// bridge, its agent has no live call) are no pass (exit 1, said why), while checks the user left
// out (no --allow-remote for a remote target) keep a pass labelled partial in the console,
// result.json, JUnit and summary.md; --fail-on-skip fails those too. Real `contract` runs against
// the reference server on port 0.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliInProcess } from '../helpers/cli.ts';
import { startTestServer, type TestServer } from '../helpers/reference-server.ts';

const TMP = mkdtempSync(join(tmpdir(), 'calls-harness-contract-skips-'));
let neverBridges: TestServer;
let noLiveCalls: TestServer;

beforeAll(async () => {
  // A transfer step of 10 minutes: every warm transfer stays ringing past the contract's 10 s bridge wait.
  [neverBridges, noLiveCalls] = await Promise.all([startTestServer({ transferStepMs: 600_000 }), startTestServer({ liveRatio: 0 })]);
});
afterAll(async () => {
  await Promise.all([neverBridges?.close(), noLiveCalls?.close()]);
});

interface Result { verdict: { passed: boolean; reasons: string[]; partial?: string }; contract: { cases: { outcome: string; skippedBy?: string; reason?: string }[] } }
const resultOf = (dir: string) => JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8')) as Result;

function contract(server: TestServer, name: string, extra: string[] = [], target = server.url) {
  return runCliInProcess(['contract', '--target', target, '--agent', server.agentIds[0] as string, '--report-dir', join(TMP, name), '--checks', 'completion_is_reflected,cancellation_is_reflected,success_status_conformance', ...extra], { env: { CALLS_API_TOKEN: server.key }, timeoutMs: 50_000 });
}

describe('contract skips', () => {
  it("a target whose transfers never bridge: the transfer checks are not judged, exit 1, naming why; never PASS", { timeout: 60_000 }, async () => {
    const res = await contract(neverBridges, 'never-bridges');
    expect(res.code, res.stdout + res.stderr).toBe(1);
    expect(res.stdout).not.toMatch(/Contract PASS/);
    expect(res.stdout).toMatch(/Contract FAIL against/);
    expect(res.stdout).toMatch(/Not judged, the target did not do what they need \(\d+, no pass\): .*did not bridge/);
    const result = resultOf(join(TMP, 'never-bridges'));
    expect(result.verdict.passed).toBe(false);
    expect(result.verdict.reasons.join('\n')).toMatch(/^contract: \d+ check\(s\) not judged because the target did not do what they need \(.*did not bridge/m);
    expect(result.contract.cases.filter((c) => c.outcome === 'skipped').every((c) => c.skippedBy === 'target')).toBe(true);
    expect(readFileSync(join(TMP, 'never-bridges', 'summary.md'), 'utf8')).toContain('❌ Calls API: FAIL');
  });

  it('an agent with no live calls: not judged, exit 1, never PASS', { timeout: 60_000 }, async () => {
    const res = await contract(noLiveCalls, 'no-live');
    expect(res.code, res.stdout + res.stderr).toBe(1);
    expect(res.stdout).toMatch(/Not judged, the target did not do what they need .*no live call/);
    expect(resultOf(join(TMP, 'no-live')).verdict.reasons.join('\n')).toContain('no live call');
  });

  it('a remote target without --allow-remote, and --operations: a PASS labelled partial everywhere; --fail-on-skip fails it', { timeout: 60_000 }, async () => {
    // 0.0.0.0 is no loopback name to the harness (so state-changing checks need --allow-remote), yet it reaches the server here.
    const remote = neverBridges.url.replace('127.0.0.1', '0.0.0.0');
    const narrow = ['--operations', 'getCall,blindTransferCall'];
    const res = await runCliInProcess(['contract', '--target', remote, '--agent', neverBridges.agentIds[0] as string, '--report-dir', join(TMP, 'partial'), ...narrow], { env: { CALLS_API_TOKEN: neverBridges.key }, timeoutMs: 50_000 });
    expect(res.code, res.stdout + res.stderr).toBe(0);
    expect(res.stdout).toMatch(/Contract PASS \(partial\) against/);
    expect(res.stdout).toMatch(/Skipped by choice \(\d+\): changes state on a remote target: run with --allow-remote/);
    const dir = join(TMP, 'partial');
    const result = resultOf(dir);
    expect(result.verdict.passed).toBe(true);
    expect(result.verdict.partial).toMatch(/^partial: \d+ of \d+ check\(s\) skipped by choice \(changes state on a remote target.*\); only what --operations getCall,blindTransferCall asked for ran$/);
    expect(result.contract.cases.filter((c) => c.outcome === 'skipped').every((c) => c.skippedBy === 'choice')).toBe(true);
    expect(readFileSync(join(dir, 'junit.xml'), 'utf8')).toMatch(/<testcase[^>]*name="run passes \(partial\)"[^>]*>\s*<skipped message="partial: /);
    expect(readFileSync(join(dir, 'summary.md'), 'utf8')).toContain('✅ Calls API: PASS (partial)');

    const strict = await runCliInProcess(['contract', '--target', remote, '--agent', neverBridges.agentIds[0] as string, '--report-dir', join(TMP, 'fail-on-skip'), ...narrow, '--fail-on-skip'], { env: { CALLS_API_TOKEN: neverBridges.key }, timeoutMs: 50_000 });
    expect(strict.code).toBe(1);
    expect(strict.stdout).toMatch(/Contract FAIL against/);
    expect(resultOf(join(TMP, 'fail-on-skip')).verdict.reasons.join('\n')).toMatch(/check\(s\) skipped and --fail-on-skip asks for every check \(changes state on a remote target/);
  });

  it('every check run on a loopback target with nothing left out: a plain PASS, no partial label', { timeout: 60_000 }, async () => {
    const res = await runCliInProcess(['contract', '--report-dir', join(TMP, 'whole'), '--quiet'], 50_000);
    expect(res.code, res.stdout + res.stderr).toBe(0);
    expect(res.stdout).toMatch(/^Contract PASS against .*: \d+ passed, 0 failed, 0 errored, 0 skipped/m);
    expect(resultOf(join(TMP, 'whole')).verdict.partial).toBeUndefined();
  });
});
