// One test's verdict from the team's Prometheus: what every runner of a TestRun wrote by remote
// write (k6's experimental-prometheus-rw, trends as native histograms, every sample tagged with
// the test's testid) read back and added up across runners and series: counters exactly, trends
// as summed native histograms (percentiles within the histogram's stated relative error), rates
// weighted by their requests where k6 wrote those, else bounded by their series'. Every threshold
// of the scenario is judged on the whole test.
import { parseDuration } from '../engine/durations.ts';
import type { MetricType } from '../engine/metrics/registry-types.ts';
import { submetricKey, type Tags } from '../engine/metrics/registry.ts';
import type { SummaryMetric } from '../engine/summary-data.ts';
import { parseThresholds, passes, type ParsedThreshold } from '../engine/thresholds.ts';
import type { RunShape } from '../run-shape.ts';
import type { ScenarioOptions } from '../scenario-options.ts';
import { CodedError, redact, redactValue, terminalText } from '../../core/index.ts';
import type { MergedRun } from './merge-runners.ts';
import { SummedHistogram } from './native-histograms.ts';
import { PrometheusApi, type ApiHistogram, type ApiSeries, type Labels } from './prometheus-api.ts';

/** How far back a test is looked for: past Prometheus' default retention (15 days). */
const LOOKBACK_S = 31 * 24 * 3600;
/** k6's prefix for every metric it writes. */
const PREFIX = 'k6_';

export interface PrometheusSource {
  url: string;
  testid: string;
  scenario: string;
  shape: RunShape;
  options: ScenarioOptions;
}

export interface PrometheusFacts {
  url: string;
  testid: string;
  /** The widest relative error of any trend percentile here (0.0433: within 4.33%). */
  relativeError: number;
  series: number;
  /** The runners, by the instance_id the operator tags each with. */
  instances: string[];
}

interface MetricInfo {
  name: string;
  type: MetricType;
  contains: string;
  /** The name k6's remote-write output gives its series. */
  series: string;
}

/** k6's remote-write names: counters _total, rates _rate, trends by their unit, gauges as they are. */
function seriesName(name: string, type: MetricType, contains: string): string {
  if (type === 'counter') return `${PREFIX}${name}_total`;
  if (type === 'rate') return `${PREFIX}${name}_rate`;
  if (type === 'trend') return `${PREFIX}${name}${contains === 'time' ? '_seconds' : contains === 'data' ? '_bytes' : ''}`;
  return `${PREFIX}${name}`;
}

interface Last<T> {
  labels: Labels;
  t: number;
  value: T;
}

/** Each series' last sample: k6 writes a series' running total, so its last is the runner's whole. */
function lastOf<T>(series: ApiSeries[], pick: (s: ApiSeries) => [number, T][]): Last<T>[] {
  return series.flatMap((s) => {
    const samples = pick(s);
    const last = samples.reduce<[number, T] | undefined>((a, b) => (!a || b[0] >= a[0] ? b : a), undefined);
    return last ? [{ labels: s.labels, t: last[0], value: last[1] }] : [];
  });
}

const matches = (labels: Labels, tags: Tags) => Object.entries(tags).every(([k, v]) => labels[k] === v);
const quote = (v: string) => JSON.stringify(v);
const sameMeasure = (a: Labels, b: Labels) => {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)].filter((k) => k !== '__name__'));
  return [...keys].every((k) => a[k] === b[k]);
};

export async function mergePrometheus(src: PrometheusSource): Promise<MergedRun & { prometheus: PrometheusFacts }> {
  const api = new PrometheusApi(src.url);
  try {
    return await read(api, src);
  } finally {
    await api.close();
  }
}

