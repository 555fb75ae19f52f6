// Prometheus' HTTP query API, as report merge --prometheus reads a test from it: series by label,
// a range selector's raw samples, a range query's steps. Its answers are untrusted (label values
// are whatever a writer sent): sizes are bounded, shapes checked, numbers parsed, never evaluated.
import { Agent, request } from 'undici';
import { CodedError, redact, registerUrlCredentials } from '../../core/index.ts';

const TIMEOUT_MS = 60_000;
/** The largest answer read: a long test's histograms, step by step, stay well below it. */
export const MAX_ANSWER_BYTES = 256 * 1024 * 1024;

export type Labels = Record<string, string>;

/** A native histogram sample as the API writes it: count, sum and [boundary rule, lower, upper, count] buckets. */
export interface ApiHistogram {
  count: number;
  sum: number;
  buckets: { rule: number; lower: number; upper: number; count: number }[];
}

export interface ApiSeries {
  labels: Labels;
  /** Float samples [seconds, value]; histogram samples [seconds, histogram]. */
  values: [number, number][];
  histograms: [number, ApiHistogram][];
}

export class PrometheusApi {
  private readonly dispatcher = new Agent({ headersTimeout: TIMEOUT_MS, bodyTimeout: TIMEOUT_MS, connections: 2 });
  private readonly base: string;
  private readonly headers: Record<string, string> = { accept: 'application/json', 'user-agent': 'calls-harness report merge' };

  constructor(url: string) {
    // Its credentials, when it carries some, are held before anything could print them.
    registerUrlCredentials(url, '--prometheus');
    let parsed: URL | null = null;
    try {
      parsed = new URL(url);
    } catch {
      // said below
    }
    if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) throw new CodedError('E_USAGE', `--prometheus ${JSON.stringify(redact(url))} is not an http(s) URL. Give the base URL of the Prometheus the runners wrote to, e.g. --prometheus http://prometheus.monitoring:9090.`);
    // Credentials in the URL go as Basic auth, as a browser would send them.
    if (parsed.username || parsed.password) this.headers.authorization = `Basic ${Buffer.from(`${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}`).toString('base64')}`;
    parsed.username = '';
    parsed.password = '';
    this.base = parsed.href.replace(/\/+$/, '').replace(/\/api\/v1\/write$/, '');
  }

  /** The label sets of every series `match` selects between `start` and `end` (seconds). */
  async series(match: string, start: number, end: number): Promise<Labels[]> {
    const data = await this.get('/api/v1/series', { 'match[]': match, start: String(start), end: String(end) });
    if (!Array.isArray(data)) throw this.unreadable('/api/v1/series', 'its data is not a list of series');
    return data.map((l) => labelsOf(l, '/api/v1/series', this));
  }

  /** A range selector's raw samples at `time`. */
  async rangeSelector(selector: string, time: number): Promise<ApiSeries[]> {
    return this.matrix('/api/v1/query', { query: selector, time: String(time) });
  }

  /** A range query: `expr` at every `step` seconds from `start` to `end`. */
  async rangeQuery(expr: string, start: number, end: number, step: number): Promise<ApiSeries[]> {
    return this.matrix('/api/v1/query_range', { query: expr, start: String(start), end: String(end), step: String(step) });
  }

  close(): Promise<void> {
    return this.dispatcher.close();
  }

  unreadable(path: string, why: string): CodedError {
    return new CodedError('E_PROMETHEUS_UNREADABLE', `Prometheus at ${redact(this.base)} answered ${path} with what its query API does not write (${why}).`);
  }

  private async matrix(path: string, params: Record<string, string>): Promise<ApiSeries[]> {
    const data = (await this.get(path, params)) as { resultType?: unknown; result?: unknown } | null;
    if (!data || data.resultType !== 'matrix' || !Array.isArray(data.result)) throw this.unreadable(path, 'not a matrix');
    return data.result.map((r: { metric?: unknown; values?: unknown; histograms?: unknown }) => ({
      labels: labelsOf(r.metric, path, this),
      values: Array.isArray(r.values) ? r.values.map((v) => floatSample(v, path, this)) : [],
      histograms: Array.isArray(r.histograms) ? r.histograms.map((h) => histogramSample(h, path, this)) : [],
    }));
  }

  private async get(path: string, params: Record<string, string>): Promise<unknown> {
    const url = `${this.base}${path}?${new URLSearchParams(params).toString()}`;
    let text: string;
    let status: number;
    try {
      const res = await request(url, { method: 'GET', dispatcher: this.dispatcher, signal: AbortSignal.timeout(TIMEOUT_MS), headers: this.headers });
      status = res.statusCode;
      text = await bounded(res.body);
    } catch (err) {
      const e = err as Error & { code?: string; cause?: { code?: string } };
      throw new CodedError('E_PROMETHEUS_UNREADABLE', `Prometheus at ${redact(this.base)} could not be read (${redact(e.cause?.code ?? e.code ?? e.message)}). Give --prometheus the base URL of a Prometheus this machine reaches.`);
    }
    let body: { status?: unknown; data?: unknown; error?: unknown };
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      throw this.unreadable(path, `HTTP ${status}, not JSON`);
    }
    if (body?.status !== 'success') throw this.unreadable(path, `HTTP ${status}: ${redact(String(body?.error ?? 'no "success"')).slice(0, 300)}`);
    return body.data;
  }
}

async function bounded(body: AsyncIterable<Buffer> & { destroy(): void }): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > MAX_ANSWER_BYTES) {
      body.destroy();
      throw new Error(`an answer larger than ${MAX_ANSWER_BYTES / 1024 / 1024} MiB`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function labelsOf(raw: unknown, path: string, api: PrometheusApi): Labels {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw api.unreadable(path, 'a series without labels');
  const out: Labels = {};
  for (const [k, v] of Object.entries(raw)) {
    if (typeof v !== 'string') throw api.unreadable(path, 'a label value that is not text');
    out[k] = v;
  }
  return out;
}

function number(raw: unknown, path: string, api: PrometheusApi): number {
  const n = typeof raw === 'string' || typeof raw === 'number' ? Number(raw) : NaN;
  if (Number.isNaN(n) && raw !== 'NaN') throw api.unreadable(path, `${JSON.stringify(raw)} where a number belongs`);
  return n;
}

function floatSample(raw: unknown, path: string, api: PrometheusApi): [number, number] {
  if (!Array.isArray(raw) || raw.length !== 2) throw api.unreadable(path, 'a sample that is not [time, value]');
  return [number(raw[0], path, api), number(raw[1], path, api)];
}

function histogramSample(raw: unknown, path: string, api: PrometheusApi): [number, ApiHistogram] {
  if (!Array.isArray(raw) || raw.length !== 2 || !raw[1] || typeof raw[1] !== 'object') throw api.unreadable(path, 'a histogram sample that is not [time, histogram]');
  const h = raw[1] as { count?: unknown; sum?: unknown; buckets?: unknown };
  const buckets = Array.isArray(h.buckets) ? h.buckets : [];
  return [number(raw[0], path, api), {
    count: number(h.count, path, api), sum: number(h.sum, path, api),
    buckets: buckets.map((b: unknown) => {
      if (!Array.isArray(b) || b.length !== 4) throw api.unreadable(path, 'a histogram bucket that is not [rule, lower, upper, count]');
      return { rule: number(b[0], path, api), lower: number(b[1], path, api), upper: number(b[2], path, api), count: number(b[3], path, api) };
    }),
  }];
}
