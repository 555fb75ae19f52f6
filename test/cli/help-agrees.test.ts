// Help texts say what the commands do: bundles are CommonJS (the help said ES modules); config
// --print takes the flags it lists as a source; schemas diff says it needs --to; run takes --seed,
// --threshold and --keep-samples as contract and load do, and they do there what they do there.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundlePath, bundleScenarios } from '../../load/bundle.ts';
import { expectCleanError, runCliInProcess } from '../helpers/cli.ts';
import { fakeK6 } from '../helpers/fake-k6.ts';

const dir = mkdtempSync(join(tmpdir(), 'calls-harness-help-'));

describe('help texts', () => {
  it('bundle: says CommonJS, which the bundles are', async () => {
    const help = (await runCliInProcess(['bundle', '--help'])).stdout.replace(/\s+/g, ' ');
    expect(help).toContain('CommonJS');
    expect(help).not.toMatch(/ES modules/i);
    const [file] = await bundleScenarios(join(dir, 'bundle'), 'k6', ['read-mix']);
    const text = readFileSync(file as string, 'utf8');
    expect(text).toMatch(/require\("k6(\/http)?"\)/);
    expect(text).not.toMatch(/^\s*(export|import)\s/m);
    expect(file).toBe(bundlePath(join(dir, 'bundle'), 'k6', 'read-mix'));
  });

  it('config --print: takes the configuration flags and shows them as the source', async () => {
    const res = await runCliInProcess(['config', '--print', '--target', 'http://127.0.0.1:4010', '--agent', 'agt_flag', '--call-id', 'c1', '--threshold', 'http_req_duration=p(95)<300']);
    expect(res.code, res.stderr).toBe(0);
    const printed = JSON.parse(res.stdout) as { target: string; agentId: string; thresholds: Record<string, string[]>; sources: Record<string, string> };
    expect(printed).toMatchObject({ target: 'http://127.0.0.1:4010', agentId: 'agt_flag', thresholds: { http_req_duration: ['p(95)<300'] } });
    expect(printed.sources).toMatchObject({ target: 'flag --target', agentId: 'flag --agent', callIds: 'flag --call-id', thresholds: 'flag --threshold' });
  });

  it('schemas diff: says --from and --to are both required, as it behaves', async () => {
    const help = (await runCliInProcess(['schemas', 'diff', '--help'])).stdout.replace(/\s+/g, ' ');
    expect(help).toContain('Needs both --from and --to');
    expect(help).toMatch(/--to <file> required:/);
    expectCleanError(await runCliInProcess(['schemas', 'diff', '--from', 'x.json']), 'E_USAGE');
  });
});

describe('run takes --seed, --threshold and --keep-samples', () => {
  it('--seed seeds the contract; --threshold overrides a load stage\'s threshold and a quiet FAIL says which', async () => {
    const report = join(dir, 'run-seed');
    const res = await runCliInProcess(['run', '--engine', 'node', '--scenario', 'read-mix', '--vus', '1', '--iterations', '10', '--seed', '7', '--threshold', 'http_req_duration=p(95)<0.000001', '--quiet', '--report-dir', report, '--history', join(dir, 'h.ndjson')]);
    expect(res.code, res.stderr).toBe(1);
    const result = JSON.parse(readFileSync(join(report, 'result.json'), 'utf8')) as { contract: { seed: number }; verdict: { reasons: string[] }; load: { thresholds: { metric: string; expression: string; ok: boolean }[] }[] };
    expect(result.contract.seed).toBe(7);
    expect(result.load[0]?.thresholds).toContainEqual(expect.objectContaining({ metric: 'http_req_duration', ok: false }));
    expect(result.verdict.reasons).toEqual([expect.stringMatching(/^read-mix: 1 threshold\(s\) failed \(http_req_duration p\(95\)<0\.000001/)]);
    // Quiet: the verdict with its reason, then where the reports are.
    expect(res.stdout.trim().split('\n')).toEqual([`FAIL: ${result.verdict.reasons.join('; ')}`, expect.stringMatching(/^FAIL: reports in /)]);
  }, 60_000);

  it('--keep-samples keeps k6\'s raw samples in the load stage\'s folder', async () => {
    const k6 = fakeK6();
    const report = join(dir, 'run-keep');
    const res = await runCliInProcess(['run', '--scenario', 'read-mix', '--keep-samples', '--quiet', '--report-dir', report, '--history', join(dir, 'h.ndjson')], { env: k6.env });
    expect(k6.calls(), res.stderr).toHaveLength(1);
    expect(existsSync(join(report, 'read-mix', 'k6-samples.json.gz'))).toBe(true);
  }, 60_000);
});
