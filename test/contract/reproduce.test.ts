// A finding's reproduce command, run as printed, finds the same thing again: the same generated
// bodies, the same titles. Against a mutated reference server, through the CLI (in-process).
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../contract/finding.ts';
import type { ContractResult } from '../../contract/result.ts';
import { runContract } from '../../contract/run-contract.ts';
import { reproduceCommand } from '../../contract/reproduce.ts';
import { start, type RunningServer } from '../../server/index.ts';
import { runCliInProcess } from '../helpers/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'calls-harness-reproduce-'));
let server: RunningServer;
beforeAll(async () => {
  // Every valid body to a blind transfer gets 200 where 201 is documented: one finding per body.
  server = await start({ port: 0, transferStepMs: 10, mutations: ['wrong-success-status:blindTransferCall'] });
});
afterAll(async () => { await server.close(); });

const CHECK = 'valid_bodies_accepted';
/** What identifies a finding across runs: the call ids it used may differ, the bodies may not. */
const essence = (f: Finding) => ({ check: f.check, operationId: f.operationId, title: f.title, expected: f.expected, body: f.request.body });

async function fullRun(seed: number): Promise<Finding[]> {
  const r = await runContract({ target: server.url, token: server.apiKeys[0], agentId: server.agentIds[0], seed, maxExamples: 4 });
  return r.cases.flatMap((c) => c.findings).filter((f) => f.check === CHECK && f.operationId === 'blindTransferCall');
}

/** Runs the printed command through the CLI in-process ("calls-harness" is its name), with its JSON result. */
async function runPrinted(command: string): Promise<ContractResult> {
  const words = command.split(' ');
  expect(words.slice(0, 2)).toEqual(['calls-harness', 'contract']);
  const json = join(dir, `${Date.now()}-${Math.random()}.json`);
  const res = await runCliInProcess([...words.slice(1), '--json', json], { env: { CALLS_API_TOKEN: server.apiKeys[0] as string }, timeoutMs: 30_000 });
  expect(res.code, res.stderr).toBe(1);
  return JSON.parse(readFileSync(json, 'utf8')) as ContractResult;
}

describe('the reproduce command of a finding', () => {
  it('names the seed, operation, check and --max-examples, and running it finds the very same bodies', async () => {
    const found = await fullRun(7);
    expect(found).toHaveLength(4);
    const f = found[0] as Finding;
    expect(f.seed).toBe(7);
    expect(f.reproduce).toContain('--seed 7 ');
    expect(f.reproduce).toContain('--max-examples 4');
    expect(f.reproduce).toMatch(/--operations blindTransferCall --checks valid_bodies_accepted$/);
    expect(f.reproduce).toContain(`--target ${server.url}`);

    const again = await runPrinted(f.reproduce as string);
    expect(again.cases.map((c) => `${c.operationId} ${c.check}`)).toEqual([`blindTransferCall ${CHECK}`]);
    expect(again.cases.flatMap((c) => c.findings).map(essence)).toEqual(found.map(essence));
  }, 60_000);

  it('leaves out a target the caller started itself (the main job\'s embedded server): contract starts its own', async () => {
    const r = await runContract({ target: server.url, token: server.apiKeys[0], agentId: server.agentIds[0], operations: ['blindTransferCall'], checks: [CHECK], targetIsEmbedded: true });
    const commands = new Set(r.cases.flatMap((c) => c.findings).map((f) => f.reproduce));
    expect([...commands]).toEqual([`calls-harness contract --seed 1 --operations blindTransferCall --checks ${CHECK}`]);
  });

  it('adds --allow-remote only for a target that is not loopback (run passes it to its contract stage whatever the target)', async () => {
    const r = await runContract({ target: server.url, token: server.apiKeys[0], agentId: server.agentIds[0], operations: ['blindTransferCall'], checks: [CHECK], allowRemote: true });
    const commands = [...new Set(r.cases.flatMap((c) => c.findings).map((f) => f.reproduce))];
    expect(commands).toHaveLength(1);
    expect(commands[0]).not.toContain('--allow-remote');
    const remote = reproduceCommand({ target: 'https://staging.example.com', agentId: 'agt_1', allowRemote: true, seed: 1, maxExamples: 3 }, 'getCall', CHECK);
    expect(remote).toContain('--allow-remote');
  });

  it('depends on the seed: another seed generates other bodies', async () => {
    const bodies = async (seed: number) => (await fullRun(seed)).map((f) => JSON.stringify(f.request.body));
    expect(await bodies(8)).not.toEqual(await bodies(7));
  }, 60_000);
});
