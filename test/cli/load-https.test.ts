// `load --target https://…`: a deployment behind TLS, as users point the harness at one. The
// built-in engine opens its own TLS connections (load/engine/http1-connection.ts); here they meet
// an HTTPS proxy in front of the reference server, with a certificate the process trusts through
// NODE_EXTRA_CA_CERTS, as a private CA is trusted in a user's CI.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { values, type SummaryLike } from '../../load/summary-metrics.ts';
import { start, type RunningServer } from '../../server/index.ts';
import { runCli } from '../helpers/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'calls-harness-https-'));
let upstream: RunningServer | null = null;
let proxy: Server | null = null;
afterEach(async () => {
  await new Promise((resolve) => (proxy ? proxy.close(resolve) : resolve(null)));
  proxy?.closeAllConnections();
  await upstream?.close();
  proxy = null;
  upstream = null;
});

/** A certificate for 127.0.0.1 (its own CA), or null where openssl is missing. */
function certificate(): { key: string; cert: string } | null {
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-days', '1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
    return { key: join(dir, 'key.pem'), cert: join(dir, 'cert.pem') };
  } catch {
    return null;
  }
}

/** An HTTPS server that passes every request on to `target` (plain HTTP) and counts the TLS connections. */
async function httpsProxy(files: { key: string; cert: string }, target: string): Promise<{ url: string; counts: { requests: number; connections: number } }> {
  const counts = { requests: 0, connections: 0 };
  const server = createServer({ key: readFileSync(files.key), cert: readFileSync(files.cert) }, (req, res) => {
    counts.requests++;
    const up = request(`${target}${req.url ?? '/'}`, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  server.on('secureConnection', () => counts.connections++);
  proxy = server;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`, counts };
}

describe('load against an HTTPS target', () => {
  it('runs over TLS with the certificate trusted, reusing its connections, and reports the handshakes as k6 does', async (ctx) => {
    const files = certificate();
    if (!files) return ctx.skip();
    upstream = await start({ port: 0 });
    const target = await httpsProxy(files, upstream.url);
    const report = join(dir, 'run');
    const res = await runCli(['load', '--scenario', 'read-mix', '--engine', 'node', '--target', target.url, '--agent', upstream.agentIds[0] as string, '--rate', '20', '--duration', '2s', '--report-dir', report, '--quiet'], { env: { CALLS_API_TOKEN: upstream.apiKeys[0] as string, NODE_EXTRA_CA_CERTS: files.cert } });
    expect(res.code, res.stderr).toBe(0);
    const summary = JSON.parse(readFileSync(join(report, 'summary.json'), 'utf8')) as SummaryLike;
    const requests = values(summary, 'http_reqs').count ?? 0;
    expect(requests).toBeGreaterThanOrEqual(35);
    expect(values(summary, 'http_req_failed').passes ?? 0).toBe(0);
    // Every request of the run went through the proxy (the harness's own setup reads too), over far fewer connections.
    expect(target.counts.requests).toBeGreaterThanOrEqual(requests);
    expect(target.counts.connections).toBeLessThan(requests / 2);
    // A handshake on each request that opened a connection, none on the others (the median request reused one; HDR keeps 0 as 1 µs).
    expect(values(summary, 'http_req_tls_handshaking').max ?? 0).toBeGreaterThan(0);
    expect(values(summary, 'http_req_tls_handshaking').med ?? -1).toBeLessThan(0.01);
  });

  it('an untrusted certificate: setup fails naming the TLS error (k6\'s 1300), before any iteration, and no request reached the API', async (ctx) => {
    const files = certificate();
    if (!files) return ctx.skip();
    upstream = await start({ port: 0 });
    const target = await httpsProxy(files, upstream.url);
    const res = await runCli(['load', '--scenario', 'read-mix', '--engine', 'node', '--target', target.url, '--agent', upstream.agentIds[0] as string, '--rate', '10', '--duration', '1s', '--report-dir', join(dir, 'untrusted')], { env: { CALLS_API_TOKEN: upstream.apiKeys[0] as string } });
    expect(res.code).toBe(107);
    expect(res.stderr).toMatch(/the agent call list for \S+ answered nothing \(tls: [^)]*certificate[^)]*\)/);
    // In the engine's summary (not printed with --quiet, which keeps only the verdict).
    expect(res.stdout).toContain('error_code:1300');
    expect(target.counts.requests).toBe(0);
    expect(`${res.stdout}${res.stderr}`).not.toContain(upstream.apiKeys[0] as string);
  });
});
