// Two nights of the documented nightly job (examples/github/nightly.yml), each a fresh runner: the
// history comes back from the Actions cache, the night is appended to it and compared with the
// night before, the dashboard holds both nights, the history goes back to the cache, and the
// results reach Prometheus. The step is the example's own, its `with:` and `env:` as written; only
// what points at a deployment (the target, the token, the Prometheus URL) is this machine's, and
// the load is shaped short and run on the built-in engine.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { PROJECT_ROOT } from '../../core/paths.ts';
import type { HistoryEntry } from '../../reports/history.ts';
import { repository, runJob, type JobRun, type Repository } from '../helpers/action-job.ts';
import { startPrometheus, type RunningPrometheus } from '../helpers/prometheus.ts';

interface WorkflowStep { uses?: string; with?: Record<string, string>; env?: Record<string, string> }
const workflow = parse(readFileSync(join(PROJECT_ROOT, 'examples', 'github', 'nightly.yml'), 'utf8')) as { jobs: Record<string, { steps: WorkflowStep[] }> };
const documented = Object.values(workflow.jobs).flatMap((j) => j.steps).find((s) => /\/calls-harness@/.test(s.uses ?? '')) as WorkflowStep;

/** What points at a deployment or a tool this machine does not have, and the run's length. */
const HERE: Record<string, string> = { target: '', agent: '', token: '', 'allow-remote': 'false', k6: 'false', 'node-version': '', profile: 'smoke' };
const SHORT = '--rate 40 --duration 3s --engine node';

const lines = (file: string) => readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as HistoryEntry);

describe('the nightly job of examples/github/nightly.yml, two nights', () => {
  let repo: Repository;
  let prom: RunningPrometheus;
  const nights: JobRun[] = [];
  beforeAll(async () => {
    repo = repository(mkdtempSync(join(tmpdir(), 'calls-harness-nightly-')));
    prom = await startPrometheus();
  });
  afterAll(async () => {
    await prom?.stop();
    rmSync(repo.root, { recursive: true, force: true });
  });

  const night = (n: number) => {
    const inputs = Object.fromEntries(Object.entries({ ...documented.with, ...HERE }).map(([k, v]) => [k, String(v)]));
    // The example's own flags (the Prometheus output) stay; the shape is this test's.
    inputs.args = `${documented.with?.args ?? ''} ${SHORT}`;
    const env = Object.fromEntries(Object.keys(documented.env ?? {}).map((k) => [k, k === 'K6_PROMETHEUS_RW_SERVER_URL' ? prom.writeUrl : '']));
    return runJob(repo, inputs, { runId: String(9000 + n), env });
  };

  it('the documented step keeps its history in the cache and compares each night', () => {
    expect(documented.with).toMatchObject({ 'history-cache': expect.any(String), compare: 'true' });
    expect(documented.with?.args).toContain('--k6-out experimental-prometheus-rw');
  });

  it('night 1: nothing to compare with yet, said as a notice, not a failure; the history saved', async () => {
    const job = await night(1);
    nights.push(job);
    expect(job.step('Restore the history')).toMatchObject({ ran: true, outputs: { 'cache-hit': 'false' } });
    expect(job.outputs, `${job.step('gate').stdout}\n${job.step('gate').stderr}`).toMatchObject({ verdict: 'pass', 'exit-code': '0', compare: 'nothing-comparable' });
    expect(job.failed).toBe(false);
    expect(job.annotations).toEqual([expect.objectContaining({ command: 'notice', properties: { title: 'calls-harness compare' } })]);
    expect(job.summary).toContain('### Compared with the history (nothing-comparable)');
    expect(repo.cache.keys()).toHaveLength(1);
    const saved = lines(join(repo.cache.entry(repo.cache.keys()[0] as string) as string, 'content'));
    expect(saved.map((e) => e.runId)).toEqual(lines(join(job.workspace, '.calls-harness', 'history.ndjson')).map((e) => e.runId));
  }, 150_000);

  it('night 2, on a fresh runner: the history restored, tonight judged against night 1, both nights on the dashboard, two nights saved', async () => {
    const job = await night(2);
    nights.push(job);
    const [first] = lines(join(repo.cache.entry(repo.cache.keys()[0] as string) as string, 'content'));
    expect(job.step('Restore the history').outputs).toMatchObject({ 'cache-hit': 'false', 'cache-matched-key': repo.cache.keys()[0] });
    expect(job.outputs, `${job.step('gate').stdout}\n${job.step('gate').stderr}`).toMatchObject({ verdict: 'pass', 'exit-code': '0' });
    const history = lines(join(job.workspace, '.calls-harness', 'history.ndjson'));
    expect(history.map((e) => e.runId)).toEqual([first?.runId, expect.any(String)]);
    // report compare ran against night 1: its run id is the baseline of each scenario compared.
    const compare = job.step('compare');
    expect(compare.stdout).toContain(`against run ${first?.runId}`);
    expect(['no-regression', 'regression']).toContain(job.outputs.compare);
    expect(job.summary).toContain(`against run ${first?.runId}`);
    expect(compare.stdout).toContain('Dashboard of 2 run(s)');
    const dashboard = readFileSync(join(job.artifacts.uploaded.get('calls-harness-gate-run') as string, 'dashboard.html'), 'utf8');
    for (const e of history) expect(dashboard).toContain(e.runId);
    // A regression (this machine's noise) fails the job; otherwise it passes, as the gate did.
    expect(job.failed).toBe(job.outputs.compare === 'regression');
    expect(repo.cache.keys()).toHaveLength(2);
    expect(lines(join(repo.cache.entry(repo.cache.keys()[1] as string) as string, 'content')).map((e) => e.runId)).toEqual(history.map((e) => e.runId));
  }, 150_000);

  it('each night\'s verdict reached Prometheus, for the Grafana dashboards', async () => {
    expect(nights).toHaveLength(2);
    const passed = await prom.query('last_over_time(calls_harness_run_passed[1h])');
    expect(passed.length).toBeGreaterThanOrEqual(1);
    expect(passed.every((s) => s.value === 1)).toBe(true);
    expect(passed.map((s) => s.metric.release)).toContain('c0ffee0000000000000000000000000000000000');
  });
});
