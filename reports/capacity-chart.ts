// The capacity search as one inline SVG (the page stays self-contained): each step's rate against
// its p95 and p99 (left axis, ms) and error rate (right axis), held steps green, broken red, steps
// the generator could not offer grey, and the highest rate held marked.
import type { CapacitySearch, CapacityStep } from './model.ts';

const W = 640;
const H = 300;
const PAD = { left: 56, right: 56, top: 16, bottom: 40 };

const COLOR = { held: '#1a7f37', broke: '#cf222e', unjudged: '#8c959f' };
const colorOf = (s: CapacityStep) => (s.held === true ? COLOR.held : s.held === false ? COLOR.broke : COLOR.unjudged);

/** Round numbers for an axis up to `max`. */
function ticks(max: number): number[] {
  const step = 10 ** Math.floor(Math.log10(max || 1));
  const unit = max / step > 5 ? step * 2 : max / step > 2 ? step : step / 2;
  return Array.from({ length: Math.floor(max / unit) + 1 }, (_, i) => Number((i * unit).toPrecision(6)));
}

export function capacityChartSvg(c: CapacitySearch): string {
  const steps = c.steps.filter((s) => s.p95 !== null || s.errorRate !== null);
  if (!steps.length) return '';
  const maxRate = Math.max(...steps.map((s) => s.rate)) * 1.08;
  const maxMs = Math.max(1, ...steps.map((s) => s.p99 ?? s.p95 ?? 0)) * 1.1;
  const maxErr = Math.max(0.01, ...steps.map((s) => s.errorRate ?? 0)) * 1.1;
  const x = (rate: number) => PAD.left + (rate / maxRate) * (W - PAD.left - PAD.right);
  const yMs = (ms: number) => H - PAD.bottom - (ms / maxMs) * (H - PAD.top - PAD.bottom);
  const yErr = (e: number) => H - PAD.bottom - (e / maxErr) * (H - PAD.top - PAD.bottom);
  const parts: string[] = [`<line x1="${PAD.left}" y1="${H - PAD.bottom}" x2="${W - PAD.right}" y2="${H - PAD.bottom}" stroke="#888"/>`];
  for (const t of ticks(maxRate)) parts.push(`<text x="${x(t)}" y="${H - PAD.bottom + 16}" text-anchor="middle" font-size="11">${t}</text>`);
  for (const t of ticks(maxMs)) parts.push(`<text x="${PAD.left - 6}" y="${yMs(t) + 4}" text-anchor="end" font-size="11">${t}</text><line x1="${PAD.left}" y1="${yMs(t)}" x2="${W - PAD.right}" y2="${yMs(t)}" stroke="#eee"/>`);
  for (const t of ticks(maxErr * 100)) parts.push(`<text x="${W - PAD.right + 6}" y="${yErr(t / 100) + 4}" font-size="11">${t}%</text>`);
  parts.push(`<text x="${(W + PAD.left - PAD.right) / 2}" y="${H - 6}" text-anchor="middle" font-size="12">offered rate (${c.unit})</text>`);
  parts.push(`<text x="14" y="${H / 2}" text-anchor="middle" font-size="12" transform="rotate(-90 14 ${H / 2})">latency (ms): ● p95 ▲ p99</text>`);
  parts.push(`<text x="${W - 8}" y="${H / 2}" text-anchor="middle" font-size="12" transform="rotate(90 ${W - 8} ${H / 2})">◆ error rate</text>`);
  if (c.highestRateHeld !== null) parts.push(`<line x1="${x(c.highestRateHeld)}" y1="${PAD.top}" x2="${x(c.highestRateHeld)}" y2="${H - PAD.bottom}" stroke="${COLOR.held}" stroke-dasharray="4 3"><title>highest rate held: ${c.highestRateHeld} ${c.unit}</title></line>`);
  for (const s of steps) parts.push(stepMarks(s, x(s.rate), yMs, yErr));
  return `<svg class="capacity-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="capacity steps: rate against latency and error rate">${parts.join('')}</svg>`;
}

/** A step's p95 (dot), p99 (triangle) and error rate (diamond), coloured by its verdict. */
function stepMarks(s: CapacityStep, cx: number, yMs: (ms: number) => number, yErr: (e: number) => number): string {
  const color = colorOf(s);
  const verdict = s.held === true ? 'held' : s.held === false ? 'broke' : 'not judged';
  const title = `<title>${s.phase} ${s.rate}/s: ${verdict} (p95 ${s.p95 ?? '-'} ms, p99 ${s.p99 ?? '-'} ms, errors ${s.errorRate === null ? '-' : `${(s.errorRate * 100).toFixed(2)}%`})</title>`;
  const marks: string[] = [];
  if (s.p95 !== null) marks.push(`<circle class="step-${verdict.replace(' ', '-')}" cx="${cx}" cy="${yMs(s.p95)}" r="4" fill="${color}">${title}</circle>`);
  if (s.p99 !== null) marks.push(`<path d="M${cx} ${yMs(s.p99) - 5} l5 9 h-10 z" fill="none" stroke="${color}">${title}</path>`);
  if (s.errorRate !== null) marks.push(`<path d="M${cx} ${yErr(s.errorRate) - 5} l5 5 l-5 5 l-5 -5 z" fill="${color}" opacity="0.5">${title}</path>`);
  return marks.join('');
}
