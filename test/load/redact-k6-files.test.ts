// What real k6 writes into a run folder is read back redacted (load/redact-k6-files.ts): a small
// handleSummary file whole, anything bigger line by line as it streams, and the raw sample stream
// --keep-samples keeps, gzipped as k6 wrote it. No secret a target echoed stays on disk.
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { registerSecret } from '../../core/index.ts';
import { redactK6Files, redactLines } from '../../load/redact-k6-files.ts';

const SECRET = 'sk_live_redact_k6_files_0123456789';
registerSecret(SECRET, '$CALLS_API_TOKEN');

const sample = (url: string) => JSON.stringify({ type: 'Point', metric: 'http_reqs', data: { time: '2026-12-08T00:00:00Z', value: 1, tags: { url, name: 'getCall' } } });

describe('redacting what k6 wrote', () => {
  it('rewrites a kept, gzipped sample stream line by line, in raw text and JSON escapes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'calls-harness-redact-'));
    const file = join(dir, 'k6-samples.json.gz');
    const escaped = SECRET.replace('k', '\\u006b');
    const lines = [sample('http://127.0.0.1/v1/calls/c1'), sample(`http://127.0.0.1/v1/calls/${SECRET}`), sample(`http://127.0.0.1/v1/calls/${escaped}`)];
    writeFileSync(file, gzipSync(lines.join('\n') + '\n'));
    expect(await redactLines(file, true)).toBe(true);
    const text = gunzipSync(readFileSync(file)).toString('utf8');
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(escaped);
    const back = text.trim().split('\n').map((l) => JSON.parse(l) as { data: { tags: { url: string } } });
    expect(back.map((l) => l.data.tags.url)).toEqual(['http://127.0.0.1/v1/calls/c1', 'http://127.0.0.1/v1/calls/$CALLS_API_TOKEN', 'http://127.0.0.1/v1/calls/$CALLS_API_TOKEN']);
  });

  it('leaves a stream with no secret as it was (same bytes, no rewrite)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'calls-harness-redact-'));
    const file = join(dir, 'k6-samples.json.gz');
    const bytes = gzipSync(sample('http://127.0.0.1/v1/calls/c1') + '\n');
    writeFileSync(file, bytes);
    const before = statSync(file).mtimeMs;
    expect(await redactLines(file, true)).toBe(false);
    expect(readFileSync(file).equals(bytes)).toBe(true);
    expect(statSync(file).mtimeMs).toBe(before);
  });

  it('redacts a handleSummary text file past 64 MiB by streaming it, never skipping it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'calls-harness-redact-'));
    const line = 'x'.repeat(1023) + '\n';
    // 65 MiB of filler with the secret on its last line.
    writeFileSync(join(dir, 'big.txt'), line.repeat(65 * 1024) + `echoed ${SECRET}\n`);
    writeFileSync(join(dir, 'small.json'), JSON.stringify({ body: `echoed ${SECRET}` }));
    expect((await redactK6Files(dir)).sort()).toEqual(['big.txt', 'small.json']);
    const big = readFileSync(join(dir, 'big.txt'), 'utf8');
    expect(big.endsWith('echoed $CALLS_API_TOKEN\n')).toBe(true);
    expect(big).not.toContain(SECRET);
    expect(readFileSync(join(dir, 'small.json'), 'utf8')).not.toContain(SECRET);
  });
});