async function read(api: PrometheusApi, src: PrometheusSource): Promise<MergedRun & { prometheus: PrometheusFacts }> {
  const now = Date.now() / 1000;
  const selector = `{testid=${quote(src.testid)}}`;
  const all = await api.series(selector, now - LOOKBACK_S, now);
  const shown = terminalText(redact(src.testid));
  if (!all.length) throw new CodedError('E_PROMETHEUS_NO_TEST', `Prometheus holds no series tagged testid=${shown} from the last ${LOOKBACK_S / 86400} days. Give the testid of the TestRun (its arguments: --tag testid=...), whose runners wrote with --out experimental-prometheus-rw to this Prometheus (bundle --k8s --remote-write).`);
  const names = new Set(all.map((l) => l.__name__ ?? ''));
  const metrics = [...src.options.metrics.entries()].map(([name, m]) => ({ name, type: m.type, contains: m.contains, series: seriesName(name, m.type, m.contains) }));
  const present = metrics.filter((m) => names.has(m.series));
  refuseTrendsAsGauges(metrics, names, shown);
  const floats = present.filter((m) => m.type !== 'trend');
  const trends = present.filter((m) => m.type === 'trend');
  const window = `${LOOKBACK_S}s`;
  const floatSeries = floats.length ? await api.rangeSelector(`{testid=${quote(src.testid)},__name__=~${quote(floats.map((m) => m.series).join('|'))}}[${window}]`, now) : [];
  const lastFloats = lastOf(floatSeries, (s) => s.values);
  const times = floatSeries.flatMap((s) => s.values.map((v) => v[0]));
  if (!times.length) throw new CodedError('E_PROMETHEUS_NO_TEST', `Prometheus holds series tagged testid=${shown}, but no sample of a k6 counter among them: they are not a k6 test's.`);
  const first = Math.min(...times);
  const last = Math.max(...times);
  const lastHistograms = trends.length ? lastOf(await histogramSteps(api, src.testid, trends, first, last), (s) => s.histograms) : [];
  return judge(src, metrics, lastFloats, lastHistograms, { first, last, series: all.length, instances: [...new Set(all.map((l) => l.instance_id).filter((v): v is string => v !== undefined).map(redact))].sort() });
}

/** Trends written as gauges (k6's default: _p99 and the like) cannot be merged: said so. */
function refuseTrendsAsGauges(metrics: MetricInfo[], names: Set<string>, shown: string): void {
  const gauges = metrics.filter((m) => m.type === 'trend' && !names.has(m.series)).find((m) => [...names].some((n) => n.startsWith(`${PREFIX}${m.name}_`) && /_(p\d+|avg|min|max|med|count|sum)$/.test(n)));
  if (gauges) throw new CodedError('E_PROMETHEUS_NO_TEST', `The runners of testid=${shown} wrote their trends as gauges (${PREFIX}${gauges.name}_p99 and the like), which cannot be added up across runners. Run them with K6_PROMETHEUS_RW_TREND_AS_NATIVE_HISTOGRAM=true (bundle --k8s --remote-write sets it).`);
}

/**
 * Each histogram series at every step from the test's first sample to one step past its last
 * (a step never longer than a minute, well within Prometheus' 5-minute lookback), so that each
 * series' last sample is found however early it stopped, at a cost bounded by the test's length
 * (about 30 steps, then one a minute), not by its samples. A step past a stale marker (when the
 * runners wrote them) holds nothing; the one before holds the series' last sample.
 */
async function histogramSteps(api: PrometheusApi, testid: string, trends: MetricInfo[], first: number, last: number): Promise<ApiSeries[]> {
  const step = Math.min(60, Math.max(1, Math.ceil((last - first) / 30)));
  const start = last - Math.ceil((last - first) / step) * step;
  return api.rangeQuery(`{testid=${quote(testid)},__name__=~${quote(trends.map((m) => m.series).join('|'))}}`, start, last + step, step);
}

interface Span {
  first: number;
  last: number;
  series: number;
  instances: string[];
}

/** The merged values of any (sub-)metric, from each series' last sample; the widest trend error seen so far. */
class Merged {
  relativeError = 0;
  private readonly reqs: Last<number>[];

  constructor(private readonly floats: Last<number>[], private readonly histograms: Last<ApiHistogram>[], private readonly trendStats: string[], private readonly elapsedS: number, reqs: MetricInfo | undefined) {
    this.reqs = reqs ? floats.filter((f) => f.labels.__name__ === reqs.series) : [];
  }

