// The result as Markdown: the verdict first, then the tables. Fit for a pull request comment and
// for $GITHUB_STEP_SUMMARY. Everything from the target is escaped (core/untrusted-text.ts).
import { markdownCode, markdownText as esc, terminalText } from '../core/index.ts';
import { contractErrorLabel, reproduceRows } from './contract-reproduce.ts';
import { CAPACITY_STEP_HEADERS, capacityHeadline, capacitySloLine, capacityStepRows } from './capacity.ts';
import type { ContractSection, LoadSection, RunResult } from './model.ts';
import { engineLabel } from './engine-label.ts';
import { specDiffSection } from './diff/render-markdown.ts';
import { shapeLine } from './shape-summary.ts';
import { flowRows, FLOW_HEADERS, operationRows, OPERATION_HEADERS } from './table.ts';
import { missedText, observedText } from './threshold-text.ts';
import { sampleText } from './violation-text.ts';
import { securityLine } from './security-line.ts';

function table(headers: string[], rows: string[][]): string[] {
  return [`| ${headers.join(' | ')} |`, `|${headers.map((_, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|`, ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`)];
}

function metaLine(m: RunResult['meta']): string {
  const parts = [`Target ${markdownCode(m.target)}${m.embedded ? ' (embedded reference server)' : ''}`, `spec ${esc(m.specVersion)}`, `harness ${esc(m.harnessVersion)}${m.gitRevision ? ` (${esc(m.gitRevision)})` : ''}`];
  if (m.release) parts.push(`release ${esc(m.release)}`);
  parts.push(esc(m.startedAt));
  if (m.interrupted) parts.push('**interrupted**');
  return parts.join(' · ');
}

/** The heading, then why: the reasons of a failure, or what a partial pass left out. */
function verdictMarkdown(v: RunResult['verdict']): string[] {
  const why = v.passed && v.partial ? [v.partial] : v.reasons;
  return [`## ${v.passed ? `✅ Calls API: PASS${v.partial ? ' (partial)' : ''}` : '❌ Calls API: FAIL'}`, '', ...why.map((r) => `- ${esc(r)}`), ...(why.length ? [''] : [])];
}

export function renderMarkdown(result: RunResult): string {
  const out: string[] = [
    ...verdictMarkdown(result.verdict),
    metaLine(result.meta),
  ];
  if (result.capacity) out.push('', `**${esc(capacityHeadline(result.capacity))}**`, '', esc(capacitySloLine(result.capacity)), '', ...table(CAPACITY_STEP_HEADERS, capacityStepRows(result.capacity)));
  if (result.specDiff) out.push('', ...specDiffSection(result.specDiff, 3));
  if (result.contract) out.push(...contractMarkdown(result.contract));
  for (const l of result.load) {
    out.push('', `### Load: ${esc(l.scenario)} (${esc(l.profile)}, ${esc(engineLabel(l.engine, l.engineVersion))})`, '', `${l.iterations} iterations in ${l.durationS.toFixed(1)} s${l.droppedIterations ? `, ${l.droppedIterations} dropped` : ''}.`, ...(l.shape ? ['', `Shape: ${esc(shapeLine(l.shape))}.`] : []), '', ...table(OPERATION_HEADERS, operationRows(l)));
    if (l.flows.length) out.push('', ...table(FLOW_HEADERS, flowRows(l)));
    out.push(...thresholdsMarkdown(l));
    if (l.capacity) out.push('', `Capacity: highest rate held **${l.capacity.highestRateHeld ?? 'none'}/s**; ${l.capacity.firstBreak ? `first break at ${l.capacity.firstBreak.atRate}/s (${esc(l.capacity.firstBreak.what)})` : 'no break within the run'}.`);
  }
  return out.join('\n') + '\n';
}

/** Failed thresholds with their observed values and misses, then the checks that failed. */
function thresholdsMarkdown(l: LoadSection): string[] {
  const out: string[] = [];
  const failed = l.thresholds.filter((t) => !t.ok);
  // A stage that ended in an error judged nothing: "all 0 held" would read as a pass.
  if (l.error) out.push('', `**Could not run to a verdict** (${l.error.code}): nothing was judged.`);
  else if (failed.length) out.push('', `**Thresholds failed** (${failed.length} of ${l.thresholds.length}):`, '', ...table(['metric', 'threshold', 'observed', 'missed by'], failed.map((t) => [t.metric, t.expression, observedText(t) || (t.judged === false ? 'no samples: not judged' : 'not in the summary'), missedText(t)])));
  else out.push('', `All ${l.thresholds.length} thresholds held.`);
  if (l.violations?.length) out.push('', '**Checks failed:**', '', ...table(['check', 'failed', 'sample response'], l.violations.map((v) => [v.check, `${v.fails} of ${v.fails + v.passes}`, sampleText(v, 240)])));
  return out;
}

function contractMarkdown(c: ContractSection): string[] {
  const count = (o: string) => c.cases.filter((x) => x.outcome === o).length;
  const out = ['', '### Contract', '', `${count('passed')} passed, ${count('failed')} failed, ${count('errored')} errored, ${count('skipped')} skipped.`];
  if (c.error) out.push('', `${contractErrorLabel(c)}: ${markdownCode(c.error.code)} ${esc(c.error.message)}`);
  if (c.rateLimit?.answers) out.push('', `Rate limited: ${c.rateLimit.answers} answer(s) 429, ${c.rateLimit.retries} sent again after Retry-After, ${(c.rateLimit.waitedMs / 1000).toFixed(1)} s waited (not findings).`);
  const security = securityLine(c.findings);
  if (security) out.push('', `**${esc(security)}**`);
  if (c.findings.length) {
    out.push('', ...table(['operation', 'check', 'finding', 'expected', 'received'], c.findings.slice(0, 50).map((f) => [f.operationId, f.check, f.title, f.expected, f.received.slice(0, 120)])));
    if (c.findings.length > 50) out.push('', `… and ${c.findings.length - 50} more in result.json.`);
  }
  for (const f of c.findings.filter((x) => x.sequence?.length).slice(0, 5)) {
    out.push('', `Smallest failing sequence for ${f.operationId} (${f.check}):`, '', ...(f.sequence ?? []).map((s) => `${s.n}. ${esc(s.command)}: ${markdownCode(`${s.request.method} ${new URL(s.request.url).pathname}`)} answered ${esc(String(s.status ?? 'nothing'))}${s.broke ? ` **broke the model: ${esc(s.broke)}**` : ''}`));
  }
  const rows = reproduceRows(c);
  // A code block: nothing in it is Markdown, so only a fence could break out of it, and its fence
  // is longer than any run of backticks inside. The commands stay as they run (one line each).
  if (rows.length) {
    const lines = rows.map((r) => terminalText(r.command));
    const fence = '`'.repeat(Math.max(3, ...lines.flatMap((l) => (l.match(/`+/g) ?? []).map((run) => run.length + 1))));
    out.push('', `Reproduce each failed case alone (same seed; \`CALLS_API_TOKEN\` from the environment):`, '', `${fence}sh`, ...lines, fence);
  }
  return out;
}
