// POSTs one WriteRequest to a remote-write receiver, as Prometheus' own client does. A failure
// is returned, never thrown: a monitoring backend that is down must not fail or slow the test.
import { Agent, request } from 'undici';
import { redact } from '../../../core/index.ts';
import type { RemoteWriteConfig } from './config.ts';
import { encodeWriteRequest, type TimeSeries } from './write-request.ts';

const TIMEOUT_MS = 5000;
/** The characters of a receiver's answer a warning quotes. */
const ANSWER_SHOWN = 200;
/** What is read of an answer: its start, enough for ANSWER_SHOWN characters of UTF-8. */
const ANSWER_READ_BYTES = 4 * ANSWER_SHOWN;

/**
 * The start of an answer, the rest left unread and the connection closed: a receiver that answers
 * without end (or with gigabytes) must cost neither memory nor the seconds until the timeout.
 */
async function answerStart(body: AsyncIterable<Buffer> & { destroy(): void }): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= ANSWER_READ_BYTES) {
      body.destroy();
      break;
    }
  }
  return Buffer.concat(chunks).subarray(0, ANSWER_READ_BYTES).toString('utf8');
}

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
      const text = await answerStart(res.body);
      // A receiver may echo the credentials it was sent (a 401 quoting the Authorization header):
      // redacted before it is cut, so no prefix of a secret survives the cut either.
      return res.statusCode < 300 ? null : `HTTP ${res.statusCode}${text ? `: ${redact(text).trim().slice(0, ANSWER_SHOWN)}` : ''}`;
    } catch (err) {
      const e = err as Error & { code?: string; cause?: { code?: string } };
      return redact(e.cause?.code ?? e.code ?? e.message);
    }
  }

  close(): Promise<void> {
    return this.dispatcher.close();
  }
}
