// The proof: every contract mutation the reference server offers makes the contract run fail,
// with a finding that names the mutated operation and the check that caught it.
import { afterAll, describe, expect, it } from 'vitest';
import { runContract } from '../../contract/run-contract.ts';
import { describeMutations, start } from '../../server/index.ts';
import { registry } from '../helpers/reference-server.ts';

const rows: { mutation: string; operation: string; detected: string }[] = [];
const cases = describeMutations(registry.catalog.operations.map((o) => o.operationId)).flatMap((m) => m.operations.map((op) => [m.name, op] as const));

afterAll(() => {
  const lines = rows.map((r) => `${r.mutation.padEnd(24)} ${r.operation.padEnd(22)} ${r.detected}`);
  process.stdout.write(`\n${'mutation'.padEnd(24)} ${'operation'.padEnd(22)} detected by\n${lines.join('\n')}\n`);
});

describe('every contract mutation is detected', () => {
  it.each(cases)('%s on %s', async (mutation, operationId) => {
    const server = await start({ port: 0, transferStepMs: 10, mutations: [`${mutation}:${operationId}`] });
    try {
      const result = await runContract({ target: server.url, token: server.apiKeys[0], agentId: server.agentIds[0], operations: [operationId] });
      const failed = result.cases.filter((c) => c.outcome === 'failed');
      rows.push({ mutation, operation: operationId, detected: failed.map((c) => c.check).join(', ') || 'NOT DETECTED' });
      expect(failed.length).toBeGreaterThan(0);
      for (const f of failed.flatMap((c) => c.findings)) {
        expect(f.operationId).toBe(operationId);
        expect(f.curl).toContain('curl ');
      }
      expect(result.cases.every((c) => c.outcome !== 'errored')).toBe(true);
    } finally {
      await server.close();
    }
  });
});

describe('the reference server without faults', () => {
  it('gives zero findings and runs every check on every operation it applies to', async () => {
    const result = await runContract();
    expect(result.cases.filter((c) => c.outcome !== 'passed')).toEqual([]);
    const perOperation = Object.fromEntries(registry.catalog.operations.map((o) => [o.operationId, result.cases.filter((c) => c.operationId === o.operationId).length]));
    expect(perOperation).toEqual({
      blindTransferCall: 7, cancelWarmTransfer: 10, completeWarmTransfer: 10, finalizeCallReport: 6, getCall: 5,
      getCallRecording: 4, getCallReport: 4, listAgentCalls: 4, listCallEvents: 5, warmTransferCall: 7,
    });
  });
});
