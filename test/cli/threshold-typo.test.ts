// A threshold on an operation no request carries (a typo'd `name` tag) is refused before anything
// runs, with E_BAD_THRESHOLD, the operation names it may use, and a suggestion; so is a profile
// whose per-operation latency names no operation. Nothing is sent, no run folder is left.
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliInProcess } from '../helpers/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'calls-harness-threshold-typo-'));
const OPERATIONS = /Use one of: blindTransferCall, cancelWarmTransfer, .*getCall, getCallRecording, getCallReport, listAgentCalls, listCallEvents, warmTransferCall\./;

describe('a threshold naming no operation', () => {
  it.each([
    ['http_req_duration{name:getcall}=p(95)<0.001', 'getcall', 'getCall'],
    ['checks{name:getcal}=rate>0.99', 'getcal', 'getCall'],
    ['http_req_failed{name:getCallRecordings,status:200}=rate<0.01', 'getCallRecordings', 'getCallRecording'],
  ])('--threshold %s: refused up front, exit 2, naming it and the valid names', async (threshold, typo, meant) => {
    const report = join(dir, typo);
    const res = await runCliInProcess(['load', '--engine', 'node', '--scenario', 'read-mix', '--threshold', threshold, '--report-dir', report, '--history', join(dir, 'h.ndjson'), '--quiet'], 20_000);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(new RegExp(`^calls-harness: error E_BAD_THRESHOLD: The threshold ".*" names the operation "${typo}", which no request carries`));
    expect(res.stderr).toContain(`Did you mean ${meant}?`);
    expect(res.stderr).toMatch(OPERATIONS);
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(report)).toBe(false);
  });

  it('in CALLS_THRESHOLDS: refused the same way', async () => {
    const res = await runCliInProcess(['load', '--engine', 'node', '--scenario', 'read-mix', '--report-dir', join(dir, 'env'), '--history', join(dir, 'h.ndjson'), '--quiet'], { env: { CALLS_THRESHOLDS: JSON.stringify({ 'http_req_duration{name:getcall}': ['p(95)<300'] }) }, timeoutMs: 20_000 });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/^calls-harness: error E_BAD_THRESHOLD: In the environment variable CALLS_THRESHOLDS: The threshold "http_req_duration\{name:getcall\}" names the operation "getcall"/);
  });

  it("a profile whose per-operation latency names no operation: E_PROFILE_INVALID, exit 2", async () => {
    const profile = join(dir, 'typo-profile.json');
    writeFileSync(profile, JSON.stringify({ description: 'a typo', executor: 'shared-iterations', vus: 1, iterations: 2, latency: { 'p(95)': 500 }, errorRate: 0.01, operations: { getcall: { 'p(95)': 1 } } }));
    const res = await runCliInProcess(['load', '--engine', 'node', '--scenario', 'read-mix', '--profile', profile, '--report-dir', join(dir, 'profile'), '--history', join(dir, 'h.ndjson'), '--quiet'], 20_000);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/^calls-harness: error E_PROFILE_INVALID: The profile's "operations" names "getcall", which is no operation: .* Did you mean getCall\?/);
  });

  it('a valid name the scenario never sends is accepted up front (then not judged at the end)', async () => {
    const res = await runCliInProcess(['load', '--engine', 'node', '--scenario', 'read-mix', '--vus', '1', '--iterations', '2', '--threshold', 'http_req_duration{name:blindTransferCall}=p(95)<1000', '--report-dir', join(dir, 'valid'), '--history', join(dir, 'h.ndjson'), '--quiet'], 30_000);
    expect(res.stderr).not.toContain('E_BAD_THRESHOLD');
    expect(res.code).toBe(99);
  });
});
