// POSTs one WriteRequest to a remote-write receiver, as Prometheus' own client does. A failure
// is returned, never thrown: a monitoring backend that is down must not fail or slow the test.
import { Agent, request } from 'undici';
import { redact } from '../../../core/index.ts';
import type { RemoteWriteConfig } from './config.ts';
import { encodeWriteRequest, type TimeSeries } from './write-request.ts';

const TIMEOUT_MS = 5000;

export class RemoteWriteClient {
  private readonly dispatcher: Agent;

  constructor(private readonly config: RemoteWriteConfig) {
    this.dispatcher = new Agent({
      connect: { rejectUnauthorized: !config.insecureSkipTlsVerify, ...(config.tls ?? {}) },
      headersTimeout: TIMEOUT_MS, bodyTimeout: TIMEOUT_MS, connections: 2,
    });
  }

  /** null when the receiver took it, else why not (status and its answer, or the network error). */
  async store(timeseries: TimeSeries[]): Promise<string | null> {
    if (!timeseries.length) return null;
    try {
      const res = await request(this.config.url, {
        method: 'POST', dispatcher: this.dispatcher, signal: AbortSignal.timeout(TIMEOUT_MS),
        headers: {
          'content-type': 'application/x-protobuf', 'content-encoding': 'snappy',
          'x-prometheus-remote-write-version': '0.1.0', 'user-agent': 'calls-harness (k6 experimental-prometheus-rw)',
          ...this.config.headers,
        },
        body: encodeWriteRequest(timeseries),
      });
      const text = await res.body.text();
      // A receiver may echo the credentials it was sent (a 401 quoting the Authorization header):
      // redacted before it is cut, so no prefix of a secret survives the cut either.
      return res.statusCode < 300 ? null : `HTTP ${res.statusCode}${text ? `: ${redact(text).trim().slice(0, 200)}` : ''}`;
    } catch (err) {
      const e = err as Error & { code?: string; cause?: { code?: string } };
      return redact(e.cause?.code ?? e.code ?? e.message);
    }
  }

  close(): Promise<void> {
    return this.dispatcher.close();
  }
}
