// `calls-harness load`: a scenario with a profile, on real k6 when installed, else the built-in
// engine. Exit 0 when thresholds hold, 99 when one fails (as k6 does), 2 on a usage error.
import { Command, Option } from 'commander';
import { displayTarget } from '../../contract/target.ts';
import { runLoad } from '../../load/run-load.ts';
import { loadSectionOfRun } from '../../reports/load-section-of-run.ts';
import { renderConsole } from '../../reports/render-console.ts';
import { loadSchemaRegistry } from '../../spec/schema-registry.ts';
import { DEFAULT_HISTORY, finishRun } from '../finish-run.ts';
import { profileSlo } from '../../load/profile-files.ts';
import { HarnessError } from '../errors.ts';
import { collect } from '../parse-values.ts';
import { progressPrinter } from '../progress.ts';

interface LoadFlags {
  scenario: string; profile: string; target?: string; agent?: string; callId?: string[]; engine?: 'k6' | 'node';
  k6Out?: string[]; reportDir?: string; threshold?: string[]; allowRemote?: boolean; quiet?: boolean; history?: string;
}

export function loadCommand(): Command {
  return new Command('load')
    .description('Run a k6 scenario against the target (the embedded reference server when none is given).')
    .requiredOption('--scenario <name>', 'scenario: a file in scenarios/ (transfer-flows, transfer-races, read-mix, blind-transfer)')
    .option('--profile <name>', 'profile: a file in load/profiles/ (smoke, nightly, capacity, soak)', 'smoke')
    .option('--target <url>', 'base URL of the Calls API (env CALLS_API_BASE_URL); token from CALLS_API_TOKEN')
    .option('--agent <id>', 'agent whose live calls to use (env CALLS_API_AGENT_ID)')
    .option('--call-id <id>', 'a call id to use instead of the agent call list (repeatable)', collect)
    .addOption(new Option('--engine <engine>', 'k6 (real k6 on PATH) or node (the built-in engine); default: k6 when installed').choices(['k6', 'node']))
    .option('--k6-out <output>', "passed to k6's --out, e.g. json=run.json or experimental-prometheus-rw (repeatable)", collect)
    .option('--report-dir <dir>', 'run folder for summary.json (default: a new folder under reports/out/)')
    .option('--threshold <metric=expression>', 'override a threshold, e.g. "http_req_duration{name:getCall}=p(95)<300" (repeatable)', collect)
    .option('--allow-remote', 'allow a target that is not loopback')
    .option('--history <file>', 'history file to append to (default: reports/out/history.ndjson)')
    .option('--quiet', 'no progress lines')
    .action(async (flags: LoadFlags) => {
      const controller = new AbortController();
      const onSigint = () => controller.abort();
      process.once('SIGINT', onSigint);
      const progress = flags.quiet ? undefined : progressPrinter(process.stderr);
      const startedAt = new Date().toISOString();
      try {
        const target = flags.target ?? process.env.CALLS_API_BASE_URL;
        const result = await runLoad({
          scenario: flags.scenario, profile: flags.profile, engine: flags.engine, k6Outputs: flags.k6Out, reportDir: flags.reportDir,
          thresholds: parseThresholdFlags(flags.threshold ?? []), allowRemote: flags.allowRemote, signal: controller.signal,
          ...(target ? { target, token: process.env.CALLS_API_TOKEN } : {}),
          agentId: flags.agent ?? process.env.CALLS_API_AGENT_ID, callIds: flags.callId, onProgress: progress?.update,
        });
        progress?.done();
        if (result.summaryText) process.stdout.write(result.summaryText);
        for (const p of result.problems) console.error(`calls-harness: ${p}`);
        const section = await loadSectionOfRun(result, flags.scenario, flags.profile, profileSlo(flags.profile));
        const info = { target: displayTarget(result.target), embedded: !target, specVersion: loadSchemaRegistry().catalog.specVersion, release: process.env.CALLS_HARNESS_RELEASE ?? null, startedAt, interrupted: controller.signal.aborted };
        const { result: run } = finishRun(result.reportDir, info, null, [section], flags.history ?? DEFAULT_HISTORY);
        if (!flags.quiet) console.log(renderConsole(run, process.stdout.isTTY === true));
        console.log(`${result.engine === 'k6' ? 'k6' : 'built-in engine'}: exit ${result.exitCode}; reports in ${result.reportDir}`);
        process.exitCode = result.exitCode;
      } finally {
        process.off('SIGINT', onSigint);
      }
    });
}

/** "metric=expression" pairs, grouped by metric. */
function parseThresholdFlags(pairs: string[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const pair of pairs) {
    // Metric names and tags hold no "=", so the first one ends the metric ("rate==0" keeps its own).
    const i = pair.indexOf('=');
    if (i < 1) throw new HarnessError('E_BAD_THRESHOLD', `--threshold "${pair}" is not METRIC=EXPRESSION, e.g. "http_req_duration{name:getCall}=p(95)<300".`);
    (out[pair.slice(0, i)] ??= []).push(pair.slice(i + 1));
  }
  return out;
}
