// `calls-harness report`: compare a run with a baseline, draw the nightly dashboard, or render a
// run folder from summary data of a k6 run made by hand.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import { loadSection } from '../../reports/build-load-section.ts';
import { compare, CompareError, pickBaseline } from '../../reports/compare.ts';
import { readHistory, type HistoryRead } from '../../reports/history.ts';
import { renderDashboard } from '../../reports/render-dashboard.ts';
import { loadSchemaRegistry } from '../../spec/schema-registry.ts';
import { HarnessError } from '../errors.ts';
import { DEFAULT_HISTORY, finishRun } from '../finish-run.ts';
import { profileSlo } from '../../load/profile-files.ts';
import { wholeNumber } from '../parse-values.ts';
import { writeOutput } from '../write-output.ts';

export function reportCommand(): Command {
  const report = new Command('report').description('Compare runs, draw the nightly dashboard, render reports.');
  report
    .command('compare')
    .description('Flag regressions per operation (p95 or p99 up, error rate up, throughput down) against a baseline; exit 1 on a regression.')
    .option('--baseline <run>', 'a run id from the history, "last", or "median-of-N"', 'last')
    .option('--run <id>', 'the run to judge (default: the newest in the history)')
    .option('--history <file>', 'the history file', DEFAULT_HISTORY)
    .action((flags: { baseline: string; run?: string; history: string }) => {
      const history = readChecked(flags.history);
      const current = flags.run ? history.entries.find((e) => e.runId === flags.run) : history.entries[history.entries.length - 1];
      if (!current) throw new HarnessError('E_NO_RESULT', flags.run ? `The history ${flags.history} has no run "${flags.run}".` : `The history ${flags.history} holds no run yet. Run \`calls-harness run\` (or load) first.`);
      try {
        const baseline = pickBaseline(flags.baseline, history.entries, current);
        const result = compare(current, baseline.load);
        console.log(`Run ${current.runId} (${current.startedAt}) against ${baseline.label}: ${result.compared} operation(s) compared.`);
        for (const i of result.insufficient) console.log(`  skipped ${i.scenario}/${i.operationId}: too few samples (${i.current} now, ${i.baseline} before)`);
        for (const r of result.regressions) console.log(`  REGRESSION ${r.scenario}/${r.operationId} ${r.metric}: ${fmt(r.metric, r.baseline)} -> ${fmt(r.metric, r.current)}`);
        console.log(result.regressions.length ? `${result.regressions.length} regression(s).` : 'No regression.');
        process.exitCode = result.regressions.length ? 1 : 0;
      } catch (err) {
        if (err instanceof CompareError) throw new HarnessError(err.code, err.message);
        throw err;
      }
    });
  report
    .command('dashboard')
    .description('Write one HTML page with every operation\'s p95, p99 and error rate over the last N runs.')
    .option('--history <file>', 'the history file', DEFAULT_HISTORY)
    .option('--last <n>', 'how many runs (default: 30)', wholeNumber('--last'), 30)
    .option('--out <file>', 'where to write the page', 'reports/out/dashboard.html')
    .action((flags: { history: string; last: number; out: string }) => {
      const history = readChecked(flags.history);
      if (!history.entries.length) throw new HarnessError('E_NO_RESULT', `The history ${flags.history} holds no run yet. Run \`calls-harness run\` first.`);
      writeOutput(flags.out, renderDashboard(history.entries.slice(-flags.last), history.skipped.length), 'dashboard');
      console.log(`Dashboard of ${Math.min(flags.last, history.entries.length)} run(s) written to ${resolve(flags.out)}.`);
    });
  report
    .command('render')
    .description('Render a run folder (result.json, junit.xml, summary.md, report.html) from the summary data of a k6 run made by hand.')
    .requiredOption('--summary <file>', 'summary.json written by the scenario\'s handleSummary')
    .requiredOption('--scenario <name>', 'the scenario it ran')
    .option('--profile <name>', 'the profile it ran', 'smoke')
    .addOption(new Option('--engine <engine>', 'which engine ran it').choices(['k6', 'node']).default('k6'))
    .option('--target <url>', 'the target it ran against', 'unknown')
    .option('--out <dir>', 'the run folder to write', 'reports/out/rendered')
    .option('--history <file>', 'also append the run to this history file')
    .action((flags: { summary: string; scenario: string; profile: string; engine: 'k6' | 'node'; target: string; out: string; history?: string }) => {
      let summary: object;
      try {
        summary = JSON.parse(readFileSync(flags.summary, 'utf8')) as object;
      } catch (err) {
        throw new HarnessError('E_NO_RESULT', `Cannot read summary data from ${flags.summary} (${(err as Error).message}). Give the summary.json a scenario's handleSummary wrote.`);
      }
      const section = loadSection(summary, { scenario: flags.scenario, profile: flags.profile, engine: flags.engine, exitCode: 0, problems: [], slo: profileSlo(flags.profile) });
      const failed = section.thresholds.some((t) => !t.ok);
      section.exitCode = failed ? 99 : 0;
      const info = { target: flags.target, embedded: false, specVersion: loadSchemaRegistry().catalog.specVersion, release: null, startedAt: new Date().toISOString(), interrupted: section.interrupted };
      const { files } = finishRun(resolve(flags.out), info, null, [section], flags.history ?? null);
      console.log(`Rendered ${Object.values(files).join(', ')}`);
    });
  return report;
}

function readChecked(file: string): HistoryRead {
  const history = readHistory(file);
  for (const s of history.skipped) console.error(`calls-harness: warning: ${file} line ${s.line} is damaged and was skipped (${s.reason})`);
  return history;
}

function fmt(metric: string, v: number): string {
  return metric === 'errorRate' ? `${(v * 100).toFixed(2)}%` : metric === 'throughput' ? `${v.toFixed(1)}/s` : `${v.toFixed(1)} ms`;
}

