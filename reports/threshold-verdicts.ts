// Thresholds from end-of-test summary data, each with what it judged: the observed value of its
// statistic, the limit, and by how much it missed (k6 prints `p(95)=612.3ms` beside the expression).
import { parseThresholds, type SummaryLike, type SummaryMetric, ThresholdError } from '../load/index.ts';
import { thresholdSamples } from '../core/index.ts';
import type { ThresholdVerdict } from './model.ts';

export function thresholdVerdicts(summary: SummaryLike): ThresholdVerdict[] {
  return Object.entries(summary.metrics ?? {}).flatMap(([metric, m]) => Object.entries(m.thresholds ?? {}).map(([expression, v]) => verdict(metric, m, expression, v.ok === true)));
}

function verdict(metric: string, m: SummaryMetric, expression: string, ok: boolean): ThresholdVerdict {
  const base: ThresholdVerdict = { metric, expression, ok };
  // No sample behind it: neither held nor broken, whatever the engine said (k6 says held, with
  // `p(95)=0s`), and never a pass. Its figures are the empty metric's zeros: left out.
  const judged = thresholdSamples(m) !== 0;
  let parsed;
  try {
    parsed = parseThresholds({ [metric]: [expression] }, () => 0)[0];
  } catch (err) {
    // An expression this harness cannot read still has its verdict, without the figures.
    if (err instanceof ThresholdError) return judged ? base : notJudged(base);
    throw err;
  }
  if (!parsed) return judged ? base : notJudged(base);
  const unit: ThresholdVerdict['unit'] = parsed.stat === 'rate' ? 'rate' : m.contains === 'time' ? 'ms' : 'count';
  const observed = m.values?.[parsed.stat];
  const out: ThresholdVerdict = { ...base, stat: parsed.stat, op: parsed.op, limit: parsed.value, unit };
  // k6 takes `avg<Inf` and `avg<NaN`; JSON has no such number, so that limit is told by the expression only.
  if (!Number.isFinite(parsed.value)) delete out.limit;
  if (!judged) return notJudged(out);
  if (observed === undefined || !Number.isFinite(observed) || out.limit === undefined) return out;
  out.observed = observed;
  if (!ok) out.missedBy = missedBy(parsed.op, observed, parsed.value);
  return out;
}

function notJudged(v: ThresholdVerdict): ThresholdVerdict {
  return { ...v, ok: false, judged: false };
}

/** How far past the limit the observed value is, in the metric's unit (0 when it sits on it). */
function missedBy(op: string, observed: number, limit: number): number {
  if (op === '<' || op === '<=') return Math.max(0, observed - limit);
  if (op === '>' || op === '>=') return Math.max(0, limit - observed);
  return Math.abs(observed - limit);
}
