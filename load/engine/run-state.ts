// One run's shared state, and the K6Runtime the bundled shims call: metrics, checks, HTTP.
import { redact } from '../../core/index.ts';
import { ChecksTree } from './checks-tree.ts';
import { HttpClient, type K6Response, type RequestOutcome, type RequestParams, type ResponseCallback } from './http-client.ts';
import { parseDuration } from './durations.ts';
import { MetricsRegistry, type Metric, type Tags } from './metrics/registry.ts';
import { iterationStorage, type IterationContext, type K6Runtime } from './runtime.ts';
import { Timeline } from './timeline.ts';

const DEFAULT_TIMEOUT_MS = 60_000;
const DEFAULT_EXPECTED: ResponseCallback = Object.assign((s: number) => s >= 200 && s < 400, { expected: true as const });

export class RunState implements K6Runtime {
  readonly registry = new MetricsRegistry();
  readonly checks = new ChecksTree();
  readonly http = new HttpClient();
  readonly startedAt = performance.now();
  readonly timeline = new Timeline();
  responseCallback: ResponseCallback = DEFAULT_EXPECTED;
  iterationsCompleted = 0;
  iterationsInterrupted = 0;
  vusActive = 0;
  vusInitialized = 0;
  abortReason: string | null = null;
  readonly stop = new AbortController();
  /** Iteration errors by message, as k6 logs them, with how often each happened. */
  readonly errors = new Map<string, number>();

  /** The http_req_* metrics, found once: every request feeds all of them. */
  private readonly httpMetrics;

  constructor() {
    this.stop.signal.addEventListener('abort', () => this.abortRequests(), { once: true });
    const r = this.registry;
    for (const name of ['vus', 'vus_max']) r.define(name, 'gauge');
    // k6's built-in metrics only: k6 has no metric for interrupted iterations (a script may define one).
    for (const name of ['iterations', 'dropped_iterations', 'http_reqs']) r.define(name, 'counter');
    for (const name of ['data_sent', 'data_received']) r.define(name, 'counter', 'data');
    for (const name of ['checks', 'http_req_failed']) r.define(name, 'rate');
    for (const name of ['iteration_duration', 'group_duration', 'http_req_duration', 'http_req_blocked', 'http_req_connecting', 'http_req_tls_handshaking', 'http_req_sending', 'http_req_waiting', 'http_req_receiving', 'iteration_start_lag', 'iteration_duration_from_intended']) {
      r.define(name, 'trend', 'time');
    }
    const metric = (name: string) => r.metric(name);
    this.httpMetrics = {
      reqs: metric('http_reqs'), duration: metric('http_req_duration'), blocked: metric('http_req_blocked'), connecting: metric('http_req_connecting'),
      tlsHandshaking: metric('http_req_tls_handshaking'), sending: metric('http_req_sending'), waiting: metric('http_req_waiting'), receiving: metric('http_req_receiving'),
      failed: metric('http_req_failed'), dataSent: metric('data_sent'), dataReceived: metric('data_received'),
    };
  }

  elapsedMs(): number {
    return performance.now() - this.startedAt;
  }

  iteration(): IterationContext | undefined {
    return iterationStorage.getStore();
  }

  baseTags(): Tags {
    return this.baseTagsOf(this.iteration());
  }

  baseTagsOf(it: IterationContext | undefined): Tags {
    if (!it) return {};
    if (it.lifecycle) return { group: `::${it.groups.join('::')}` };
    if (!it.groups.length) return (it.scenario.baseTags ??= { ...it.scenario.tags, scenario: it.scenario.name });
    return { ...it.scenario.tags, scenario: it.scenario.name, group: `::${it.groups.join('::')}` };
  }

  emit(metric: string, value: number, tags: Tags): void {
    this.sample(this.registry.metric(metric), value, tags, this.iteration());
  }

  sample(metric: Metric, value: number, tags: Tags, it: IterationContext | undefined): void {
    // Samples of an interrupted iteration are not its own any more: k6 drops them too.
    if (it?.interrupted) return;
    this.registry.addTo(metric, value, tags);
  }

  setResponseCallback(cb: ResponseCallback): void {
    this.responseCallback = cb;
  }

  request(method: string, url: string, body: string | null, params: RequestParams): Promise<K6Response> {
    const it = this.iteration();
    const timeoutMs = params.timeout === undefined ? DEFAULT_TIMEOUT_MS : parseDuration(params.timeout);
    const refuse = this.stop.signal.aborted || it?.interrupted ? new Error('request aborted: the run is stopping') : null;
    return this.http.request(method, url, body, params, timeoutMs, it, refuse, (outcome) => this.recordRequest(outcome, it, method, url, params));
  }

  /** The samples of one request, as k6 emits them: every http_req_* metric from one tag set. */
  private recordRequest({ response, bytesSent, bytesReceived }: RequestOutcome, it: IterationContext | undefined, method: string, url: string, params: RequestParams): K6Response {
    const expected = (params.responseCallback ?? this.responseCallback)(response.status);
    // Samples of an interrupted iteration are dropped, as k6 drops them.
    if (it?.interrupted) return response;
    const tags: Tags = { ...this.baseTagsOf(it), method, url, name: url, status: String(response.status), proto: response.proto, expected_response: String(expected), ...params.tags };
    if (response.error_code && response.status === 0) tags.error_code = String(response.error_code);
    const t = response.timings;
    const r = this.registry;
    const m = this.httpMetrics;
    r.addTo(m.reqs, 1, tags);
    r.addTo(m.duration, t.duration, tags);
    r.addTo(m.blocked, t.blocked, tags);
    r.addTo(m.connecting, t.connecting, tags);
    r.addTo(m.tlsHandshaking, t.tls_handshaking, tags);
    r.addTo(m.sending, t.sending, tags);
    r.addTo(m.waiting, t.waiting, tags);
    r.addTo(m.receiving, t.receiving, tags);
    r.addTo(m.failed, expected ? 0 : 1, tags);
    this.timeline.request(t.duration, !expected);
    r.addTo(m.dataSent, bytesSent, tags);
    r.addTo(m.dataReceived, bytesReceived, tags);
    return response;
  }

  /** Aborts the requests of one iteration, or all of them. */
  abortRequests(it?: IterationContext): void {
    this.http.abort(new Error(it ? 'iteration interrupted' : 'the run was stopped'), it);
  }

  instanceInfo() {
    return { iterationsCompleted: this.iterationsCompleted, iterationsInterrupted: this.iterationsInterrupted, vusActive: this.vusActive, vusInitialized: this.vusInitialized, currentTestRunDuration: this.elapsedMs() };
  }

  abortTest(reason: string): void {
    this.abortReason = `test aborted: ${reason}`;
    this.stop.abort(new Error(this.abortReason));
  }

  recordError(err: unknown): void {
    // Redacted as it is counted: a script's error may quote the target's answer (core/secrets.ts).
    const message = redact(err instanceof Error ? err.message : String(err));
    this.errors.set(message, (this.errors.get(message) ?? 0) + 1);
  }
}
