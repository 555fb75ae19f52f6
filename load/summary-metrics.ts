// Reading end-of-test summary data (either engine's, any k6 version): metrics and sub-metrics
// by tag, tolerant of fields it does not know.

export interface SummaryMetric {
  type?: string;
  /** `time` for durations in ms (k6's field). */
  contains?: string;
  values?: Record<string, number>;
  thresholds?: Record<string, { ok?: boolean }>;
}

export interface SummaryLike {
  metrics?: Record<string, SummaryMetric>;
  root_group?: unknown;
  state?: { testRunDurationMs?: number };
  harness?: { interrupted?: boolean; timeline?: unknown[]; iterationErrors?: { message: string; count: number }[] };
}

export interface MetricKey {
  metric: string;
  tags: Record<string, string>;
}

export function parseKey(key: string): MetricKey {
  const brace = key.indexOf('{');
  if (brace === -1) return { metric: key, tags: {} };
  const tags: Record<string, string> = {};
  for (const pair of key.slice(brace + 1, -1).split(',')) {
    const i = pair.indexOf(':');
    if (i > 0) tags[pair.slice(0, i)] = pair.slice(i + 1);
  }
  return { metric: key.slice(0, brace), tags };
}

/** Sub-metrics of `metric` whose tags are exactly `keys`, with their values. */
export function submetrics(summary: SummaryLike, metric: string, keys: string[]): { tags: Record<string, string>; values: Record<string, number> }[] {
  const out: { tags: Record<string, string>; values: Record<string, number> }[] = [];
  for (const [key, m] of Object.entries(summary.metrics ?? {})) {
    const parsed = parseKey(key);
    if (parsed.metric !== metric) continue;
    const names = Object.keys(parsed.tags).sort();
    if (names.join(',') === [...keys].sort().join(',')) out.push({ tags: parsed.tags, values: m.values ?? {} });
  }
  return out;
}

export function values(summary: SummaryLike, key: string): Record<string, number> {
  return summary.metrics?.[key]?.values ?? {};
}
