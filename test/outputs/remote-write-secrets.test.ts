// A remote-write receiver that echoes the credentials it was configured with (a 401 quoting the
// Authorization header, a proxy error quoting the URL) never gets them into what the harness keeps:
// each secret kind (bearer token, password, user:password, a password in the server URL) in each
// encoding is echoed by a real receiver on loopback, and the error the client returns holds none
// of them, only their names. Series labels a target filled (a url tag) reach the receiver redacted.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { uncompressSync } from 'snappy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutputConfigError, remoteWriteConfig } from '../../load/outputs/prometheus-rw/config.ts';
import { RemoteWriteOutput } from '../../load/outputs/prometheus-rw/output.ts';
import { RemoteWriteClient } from '../../load/outputs/prometheus-rw/remote-write-client.ts';
import { decodeWriteRequest } from '../../load/outputs/prometheus-rw/write-request.ts';
import { registerSecret } from '../../core/index.ts';
import { secretEncodings, secretFormsIn } from '../helpers/secret-encodings.ts';

const BEARER = 'rw_B3arer/canary+77QxLm';
const PASSWORD = 'pw/Canary+Secret 42';
const URL_PASSWORD = 'u-pw/Canary+9x';
const TOKEN = 'sk_live/RWcanary+93hQv7';

let receiver: Server;
let base = '';
/** What the receiver answers next: status and body. */
let answer: { status: number; body: string } = { status: 204, body: '' };
const payloads: Buffer[] = [];

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      payloads.push(Buffer.concat(chunks));
      res.writeHead(answer.status, { 'content-type': 'text/plain' }).end(answer.body);
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  base = `127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => receiver.close(() => r())));

const SERIES = [{ labels: [{ name: '__name__', value: 'k6_x' }], samples: [{ value: 1, timestamp: 1 }] }];

const KINDS = {
  'bearer token': { secret: BEARER, placeholder: '$K6_PROMETHEUS_RW_BEARER_TOKEN', env: () => ({ K6_PROMETHEUS_RW_SERVER_URL: `http://${base}/api/v1/write`, K6_PROMETHEUS_RW_BEARER_TOKEN: BEARER }) },
  password: { secret: PASSWORD, placeholder: '$K6_PROMETHEUS_RW_PASSWORD', env: () => ({ K6_PROMETHEUS_RW_SERVER_URL: `http://${base}/api/v1/write`, K6_PROMETHEUS_RW_USERNAME: 'metrics', K6_PROMETHEUS_RW_PASSWORD: PASSWORD }) },
  'user:password (Basic)': { secret: `metrics:${PASSWORD}`, placeholder: '$K6_PROMETHEUS_RW_USERNAME:$K6_PROMETHEUS_RW_PASSWORD', env: () => ({ K6_PROMETHEUS_RW_SERVER_URL: `http://${base}/api/v1/write`, K6_PROMETHEUS_RW_USERNAME: 'metrics', K6_PROMETHEUS_RW_PASSWORD: PASSWORD }) },
  'password in the server URL': { secret: URL_PASSWORD, placeholder: '[password of K6_PROMETHEUS_RW_SERVER_URL]', env: () => ({ K6_PROMETHEUS_RW_SERVER_URL: `http://metrics:${encodeURIComponent(URL_PASSWORD)}@${base}/api/v1/write` }) },
};

describe('a remote-write receiver that echoes its credentials', () => {
  for (const [kind, { secret, placeholder, env }] of Object.entries(KINDS)) {
    it(`never gets the ${kind} into the push error, in any encoding`, async () => {
      const client = new RemoteWriteClient(remoteWriteConfig(env()));
      try {
        for (const [form, encoded] of Object.entries(secretEncodings(secret))) {
          answer = { status: 401, body: `denied ${encoded}` };
          const error = (await client.store(SERIES)) ?? '';
          expect(error, form).toContain('HTTP 401');
          expect(secretFormsIn(error, secret), `${form}: ${error}`).toEqual([]);
          expect(error, form).toContain(placeholder);
        }
      } finally {
        await client.close();
      }
    });
  }

  it('never shows a password of a server URL it refuses', () => {
    const bad = 'http://metrics:Refused-Pw/x9@[::1';
    let message = '';
    try {
      remoteWriteConfig({ K6_PROMETHEUS_RW_SERVER_URL: bad });
    } catch (err) {
      expect(err).toBeInstanceOf(OutputConfigError);
      message = (err as Error).message;
    }
    expect(message).toContain('K6_PROMETHEUS_RW_SERVER_URL');
    expect(message).not.toContain('Refused-Pw');
  });

  it('writes labels a target filled (a url tag with an echoed token) redacted', async () => {
    registerSecret(TOKEN, '$CALLS_API_TOKEN');
    answer = { status: 204, body: '' };
    payloads.length = 0;
    const output = new RemoteWriteOutput(remoteWriteConfig({ K6_PROMETHEUS_RW_SERVER_URL: `http://${base}/api/v1/write` }));
    for (const [form, encoded] of Object.entries(secretEncodings(TOKEN))) {
      output.onSample({ name: 'http_reqs', type: 'counter', contains: 'default' }, 1, { url: `http://t/v1/calls/${encoded}`, name: form });
    }
    const stats = await output.stop();
    expect(stats.failed).toBe(0);
    const labels = payloads.map((p) => decodeWriteRequest(p, (b) => uncompressSync(b) as Buffer)).flatMap((w) => w.timeseries.flatMap((t) => t.labels.map((l) => l.value)));
    expect(labels.join(' ')).toContain('/v1/calls/$CALLS_API_TOKEN');
    expect(secretFormsIn(labels.join('\n'), TOKEN)).toEqual([]);
  });
});