  values(m: MetricInfo, tags: Tags): SummaryMetric | null {
    if (m.type === 'trend') return this.trend(m, tags);
    const found = this.floats.filter((f) => f.labels.__name__ === m.series && matches(f.labels, tags));
    if (!found.length) return m.type === 'counter' ? { type: 'counter', contains: m.contains, values: { count: 0, rate: 0 } } : null;
    if (m.type === 'counter') {
      const count = found.reduce((s, f) => s + f.value, 0);
      return { type: 'counter', contains: m.contains, values: { count, rate: this.elapsedS ? count / this.elapsedS : 0 } };
    }
    if (m.type === 'rate') return rateValues(m, found, this.reqs);
    // VU gauges add up across runners; any other gauge is one reading of one thing.
    const lasts = found.map((f) => f.value);
    const total = lasts.reduce((a, b) => a + b, 0);
    const values = m.name === 'vus' || m.name === 'vus_max' ? { value: total, min: 0, max: total } : { value: Math.max(...lasts), min: Math.min(...lasts), max: Math.max(...lasts) };
    return { type: 'gauge', contains: m.contains, values };
  }

  private trend(m: MetricInfo, tags: Tags): SummaryMetric | null {
    const found = this.histograms.filter((h) => h.labels.__name__ === m.series && matches(h.labels, tags));
    if (!found.length) return null;
    const sum = new SummedHistogram();
    for (const h of found) sum.add(h.value);
    this.relativeError = Math.max(this.relativeError, sum.relativeError());
    return { type: 'trend', contains: m.contains, values: sum.values(this.trendStats, m.contains === 'time' ? 1000 : 1) };
  }
}

/** The summary metrics of the whole test: every metric, per operation the request metrics, and each threshold judged. */
function mergedMetrics(src: PrometheusSource, metrics: MetricInfo[], merged: Merged, operations: string[], problems: string[]): { out: Record<string, SummaryMetric>; failed: string[] } {
  const byName = new Map(metrics.map((m) => [m.name, m]));
  const out: Record<string, SummaryMetric> = {};
  for (const m of metrics) {
    const v = merged.values(m, {});
    // As k6: a counter that never counted is left out unless a threshold names it.
    if (v && (v.type !== 'counter' || (v.values.count ?? 0) > 0)) out[m.name] = v;
  }
  // Per operation, as the reports read them: every `name` a request was tagged with.
  for (const name of operations) {
    for (const metric of ['http_req_duration', 'http_reqs', 'http_req_failed']) {
      const m = byName.get(metric);
      const v = m ? merged.values(m, { name }) : null;
      if (v) out[submetricKey(metric, { name })] = v;
    }
  }
  const failed = judgeThresholds(src, byName, merged, out, problems);
  return { out, failed };
}

/** Every threshold of the scenario judged on the whole test, its verdict set on its (sub-)metric in `out`; the failed ones. */
function judgeThresholds(src: PrometheusSource, byName: Map<string, MetricInfo>, merged: Merged, out: Record<string, SummaryMetric>, problems: string[]): string[] {
  const failed: string[] = [];
  for (const t of parseThresholds(src.options.thresholds, parseDuration)) {
    const m = byName.get(t.metric);
    const v = out[t.metricKey] ?? (m ? merged.values(m, t.tags) : null);
    const ok = judgeOne(t, v, problems);
    if (!ok) failed.push(`${t.metricKey}: ${t.source}`);
    out[t.metricKey] = { ...(v ?? emptyOf(m)), thresholds: { ...out[t.metricKey]?.thresholds, [t.source]: { ok } } };
  }
  return failed;
}

/** A metric no runner wrote a sample of, as k6 shows one a threshold names. */
function emptyOf(m: MetricInfo | undefined): SummaryMetric {
  return { type: m?.type ?? 'trend', contains: m?.contains ?? 'default', values: m?.type === 'rate' ? { rate: 0, passes: 0, fails: 0 } : { count: 0 } };
}

