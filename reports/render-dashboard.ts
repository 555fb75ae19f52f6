// The nightly dashboard: every operation's p95, p99, error rate and throughput over the last N
// runs, with each run's target, engine and profile, releases and spec versions marked, the
// profile's SLO drawn, regressed points marked, and runs without requests left as gaps.
import { medianOf, targetOf, type ScenarioBaseline } from './baseline.ts';
import { engineLabel } from './engine-label.ts';
import { ComparableIndex } from './comparable-index.ts';
import { compare, DEFAULT_RULES } from './compare.ts';
import type { HistoryEntry } from './history.ts';
import { htmlText } from '../core/index.ts';
import { htmlTable, page } from './html/page.ts';

/** A profile's SLO, drawn as a line on the latency and error charts. */
export type ProfileSlos = Record<string, { p95Ms: number; errorRate: number }>;

/** One run on an operation's charts; null figures are gaps (no such operation, or no request). */
interface Point {
  label: string;
  runId: string;
  p95: number | null;
  p99: number | null;
  errorRate: number | null;
  ratePerS: number | null;
  sloP95: number | null;
  sloErrorRate: number | null;
  regressed: string[];
}

/** How many earlier comparable runs a run is judged against (their median). */
const WINDOW = 5;

export function renderDashboard(entries: HistoryEntry[], skipped: number, slos: ProfileSlos = {}): string {
  const keys = [...new Set(entries.flatMap((e) => e.load.flatMap((l) => l.operations.map((o) => `${l.scenario}/${o.operationId}`))))].sort();
  const flagged = regressionsByRun(entries);
  const operations = keys.map((key) => {
    const [scenario, operationId] = key.split('/') as [string, string];
    const points = entries.map((e, i) => point(e, entries[i - 1], scenario, operationId, slos, flagged.get(e.runId) ?? []));
    return { key, points };
  });
  const rows = entries.map((e) => [
    e.startedAt, e.release ?? '', targetOf(e), e.load.map((l) => `${l.scenario} (${l.profile}, ${engineLabel(l.engine, l.engineVersion)})`).join('; ') || 'contract only',
    e.specVersion, e.gitRevision ?? '', e.interrupted ? 'interrupted' : e.passed ? 'pass' : 'FAIL', (flagged.get(e.runId) ?? []).join(', '),
  ]);
  const bad = new Set(entries.map((e, i) => ((flagged.get(e.runId)?.length ?? 0) > 0 || !e.passed ? i : -1)).filter((i) => i >= 0));
  const body = [
    '<h1>Calls API: nightly trends</h1>',
    `<p class="meta">${entries.length} runs${skipped ? `; ${skipped} damaged history line(s) skipped` : ''}. A regression is a p95 over ${DEFAULT_RULES.p95Ratio}x, a p99 over ${DEFAULT_RULES.p99Ratio}x, an error rate ${DEFAULT_RULES.errorRateDelta * 100} points above, or a throughput below ${DEFAULT_RULES.throughputRatio}x the median of up to ${WINDOW} earlier runs of the same scenario, profile, target, engine and engine version (at least ${DEFAULT_RULES.minSamples} requests on both sides). Dashed lines are the profile's SLO; runs without requests are gaps.</p>`,
    '<h2>Runs</h2>',
    htmlTable(['started', 'release', 'target', 'scenarios (profile, engine)', 'spec', 'revision', 'verdict', 'regressions'], rows, bad),
    ...capacitySection(entries),
    '<h2>Operations</h2>',
    ...operations.map((op, i) => `<h3>${htmlText(op.key)}${op.points.some((p) => p.regressed.length) ? ' <span class="fail">regressed</span>' : ''}</h3><div class="charts"><div class="chart" id="trend-${i}"></div><div class="chart" id="errors-${i}"></div><div class="chart" id="rate-${i}"></div></div>`),
  ];
  return page('Calls API: nightly trends', body.join('\n'), { kind: 'dashboard', operations });
}

function point(e: HistoryEntry, previous: HistoryEntry | undefined, scenario: string, operationId: string, slos: ProfileSlos, regressions: string[]): Point {
  const key = `${scenario}/${operationId}`;
  const section = e.load.find((l) => l.scenario === scenario);
  const op = section?.operations.find((o) => o.operationId === operationId);
  const seen = op && op.requests > 0 ? op : null;
  const slo = section ? slos[section.profile] : undefined;
  const finite = (n: number | undefined) => (n !== undefined && Number.isFinite(n) ? n : null);
  return {
    label: label(e, previous), runId: e.runId,
    p95: seen?.p95 ?? null, p99: seen?.p99 ?? null, errorRate: seen?.errorRate ?? null, ratePerS: seen?.ratePerS ?? null,
    sloP95: finite(slo?.p95Ms), sloErrorRate: finite(slo?.errorRate),
    regressed: regressions.filter((r) => r.startsWith(`${key} `)).map((r) => r.slice(key.length + 1)),
  };
}

/** Each run's regressions as "scenario/operation figure", by the rules of `report compare`. */
export function regressionsByRun(entries: HistoryEntry[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  // Built once for the whole history: a scan per run made the dashboard quadratic.
  const index = new ComparableIndex(entries, WINDOW);
  for (const e of entries) {
    const baselines: ScenarioBaseline[] = e.load.flatMap((section) => {
      const like = index.before(e, section);
      return like.length ? [{ scenario: section.scenario, label: `median of ${like.length}`, runIds: like.map((l) => l.entry.runId), section: medianOf(like.map((l) => l.section)), notes: [] }] : [];
    });
    const found = compare(e, baselines).regressions;
    if (found.length) out.set(e.runId, found.map((r) => `${r.scenario}/${r.operationId} ${r.metric}`));
  }
  return out;
}

/** `calls-harness capacity` runs: each scenario's highest rate held, release by release. */
function capacitySection(entries: HistoryEntry[]): string[] {
  const rows = entries.flatMap((e) => e.load.flatMap((l) => (l.capacity ? [[e.startedAt, e.release ?? '', l.scenario, l.capacity.highestRateHeld === null ? 'none' : `${l.capacity.highestRateHeld} ${l.capacity.unit}`, l.capacity.limitedBy ?? 'interrupted', l.capacity.confirmed ? 'yes' : 'no']] : [])));
  return rows.length ? ['<h2>Capacity</h2>', htmlTable(['started', 'release', 'scenario', 'highest rate held', 'limited by', 'confirmed'], rows)] : [];
}

/** Axis labels: the release when there is one, with the run's date and time; a new spec version is marked. */
function label(e: HistoryEntry, previous?: HistoryEntry): string {
  const when = e.startedAt.slice(0, 16).replace('T', ' ');
  const base = e.release ? `${e.release} ${when}` : when;
  return previous && previous.specVersion !== e.specVersion ? `${base} spec ${e.specVersion}` : base;
}
