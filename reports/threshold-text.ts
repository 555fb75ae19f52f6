// A threshold's figures as text, one wording for every renderer: `p(95)=612.3ms` as k6 prints
// it, then by how much a failed one missed its limit.
import type { ThresholdVerdict } from './model.ts';

export function formatValue(value: number, unit: ThresholdVerdict['unit']): string {
  if (unit === 'ms') return `${Number.isInteger(value) ? value : value.toFixed(Math.abs(value) < 10 ? 2 : 1)}ms`;
  if (unit === 'rate') return `${parseFloat((value * 100).toFixed(2))}%`;
  return Number.isInteger(value) ? String(value) : value.toFixed(3);
}

/** Said of a threshold whose (sub-)metric got no sample. */
export const NOT_JUDGED = 'not judged: no samples (a tag no request carries, or nothing of that kind was sent)';

/** `p(95)=612.3ms`, or '' when the summary did not hold the value. */
export function observedText(t: ThresholdVerdict): string {
  return t.observed === undefined || t.stat === undefined ? '' : `${t.stat}=${formatValue(t.observed, t.unit)}`;
}

/** `112.3ms over the limit of 500ms (+22.5%)`, or '' for a threshold that held or lacks figures. */
export function missedText(t: ThresholdVerdict): string {
  if (t.ok || t.missedBy === undefined || t.limit === undefined || t.op === undefined) return '';
  const by = t.unit === 'rate' ? `${parseFloat((t.missedBy * 100).toFixed(2))} points` : formatValue(t.missedBy, t.unit);
  const side = t.op.startsWith('<') ? 'over' : t.op.startsWith('>') ? 'under' : 'off';
  const relative = t.limit !== 0 && t.unit !== 'rate' ? ` (${side === 'under' ? '-' : '+'}${((t.missedBy / Math.abs(t.limit)) * 100).toFixed(1)}%)` : '';
  return `${by} ${side} the limit of ${formatValue(t.limit, t.unit)}${relative}`;
}

/** `http_req_duration{name:getCall} p(95)<500: p(95)=612.3ms, 112.3ms over the limit of 500ms (+22.5%)` */
export function thresholdLine(t: ThresholdVerdict): string {
  if (t.judged === false) return `${t.metric} ${t.expression}: ${NOT_JUDGED}`;
  const figures = [observedText(t), missedText(t)].filter(Boolean).join(', ');
  return `${t.metric} ${t.expression}${figures ? `: ${figures}` : ''}`;
}