function judge(src: PrometheusSource, metrics: MetricInfo[], floats: Last<number>[], histograms: Last<ApiHistogram>[], span: Span): MergedRun & { prometheus: PrometheusFacts } {
  const durationMs = Math.max(0, (span.last - span.first) * 1000);
  const trendStats = src.options.trendStats;
  const reqs = metrics.find((m) => m.name === 'http_reqs');
  const merged = new Merged(floats, histograms, trendStats, durationMs / 1000, reqs);
  const operations = [...new Set(floats.filter((f) => f.labels.__name__ === reqs?.series).map((f) => f.labels.name).filter((n): n is string => n !== undefined))];
  const problems: string[] = [];
  const { out, failed } = mergedMetrics(src, metrics, merged, operations, problems);
  const facts: PrometheusFacts = { url: redact(src.url), testid: src.testid, relativeError: merged.relativeError, series: span.series, instances: span.instances };
  problems.unshift(`merged from Prometheus (${facts.series} series of testid=${terminalText(redact(src.testid))}, runners ${span.instances.map((i) => terminalText(i)).join(', ') || '(untagged)'}): counters exact; trend percentiles from native histograms, each within ${(facts.relativeError * 100).toFixed(2)}% of the exact value`);
  const summary: MergedRun['summary'] = {
    // Label values are what any writer sent: this process's secrets are taken out before they are kept.
    metrics: redactValue(out),
    root_group: { name: '', path: '', id: '', groups: [], checks: [] },
    options: { summaryTrendStats: trendStats, summaryTimeUnit: '', noColor: false },
    state: { isStdOutTTY: false, isStdErrTTY: false, testRunDurationMs: durationMs },
    harness: {
      engine: 'calls-harness', interrupted: false, abortReason: null, interruptedIterations: 0, iterationErrors: [], timeline: [],
      runners: span.instances.map((i) => ({ dir: `prometheus instance_id=${i}`, segment: '', exitCode: 0, interrupted: false })), sequence: '',
    },
  };
  return { summary, exitCode: failed.length ? 99 : 0, problems, failed: redactValue(failed), scenario: src.scenario, engine: 'k6', shape: src.shape, target: redact(targetOf(floats)), embedded: false, prometheus: facts };
}

/**
 * A rate's series each hold their own ratio. Where k6 wrote a request count of the same labels
 * (http_req_failed beside http_reqs) the whole is their weighted mean, exact; otherwise it lies
 * between the lowest and highest of them, and is given as that range.
 */
function rateValues(m: MetricInfo, series: Last<number>[], reqs: Last<number>[]): SummaryMetric {
  const weights = series.map((s) => reqs.find((r) => sameMeasure(r.labels, s.labels))?.value);
  if (weights.every((w): w is number => w !== undefined)) {
    const total = weights.reduce((a, b) => a + b, 0);
    const passes = series.reduce((n, s, i) => n + Math.round(s.value * (weights[i] as number)), 0);
    return { type: 'rate', contains: m.contains, values: { rate: total ? passes / total : 0, passes, fails: total - passes } };
  }
  const ratios = series.map((s) => s.value).filter((v) => Number.isFinite(v));
  const low = Math.min(...ratios);
  const high = Math.max(...ratios);
  return { type: 'rate', contains: m.contains, values: { rate: (low + high) / 2, low, high } };
}

/** A threshold on the merged values; on a rate known only as a range, judged only when the whole range agrees. */
function judgeOne(t: ParsedThreshold, v: SummaryMetric | null, problems: string[]): boolean {
  if (!v) return false;
  const { low, high } = v.values;
  if (t.stat === 'rate' && low !== undefined && high !== undefined) {
    const atLow = passes(t, { rate: low });
    if (atLow === passes(t, { rate: high })) return atLow;
    problems.push(`${t.metricKey} ${t.source}: the whole test's rate lies between ${low} and ${high} (its series' own; k6 writes no count to weigh them by), which the limit splits: not judged, so not a pass`);
    return false;
  }
  return passes(t, v.values);
}

/** The base URL the runners loaded: the origin of the requests' url label, when one is there. */
function targetOf(floats: Last<number>[]): string {
  const origins = new Set(floats.map((f) => f.labels.url).filter((u): u is string => u !== undefined).flatMap((u) => {
    try {
      return [new URL(u).origin];
    } catch {
      return [];
    }
  }));
  return origins.size === 1 ? [...origins][0] as string : 'unknown';
}
