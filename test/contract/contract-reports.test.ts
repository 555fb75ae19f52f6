// A real contract run against a mutated reference server, in every report: JUnit times per case
// and suite, summary.md's reproduce commands, the run model valid against its schema.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContractResult } from '../../contract/result.ts';
import { runContract } from '../../contract/run-contract.ts';
import { buildResult, contractSection } from '../../reports/build-result.ts';
import type { RunResult } from '../../reports/model.ts';
import { renderJunit } from '../../reports/render-junit.ts';
import { renderMarkdown } from '../../reports/render-markdown.ts';
import { start, type RunningServer } from '../../server/index.ts';
import { harnessValidator } from '../../openapi/harness-schemas.ts';

let server: RunningServer;
let contract: ContractResult;
let run: RunResult;
beforeAll(async () => {
  server = await start({ port: 0, transferStepMs: 10, mutations: ['wrong-type:getCall', 'wrong-success-status:blindTransferCall'] });
  contract = await runContract({ target: server.url, token: server.apiKeys[0], agentId: server.agentIds[0], seed: 3 });
  const meta = { runId: 'r1', target: contract.target, embedded: false, specVersion: contract.specVersion, release: null, startedAt: contract.startedAt, finishedAt: contract.finishedAt, interrupted: false };
  run = buildResult(meta, contractSection(contract), []);
});
afterAll(async () => { await server.close(); });

const failedCases = () => contract.cases.filter((c) => c.outcome === 'failed').map((c) => `${c.operationId} ${c.check}`).sort();

describe('contract reports', () => {
  it('JUnit: a time on every contract case and suite, the seconds the case took', () => {
    const xml = renderJunit(run);
    const cases = [...xml.matchAll(/<testcase classname="contract\.[^"]+" name="([^"]+)"( time="([\d.]+)")?/g)];
    expect(cases).toHaveLength(contract.cases.length);
    for (const m of cases) expect(m[3], m[1]).toMatch(/^\d+\.\d{3}$/);
    const slowest = Math.max(...contract.cases.map((c) => c.ms)) / 1000;
    expect(Math.max(...cases.map((m) => Number(m[3])))).toBeCloseTo(slowest, 2);
    const suites = [...xml.matchAll(/<testsuite name="contract\.[^"]+"[^>]* time="([\d.]+)"/g)];
    expect(suites).toHaveLength(new Set(contract.cases.map((c) => c.operationId)).size);
    expect(xml).toMatch(/<testsuites name="calls-harness"[^>]* time="[\d.]+"/);
  });

  it('summary.md: one reproduce command per failed case, with the seed, in a shell block', () => {
    const md = renderMarkdown(run);
    const block = /```sh\n([\s\S]*?)\n```/.exec(md)?.[1] ?? '';
    const commands = block.split('\n');
    expect(commands.map((c) => /--operations (\w+) --checks (\w+)$/.exec(c)?.slice(1).join(' ')).sort()).toEqual(failedCases());
    for (const c of commands) expect(c).toMatch(new RegExp(`^calls-harness contract --target ${server.url} --agent \\S+ --seed 3 `));
  });

  it('the run model, with seeds, reproduce commands, case times and rate limiting, is valid against its schema', () => {
    const validate = harnessValidator('run-result');
    expect(validate(run), JSON.stringify(validate.errors)).toBe(true);
    expect(run.contract?.findings.every((f) => f.seed === 3 && f.reproduce?.startsWith('calls-harness contract '))).toBe(true);
    expect(run.contract?.rateLimit).toEqual({ answers: 0, retries: 0, waitedMs: 0 });
  });
});
