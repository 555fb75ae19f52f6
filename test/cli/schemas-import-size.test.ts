// `schemas import --from URL` reads at most SPEC_DOWNLOAD_LIMIT_BYTES of the document, counted as it
// streams and after decompression: a declared length past it, a body past it, and a small gzip of a
// body past it are each one E_SPEC_TOO_LARGE line naming the limit and the fix (download the file,
// give its path). A real document, gzipped, still imports. Real HTTP servers on 127.0.0.1.
import { readFileSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SPEC_DOWNLOAD_LIMIT_BYTES } from '../../openapi/import.ts';
import { DEFAULT_OPENAPI } from '../../core/paths.ts';
import { expectCleanError, runCliInProcess } from '../helpers/cli.ts';

const MIB = 1024 * 1024;
const PAST_LIMIT = SPEC_DOWNLOAD_LIMIT_BYTES + 12 * MIB;
/** What the streaming route wrote before the client went away. */
let streamedBytes = 0;
let server: Server;
let base = '';

/** Writes `total` bytes of JSON-ish padding in 1 MiB chunks, waiting for the reader (backpressure). */
async function stream(res: ServerResponse, total: number): Promise<void> {
  const chunk = Buffer.alloc(MIB, 0x20);
  for (let sent = 0; sent < total && !res.destroyed; sent += chunk.length) {
    if (!res.write(chunk)) await new Promise((r) => { res.once('drain', r); res.once('close', r); });
    if (!res.destroyed) streamedBytes = sent + chunk.length;
  }
  res.end();
}

beforeAll(async () => {
  const document = readFileSync(DEFAULT_OPENAPI);
  const bomb = gzipSync(Buffer.alloc(PAST_LIMIT, 0x20));
  server = createServer((req, res) => {
    if (req.url === '/declared') {
      // Says its size up front; nothing need be read.
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(PAST_LIMIT) });
      void stream(res, PAST_LIMIT);
    } else if (req.url === '/streamed') {
      res.writeHead(200, { 'content-type': 'application/json' });
      void stream(res, PAST_LIMIT);
    } else if (req.url === '/gzip-bomb') {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': String(bomb.length) });
      res.end(bomb);
    } else if (req.url === '/openapi.json.gz') {
      const body = gzipSync(document);
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': String(body.length) });
      res.end(body);
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }));

describe('schemas import --from a URL past the download limit', () => {
  for (const route of ['declared', 'streamed', 'gzip-bomb']) {
    it(`${route}: one E_SPEC_TOO_LARGE line naming the limit and the fix, exit 2`, async () => {
      streamedBytes = 0;
      const res = await runCliInProcess(['schemas', 'import', '--check', '--from', `${base}/${route}`], 30_000);
      expectCleanError(res, 'E_SPEC_TOO_LARGE');
      expect(res.stderr).toContain(`larger than ${SPEC_DOWNLOAD_LIMIT_BYTES / MIB} MiB`);
      expect(res.stderr).toContain(`curl -o openapi.json '${base}/${route}'`);
      expect(res.stderr).toContain('schemas import --from openapi.json');
      // The download stopped near the limit, not at the end of the body.
      if (route === 'streamed') expect(streamedBytes).toBeLessThan(PAST_LIMIT);
    }, 40_000);
  }

  it('the real document, gzipped, is read whole and imported', async () => {
    const res = await runCliInProcess(['schemas', 'import', '--check', '--from', `${base}/openapi.json.gz`], 30_000);
    // Imported: the generated files name their source, a URL here, so they differ from the committed ones (exit 1).
    expect(res.code, res.stderr).toBe(1);
    expect(res.stderr).toMatch(/^calls-harness: error E_SCHEMA_DRIFT: \d+ generated file\(s\) differ from a fresh import/);
  }, 40_000);
});
