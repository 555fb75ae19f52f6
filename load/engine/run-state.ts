// One run's shared state, and the K6Runtime the bundled shims call: metrics, checks, HTTP.
import { ChecksTree } from './checks-tree.ts';
import { HttpClient, type K6Response, type RequestParams, type ResponseCallback } from './http-client.ts';
import { parseDuration } from './durations.ts';
import { MetricsRegistry, type Tags } from './metrics/registry.ts';
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
  }

  elapsedMs(): number {
    return performance.now() - this.startedAt;
  }

  iteration(): IterationContext | undefined {
    return iterationStorage.getStore();
  }

  baseTags(): Tags {
    const it = this.iteration();
    if (!it) return {};
    if (it.lifecycle) return { group: `::${it.groups.join('::')}` };
    if (!it.groups.length) return (it.scenario.baseTags ??= { ...it.scenario.tags, scenario: it.scenario.name });
    return { ...it.scenario.tags, scenario: it.scenario.name, group: `::${it.groups.join('::')}` };
  }

  emit(metric: string, value: number, tags: Tags): void {
    // Samples of an interrupted iteration are not its own any more: k6 drops them too.
    if (this.iteration()?.interrupted) return;
    this.registry.add(metric, value, tags);
  }

  setResponseCallback(cb: ResponseCallback): void {
    this.responseCallback = cb;
  }

  async request(method: string, url: string, body: string | null, params: RequestParams): Promise<K6Response> {
    const it = this.iteration();
    const timeoutMs = params.timeout === undefined ? DEFAULT_TIMEOUT_MS : parseDuration(params.timeout);
    const { response, bytesSent, bytesReceived } = await this.http.request(method, url, body, params, (abort) => this.abortable(abort, it), timeoutMs);
    const expected = (params.responseCallback ?? this.responseCallback)(response.status);
    // Samples of an interrupted iteration are dropped, as k6 drops them.
    if (it?.interrupted) return response;
    const tags: Tags = { ...this.baseTags(), method, url, name: url, status: String(response.status), proto: response.proto, expected_response: String(expected), ...params.tags };
    if (response.error_code && response.status === 0) tags.error_code = String(response.error_code);
    const t = response.timings;
    const r = this.registry;
    r.add('http_reqs', 1, tags);
    r.add('http_req_duration', t.duration, tags);
    r.add('http_req_blocked', t.blocked, tags);
    r.add('http_req_connecting', t.connecting, tags);
    r.add('http_req_tls_handshaking', t.tls_handshaking, tags);
    r.add('http_req_sending', t.sending, tags);
    r.add('http_req_waiting', t.waiting, tags);
    r.add('http_req_receiving', t.receiving, tags);
    r.add('http_req_failed', expected ? 0 : 1, tags);
    this.timeline.request(t.duration, !expected);
    r.add('data_sent', bytesSent, tags);
    r.add('data_received', bytesReceived, tags);
    return response;
  }

  /** Requests in flight, so that a stopped run or an interrupted iteration can abort them. */
  private readonly inFlight = new Set<{ abort: (err: Error) => void; it?: IterationContext }>();

  private abortable(abort: (err: Error) => void, it?: IterationContext): () => void {
    const entry = { abort, it };
    if (this.stop.signal.aborted || it?.interrupted) abort(new Error('request aborted: the run is stopping'));
    this.inFlight.add(entry);
    return () => this.inFlight.delete(entry);
  }

  /** Aborts the requests of one iteration, or all of them. */
  abortRequests(it?: IterationContext): void {
    for (const entry of this.inFlight) if (!it || entry.it === it) entry.abort(new Error(it ? 'iteration interrupted' : 'the run was stopped'));
  }

  instanceInfo() {
    return { iterationsCompleted: this.iterationsCompleted, iterationsInterrupted: this.iterationsInterrupted, vusActive: this.vusActive, vusInitialized: this.vusInitialized, currentTestRunDuration: this.elapsedMs() };
  }

  abortTest(reason: string): void {
    this.abortReason = `test aborted: ${reason}`;
    this.stop.abort(new Error(this.abortReason));
  }

  recordError(err: unknown): void {
    const message = err instanceof Error ? err.message : String(err);
    this.errors.set(message, (this.errors.get(message) ?? 0) + 1);
  }
}
