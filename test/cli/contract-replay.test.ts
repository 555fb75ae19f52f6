// `contract --replay FILE` runs the sequence in the file: the lifecycle check alone, on the
// operations it judges, never the whole suite (before: every check, 32 s and 29 findings against
// a staging target, the replayed one among them). --checks without that check is a usage error.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { start, type RunningServer } from '../../server/index.ts';
import { expectCleanError, runCliInProcess } from '../helpers/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'calls-harness-replay-only-'));
let server: RunningServer;
let env: Record<string, string>;
let target: string[];

beforeAll(async () => {
  // Two faults: the lifecycle one the replay is about, and one every other check would find.
  server = await start({ port: 0, transferStepMs: 20, mutations: ['try-next-skips-destination:cancelWarmTransfer', 'wrong-success-status:getCallReport'] });
  env = { CALLS_API_TOKEN: server.apiKeys[0] as string };
  target = ['--target', server.url, '--agent', server.agentIds[0] as string];
});
afterAll(() => server.close());

describe('contract --replay', () => {
  it('runs only the lifecycle check, its sequence once, and finds what the file recorded', async () => {
    const first = await runCliInProcess(['contract', ...target, '--checks', 'lifecycle_model_holds', '--operations', 'cancelWarmTransfer', '--report-dir', join(dir, 'found')], { env, timeoutMs: 50_000 });
    expect(first.code, first.stderr).toBe(1);
    const replay = join(dir, 'found', 'lifecycle-replay-cancelWarmTransfer.json');

    const json = join(dir, 'again.json');
    const again = await runCliInProcess(['contract', ...target, '--replay', replay, '--json', json], { env, timeoutMs: 50_000 });
    expect(again.code, again.stderr).toBe(1);
    const result = JSON.parse(readFileSync(json, 'utf8')) as { cases: { check: string; findings: { title: string }[] }[] };
    expect([...new Set(result.cases.map((c) => c.check))]).toEqual(['lifecycle_model_holds']);
    const findings = result.cases.flatMap((c) => c.findings);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.title).toContain('tryNext did not dial the next destination in order');
  }, 60_000);

  it('says so in its help', async () => {
    const help = (await runCliInProcess(['contract', '--help'])).stdout.replace(/\s+/g, ' ');
    expect(help).toContain('--replay <file> run again, alone, the lifecycle sequence');
    expect(help).toContain('only that check runs, not the suite');
  });

  it('with --checks that leave the lifecycle check out: E_USAGE, before any request', async () => {
    const res = await runCliInProcess(['contract', ...target, '--replay', join(dir, 'found', 'lifecycle-replay-cancelWarmTransfer.json'), '--checks', 'success_status_conformance'], { env });
    expectCleanError(res, 'E_USAGE');
    expect(res.stderr).toContain('--replay runs a lifecycle sequence, which only the lifecycle_model_holds check runs');
  });
});
