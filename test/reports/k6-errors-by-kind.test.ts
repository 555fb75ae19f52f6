// Errors by kind from a real k6 run's JSON output (k6's own line shapes, as `--out json` writes
// them): a redirect k6 was told not to follow is an unexpected status, a 409 the scenario expects
// (k6 tags it expected_response:true) is no error, and the kinds add up to http_req_failed.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { loadSection } from '../../reports/build-load-section.ts';
import { readK6Samples } from '../../load/k6-samples.ts';
import type { OperationStats } from '../../reports/model.ts';

const dir = mkdtempSync(join(tmpdir(), 'calls-harness-k6-kinds-'));

const declare = (metric: string, type: string, contains = 'default') => JSON.stringify({ type: 'Metric', data: { name: metric, type, contains, thresholds: [], submetrics: null }, metric });
const point = (metric: string, second: number, value: number, tags: Record<string, string>) =>
  JSON.stringify({ type: 'Point', data: { time: new Date(Date.UTC(2026, 10, 24, 1, 0, second)).toISOString(), value, tags }, metric });

/** One request's samples as k6 writes them; `failed` is what the response callback said. */
function request(second: number, name: string, status: number, failed: boolean): string[] {
  // k6 tags error_code 1000 + status on a failed 4xx or 5xx; a 3xx gets none.
  const tags: Record<string, string> = { name, status: String(status), method: 'POST', expected_response: String(!failed), ...(failed && status >= 400 ? { error_code: String(1000 + status) } : {}) };
  return [point('http_reqs', second, 1, tags), point('http_req_duration', second, 5, tags), point('http_req_failed', second, failed ? 1 : 0, tags)];
}

const lines = [
  declare('http_reqs', 'counter'), declare('http_req_duration', 'trend', 'time'), declare('http_req_failed', 'rate'),
  ...[0, 1, 2].flatMap((s) => [
    // A race: complete wins (200), cancel loses with the 409 the scenario expects.
    ...request(s, 'completeWarmTransfer', 200, false), ...request(s, 'cancelWarmTransfer', 409, false),
    // Call detail redirected (k6 with maxRedirects: 0 reports the 302 itself), and one 500.
    ...request(s, 'getCall', 302, true), ...request(s, 'getCall', 200, false),
  ]),
  ...request(3, 'getCall', 500, true), ...request(3, 'cancelWarmTransfer', 404, true),
];

describe('errors by kind on the k6 path', () => {
  it('a redirect is an unexpected status, an expected 409 none, and the kinds add up to the failed requests', async () => {
    const file = join(dir, 'samples.json.gz');
    writeFileSync(file, gzipSync(lines.join('\n')));
    const samples = await readK6Samples(file);
    const section = loadSection({ metrics: samples.metrics }, { scenario: 'transfer-races', profile: 'smoke', engine: 'k6', exitCode: 99, problems: [], slo: { p95Ms: 500, errorRate: 0.01 } });
    const op = (id: string) => section.operations.find((o) => o.operationId === id) as OperationStats;
    expect(op('getCall').errorsByKind).toMatchObject({ status_unexpected: 3, status_5xx: 1, status_4xx: 0, other: 0 });
    expect(op('cancelWarmTransfer').errorsByKind).toMatchObject({ status_4xx: 1, status_unexpected: 0, other: 0 });
    expect(op('completeWarmTransfer').errorsByKind).toMatchObject({ status_4xx: 0, status_5xx: 0, status_unexpected: 0 });
    for (const o of section.operations) {
      const k = o.errorsByKind;
      const kinds = k.status_4xx + k.status_5xx + (k.status_unexpected ?? 0) + k.timeout + k.reset + k.other;
      expect(kinds, o.operationId).toBe(samples.metrics[`http_req_failed{name:${o.operationId}}`]?.values?.passes);
    }
  });
});
