// `load --runners N`: N runner processes on this machine, each running its execution segment of
// the test (1/N each, k6's striping), all against one target, then `report merge` of their
// folders into the run folder. How a machine's cores all generate load, and how the merge is
// tested here.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { claimRunFolder } from '../reports/claim-run-folder.ts';
import { start, type RunningServer } from '../server/index.ts';
import { PROJECT_ROOT } from '../spec/paths.ts';
import { HarnessError } from './errors.ts';
import { mergeRun } from './merge-run.ts';
import { EXIT_INTERRUPTED, handleStopSignals } from './stop-signals.ts';

export interface RunnersOptions {
  runners: number;
  scenario: string;
  /** The user's `load` arguments, passed on to each runner (less what the runners get their own of). */
  args: string[];
  target?: string;
  reportDir?: string;
  history: string;
  quiet?: boolean;
}

/** Options every runner gets its own value of; the user's are dropped from what is passed on. */
const OWN = new Set(['--runners', '--report-dir', '--history', '--quiet', '--execution-segment', '--execution-segment-sequence']);

/** The sequence 0,1/N,2/N,...,1 and its N segments. */
export function evenSegments(n: number): { sequence: string; segments: string[] } {
  const point = (i: number) => (i === 0 ? '0' : i === n ? '1' : `${i}/${n}`);
  return { sequence: Array.from({ length: n + 1 }, (_, i) => point(i)).join(','), segments: Array.from({ length: n }, (_, i) => `${point(i)}:${point(i + 1)}`) };
}

export function withoutOwnOptions(args: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const name = arg.split('=')[0] as string;
    if (!OWN.has(name)) out.push(arg);
    else if (!arg.includes('=') && name !== '--quiet') i++;
  }
  return out;
}

export async function loadRunners(o: RunnersOptions): Promise<number> {
  if (!Number.isInteger(o.runners) || o.runners < 1) throw new HarnessError('E_USAGE', `--runners takes a whole number of runner processes from 1 up, got ${o.runners}.`);
  if (o.args.some((a) => /^--execution-segment/.test(a))) throw new HarnessError('E_USAGE', '--runners gives each runner its own --execution-segment: leave --execution-segment and --execution-segment-sequence out, or run one runner per segment yourself and `calls-harness report merge` their folders.');
  const out = claimRunFolder(resolve(o.reportDir ?? join(PROJECT_ROOT, 'reports', 'out', `${new Date().toISOString().replace(/[:.]/g, '-')}-${o.scenario}-${o.runners}-runners`)));
  const runnersDir = join(out, 'runners');
  mkdirSync(runnersDir);
  const stop = handleStopSignals(EXIT_INTERRUPTED);
  // One embedded server for every runner, so that they load one target as k6 runners would.
  const server: RunningServer | null = o.target ? null : await start({ port: 0, transferStepMs: 50 });
  const { sequence, segments } = evenSegments(o.runners);
  const dirs = segments.map((_, i) => join(runnersDir, String(i + 1)));
  try {
    const targetArgs = server ? ['--target', server.url, '--agent', server.agentIds[0] as string] : [];
    const env = server ? { ...process.env, CALLS_API_TOKEN: server.apiKeys[0] as string } : process.env;
    const children = segments.map((segment, i) => spawn(process.execPath, [process.argv[1] as string, 'load', ...withoutOwnOptions(o.args), ...targetArgs,
      '--execution-segment', segment, '--execution-segment-sequence', sequence, '--report-dir', dirs[i] as string, '--history', join(runnersDir, 'history.ndjson'), '--quiet'], { env, stdio: ['ignore', 'ignore', 'inherit'] }));
    // A stop reaches every runner, which writes its folder marked interrupted; the merge says so.
    const onStop = () => children.forEach((c) => c.kill('SIGINT'));
    stop.signal.addEventListener('abort', onStop, { once: true });
    const codes = await Promise.all(children.map(exited));
    stop.signal.removeEventListener('abort', onStop);
    // A runner that refused its input (exit 2) has said why; there is nothing to merge.
    if (codes.includes(2)) return stop.settle(2);
  } finally {
    await server?.close();
  }
  return stop.settle(await mergeRun(dirs, { reportDir: out, claimed: true, embedded: server !== null, history: o.history, quiet: o.quiet }));
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once('close', (code) => resolve(code)));
}
