// Compressed answers reach the script as k6 hands them over: decoded whatever the script asked
// for, a coding list undone last first, an unknown coding left as sent, a body that does not
// decode a failed request (1701), and a small answer that inflates past the engine's limit a
// failed request too (a decompression bomb must not fill the generator's memory). The same
// script on real k6 where it is installed.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundlePath, bundleScenarios } from '../../load/bundle.ts';
import { RESPONSE_LIMIT_BYTES } from '../../load/engine/http-client.ts';
import { describeEachK6 } from '../helpers/k6-binaries.ts';
import { metric, runFixture } from '../helpers/engine.ts';

const BODY = JSON.stringify({ id: 'call_1', status: 'completed', transcript: 'hello '.repeat(200) });
/** path: [Content-Encoding, bytes on the wire] */
const ANSWERS: Record<string, [string, Buffer]> = {
  gzip: ['gzip', zlib.gzipSync(BODY)],
  deflate: ['deflate', zlib.deflateSync(BODY)],
  br: ['br', zlib.brotliCompressSync(BODY)],
  'gzip-then-br': ['gzip, br', zlib.brotliCompressSync(zlib.gzipSync(BODY))],
  identity: ['identity', Buffer.from(BODY)],
  unknown: ['x-custom', Buffer.from(BODY)],
  'not-gzip': ['gzip', Buffer.from(BODY)],
  'raw-deflate': ['deflate', zlib.deflateRawSync(BODY)],
  'bad-zstd': ['zstd', Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 1, 2, 3])],
  bomb: ['gzip', zlib.gzipSync(Buffer.alloc(RESPONSE_LIMIT_BYTES + 1, 0x20))],
};

interface Case { path: string; status: number; errorCode: number; body: string | null }
const decoded = (path: string): Case => ({ path, status: 200, errorCode: 0, body: BODY });
const failed = (path: string, errorCode: number): Case => ({ path, status: 0, errorCode, body: '' });
/** What both engines hand the script. */
const ALIKE: Case[] = [
  decoded('gzip'), decoded('deflate'), decoded('br'), decoded('gzip-then-br'), decoded('identity'), decoded('unknown'),
  { ...failed('not-gzip', 1701), body: null }, { ...failed('raw-deflate', 1701), body: null }, { ...failed('bad-zstd', 1701), body: null },
];

let server: Server;
let url: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    const [coding, bytes] = ANSWERS[(req.url ?? '/').slice(1)] ?? ['identity', Buffer.from('{}')];
    res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': coding, 'content-length': bytes.length });
    res.end(bytes);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function checksByName(summary: { root_group: unknown }): Record<string, { passes: number; fails: number }> {
  const checks = (summary.root_group as { checks: { name: string; passes: number; fails: number }[] }).checks;
  return Object.fromEntries(checks.map((c) => [c.name, { passes: c.passes, fails: c.fails }]));
}

describe('a compressed answer on the built-in engine', () => {
  it('is decoded as k6 decodes it, and one that does not decode fails with 1701', async () => {
    const r = await runFixture('decodes-bodies', { URL: url, CASES: JSON.stringify(ALIKE) });
    expect(checksByName(r.summary)).toEqual(Object.fromEntries(ALIKE.map((c) => [c.path, { passes: 1, fails: 0 }])));
    expect(metric(r, 'http_req_failed')?.values.passes).toBe(3);
  });

  it('counts the bytes on the wire as received, not the decoded body', async () => {
    const r = await runFixture('decodes-bodies', { URL: url, CASES: JSON.stringify([decoded('gzip')]) });
    const received = metric(r, 'data_received')?.values.count as number;
    expect(received).toBeGreaterThan((ANSWERS.gzip as [string, Buffer])[1].length);
    expect(received).toBeLessThan(BODY.length);
  });

  it('fails an answer that inflates past the limit, with the limit named, and reads no further', async () => {
    const before = process.memoryUsage().rss;
    const r = await runFixture('decodes-bodies', { URL: url, CASES: JSON.stringify([failed('bomb', 1000)]) });
    expect(checksByName(r.summary)).toEqual({ bomb: { passes: 1, fails: 0 } });
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
  });
});

describeEachK6('the same answers', (k6) => {
  it('are handed to the script alike', async () => {
    const out = mkdtempSync(join(tmpdir(), 'calls-harness-encoding-'));
    await bundleScenarios(out, 'k6', ['decodes-bodies'], fileURLToPath(new URL('../fixtures/k6/', import.meta.url)));
    // Exit 0: every check passed (the script's threshold is checks rate==1). Not execFileSync:
    // the server answering k6 runs on this process's event loop.
    // k6 v2 removed --no-summary; --summary-mode=disabled says the same there.
    const noSummary = k6.version.major >= 2 ? '--summary-mode=disabled' : '--no-summary';
    await promisify(execFile)(k6.binary, ['run', '--quiet', noSummary, '-e', `URL=${url}`, '-e', `CASES=${JSON.stringify(ALIKE)}`, bundlePath(out, 'k6', 'decodes-bodies')]);
  }, 60_000);
});
