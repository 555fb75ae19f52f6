// Model-based lifecycle testing: every lifecycle mutation of the reference server (schema-valid
// responses, broken across requests) is caught, shrunk to a short sequence that replays.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runContract } from '../../contract/run-contract.ts';
import { readReplayFile } from '../../contract/stateful/read-replay.ts';
import { describeMutations, start } from '../../server/index.ts';
import { runCliInProcess } from '../helpers/cli.ts';
import { registry } from '../helpers/reference-server.ts';

const lifecycle = describeMutations(registry.catalog.operations.map((o) => o.operationId))
  .filter((m) => m.stage === 'lifecycle')
  .flatMap((m) => m.operations.map((op) => [m.name, op] as const));

async function checkWith(mutations: string[], operation: string, extra: Parameters<typeof runContract>[0] = {}) {
  const server = await start({ port: 0, transferStepMs: 20, mutations });
  try {
    const result = await runContract({ target: server.url, token: server.apiKeys[0], agentId: server.agentIds[0], operations: [operation], checks: ['lifecycle_model_holds'], ...extra });
    return result.cases.flatMap((c) => c.findings);
  } finally {
    await server.close();
  }
}

describe('lifecycle_model_holds', () => {
  it('the server offers the four lifecycle mutations, listed with the others', () => {
    expect([...new Set(lifecycle.map(([name]) => name))].sort()).toEqual(['call-detail-lists-recent-three', 'completed-before-created', 'completed-shows-bridging-again', 'try-next-skips-destination']);
  });

  it.each(lifecycle)('catches %s on %s, with the smallest sequence, and its replay breaks the same way', { timeout: 60_000 }, async (mutation, operation) => {
    const [f, ...more] = await checkWith([`${mutation}:${operation}`], operation);
    expect(more).toEqual([]);
    expect(f?.check).toBe('lifecycle_model_holds');
    expect(f?.operationId).toBe(operation);
    const steps = f?.sequence ?? [];
    expect(steps.at(-1)?.broke).toBeTruthy();
    expect(steps.at(-1)?.operationId).toBe(operation);
    // Shrunk: a handful of commands after the model's opening reads, never the raw draw.
    expect((f?.replay as { commands: unknown[] }).commands.length).toBeLessThanOrEqual(6);
    expect(steps.map((s) => s.n)).toEqual(steps.map((_, i) => i + 1));
    for (const s of steps) expect(s.curl).toContain('$CALLS_API_TOKEN');

    const file = join(mkdtempSync(join(tmpdir(), 'calls-harness-replay-')), 'replay.json');
    writeFileSync(file, JSON.stringify(f?.replay));
    const [again] = await checkWith([`${mutation}:${operation}`], operation, { replay: readReplayFile(file) });
    expect(again?.title.split(' (step')[0]?.replace(/xfer_\w+/g, 'X')).toBe(f?.title.split(' (step')[0]?.replace(/xfer_\w+/g, 'X'));
  });

  it('a break on an operation the run does not check is reported on a case it does check, never dropped', async () => {
    const findings = await checkWith(['try-next-skips-destination:cancelWarmTransfer'], 'getCall');
    expect(findings.map((f) => f.operationId)).toEqual(['cancelWarmTransfer']);
    expect(findings[0]?.title).toMatch(/^tryNext did not dial the next destination in order/);
  });

  it('no false alarm on the clean reference server over 50 seeds', async () => {
    for (let seed = 1; seed <= 50; seed++) expect(await checkWith([], 'getCall', { seed, statefulRuns: 10 }), `seed ${seed}`).toEqual([]);
  }, 120_000);

  it('a replay file that is not a lifecycle sequence is refused with what is wrong', () => {
    const dir = mkdtempSync(join(tmpdir(), 'calls-harness-replay-'));
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ kind: 'calls-harness lifecycle sequence', version: 1, seed: 1, commands: [{ type: 'warm', call: 0 }] }));
    expect(() => readReplayFile(join(dir, 'bad.json'))).toThrow(/at "\/commands\/0" it must have required property 'destinations'/);
    expect(() => readReplayFile(join(dir, 'missing.json'))).toThrow(/Cannot read the replay file .*ENOENT/);
  });
});

describe('lifecycle findings through the CLI', () => {
  it('writes a replay file and a token-free curl script with the findings; --replay breaks the model again; a bad replay file is refused', { timeout: 90_000 }, async () => {
    const server = await start({ port: 0, transferStepMs: 20, mutations: ['try-next-skips-destination:cancelWarmTransfer'] });
    const dir = mkdtempSync(join(tmpdir(), 'calls-harness-lifecycle-cli-'));
    const env = { CALLS_API_TOKEN: server.apiKeys[0] as string };
    const args = ['contract', '--target', server.url, '--agent', server.agentIds[0] as string, '--checks', 'lifecycle_model_holds', '--operations', 'cancelWarmTransfer'];
    try {
      const first = await runCliInProcess([...args, '--report-dir', join(dir, 'run'), '--junit', join(dir, 'junit.xml')], { env, timeoutMs: 60_000 });
      expect(first.code, first.stderr).toBe(1);
      const replay = join(dir, 'run', 'lifecycle-replay-cancelWarmTransfer.json');
      const script = readFileSync(join(dir, 'run', 'lifecycle-replay-cancelWarmTransfer.sh'), 'utf8');
      expect(existsSync(replay)).toBe(true);
      expect(script).toContain('$CALLS_API_TOKEN');
      expect(script).not.toContain(env.CALLS_API_TOKEN);
      expect(script).toMatch(/# \d+\. cancel transfer 0 of call 0 with tryNext \(broke the model: tryNext did not dial the next destination in order\)/);
      expect(readFileSync(join(dir, 'junit.xml'), 'utf8')).toContain('smallest failing sequence:');
      expect(readFileSync(join(dir, 'run', 'summary.md'), 'utf8')).toMatch(/Smallest failing sequence for cancelWarmTransfer \(lifecycle_model_holds\):\n\n1\. /);
      expect(readFileSync(join(dir, 'run', 'report.html'), 'utf8')).toMatch(/<details class="sequence"><summary>smallest failing sequence \(\d+ requests\)<\/summary><ol>.*<li class="broke">/);
      const again = await runCliInProcess([...args, '--replay', replay], { env, timeoutMs: 60_000 });
      expect(again.code).toBe(1);
      expect(again.stdout).toContain('tryNext did not dial the next destination in order');
      writeFileSync(join(dir, 'bad.json'), '{"kind":"something else"}');
      const bad = await runCliInProcess([...args, '--replay', join(dir, 'bad.json')], { env });
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/error E_REPLAY_INVALID: The replay file .* is not a lifecycle sequence/);
    } finally {
      await server.close();
    }
  });
});
