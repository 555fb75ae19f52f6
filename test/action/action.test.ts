// calls-harness's GitHub Action (action.yml), held to the action metadata rules, then run as the
// runner runs a composite action: each `run:` step in bash with its GITHUB_OUTPUT, GITHUB_ENV and
// GITHUB_STEP_SUMMARY files, the `uses:` steps' inputs checked and their actions emulated. What a
// team sees is checked: the job summary, the outputs, the annotations, the artifact, the JUnit
// check and the verdict the job ends with.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { DEFAULT_OPENAPI, PROJECT_ROOT } from '../../core/paths.ts';
import type { RunResult } from '../../reports/model.ts';
import { start, type RunningServer } from '../../server/index.ts';
import { condition, evaluate } from '../helpers/action-expressions.ts';
import { KNOWN_ACTIONS } from '../helpers/action-emulations.ts';
import { repository, runJob, type JobRun, type Repository } from '../helpers/action-job.ts';
import { actionProblems } from '../helpers/action-metadata.ts';
import { workflowCommands } from '../helpers/workflow-commands.ts';
import type { ActionMetadata } from '../helpers/action-runner.ts';

const ACTION = join(PROJECT_ROOT, 'action.yml');
const meta = () => parse(readFileSync(ACTION, 'utf8')) as ActionMetadata & { runs: { steps: Record<string, unknown>[] } };
const SECRET = 'sk_live_ACTIONsecret0123456789abcdef';

describe('action.yml', () => {
  it('keeps the action metadata rules: inputs, outputs and steps', () => {
    expect(actionProblems(meta(), KNOWN_ACTIONS)).toEqual([]);
    const m = meta();
    expect(m.runs.using).toBe('composite');
    expect(Object.keys(m.inputs ?? {})).toEqual(expect.arrayContaining(['command', 'target', 'agent', 'profile', 'release', 'history', 'history-cache', 'k6', 'token']));
    expect(Object.keys(m.outputs ?? {})).toEqual(expect.arrayContaining(['verdict', 'exit-code', 'report-dir', 'summary', 'junit', 'compare']));
  });

  it('the checker refuses what the runner would: no shell, an unknown input or step, a with the action lacks, a number as default', () => {
    const m = meta();
    const gate = m.runs.steps.find((s) => s.id === 'gate') as Record<string, unknown>;
    delete gate.shell;
    (gate.env as Record<string, string>).EXTRA = '${{ inputs.no-such-input }}';
    const upload = m.runs.steps.find((s) => String(s.uses).startsWith('actions/upload-artifact')) as { with: Record<string, string> };
    upload.with.retention = '3';
    (m.outputs as Record<string, { description: string; value: string }>).verdict = { description: 'x', value: '${{ steps.nope.outputs.verdict }}' };
    (m.outputs as Record<string, { description: string; value: string }>).summary = { description: 'x', value: '${{ steps.gate.outputs.sumary }}' };
    (m.inputs as Record<string, { description: string; default?: unknown }>).k6 = { description: 'k6', default: 1 };
    m.runs.steps.push({ name: 'twice', id: 'gate', uses: 'not-an-action' });
    const problems = actionProblems(parse(stringify(m)), KNOWN_ACTIONS);
    for (const expected of [/needs shell/, /inputs\.no-such-input is not a declared input/, /upload-artifact has no input retention/, /steps\.nope is not an earlier step/, /step gate never writes the output sumary/, /input k6: its default must be a string/, /id gate is used twice/, /uses not-an-action is not owner\/repo/]) {
      expect(problems.some((p) => expected.test(p)), `${expected} in ${problems.join('\n')}`).toBe(true);
    }
  });

  it('reads expressions as the runner does (what the action\'s conditions rely on)', () => {
    const ctx = { inputs: { k6: 'TRUE', empty: '' }, steps: { gate: { outputs: { history: '' } } }, github: {}, runner: {}, env: {} };
    expect(evaluate("inputs.k6 == 'true'", ctx).value).toBe(true);
    // A step that did not run has no outputs: null, which equals '' as the runner compares.
    expect(evaluate("steps.install.outputs.bin != ''", ctx).value).toBe(false);
    expect(evaluate("steps.gate.outputs.history != '' || inputs.empty", ctx).value).toBe('');
    expect(condition("inputs.k6 == 'true'", ctx, { failed: true })).toBe(false);
    expect(condition("always() && inputs.k6 == 'true'", ctx, { failed: true })).toBe(true);
    expect(() => evaluate("contains(inputs.k6, 'x')", ctx)).toThrow(/not supported|only functions/);
  });

  it('reads workflow commands as the runner does: none between ::stop-commands::TOKEN and ::TOKEN::', () => {
    const output = ['::stop-commands::t0k', '  ::set-output name=verdict::pass', '::error title=forged::x', '::t0k::', '::error title=real::y'].join('\n');
    expect(workflowCommands(output).map((c) => `${c.command} ${c.properties.title ?? c.message}`)).toEqual(['stop-commands t0k', 'error real']);
  });
});

describe('the action in a job', () => {
  let repo: Repository;
  let broken: RunningServer;
  const dir = mkdtempSync(join(tmpdir(), 'calls-harness-action-'));
  beforeAll(async () => {
    repo = repository(dir);
    broken = await start({ port: 0, apiKeys: [SECRET], transferStepMs: 10, mutations: ['wrong-type:getCall', 'auth-ignored:listCallEvents'] });
  });
  afterAll(async () => {
    await broken.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Every text a job leaves: each step's output, the summary, the outputs, the artifact's files. */
  const everything = (job: JobRun) => [
    ...job.steps.flatMap((s) => [s.stdout, s.stderr, JSON.stringify(s.outputs)]), job.summary, JSON.stringify(job.outputs),
    ...[...job.artifacts.uploaded.values()].flatMap((d) => readdirSync(d, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => readFileSync(join(e.parentPath, e.name), 'utf8'))),
  ].join('\n');

  it('run (the default command) on the embedded server: installed from its own copy, PASS in the summary, outputs, artifact, JUnit, exit 0', async () => {
    const job = await runJob(repo, {});
    expect(job.step('install').outcome, job.step('install').stderr).toBe('success');
    expect(job.step('gate').outcome, job.step('gate').stderr).toBe('success');
    expect(job.outputs, job.step('gate').stdout).toMatchObject({ verdict: 'pass', 'exit-code': '0', 'error-count': '0' });
    expect(job.failed).toBe(false);
    expect(job.step('Verdict')).toMatchObject({ outcome: 'success', exitCode: 0 });
    // The run folder, and summary.md as the job summary.
    const result = JSON.parse(readFileSync(join(job.outputs['report-dir'] as string, 'result.json'), 'utf8')) as RunResult;
    expect(result.verdict.passed).toBe(true);
    expect(result.meta.release).toBe('c0ffee0000000000000000000000000000000000');
    expect(job.outputs.summary).toBe(join(job.outputs['report-dir'] as string, 'summary.md'));
    expect(job.summary).toBe(readFileSync(job.outputs.summary as string, 'utf8'));
    expect(job.summary).toMatch(/PASS/);
    // Uploaded under the job's and the command's name, published as a check.
    expect([...job.artifacts.uploaded.keys()]).toEqual(['calls-harness-gate-run']);
    expect(existsSync(join(job.artifacts.uploaded.get('calls-harness-gate-run') as string, 'result.json'))).toBe(true);
    expect(job.junit.published).toEqual([expect.objectContaining({ checkName: 'calls-harness run', failures: 0 })]);
    expect(job.junit.published[0]?.tests).toBeGreaterThan(10);
    // The history, in the workspace; no cache asked for, none touched; k6 not asked for, not installed.
    expect(job.outputs.history).toBe('.calls-harness/history.ndjson');
    expect(readFileSync(join(job.workspace, '.calls-harness', 'history.ndjson'), 'utf8').trim().split('\n')).toHaveLength(1);
    for (const skipped of ['Install k6', 'Restore the history', 'Save the history', 'Compare with the history']) expect(job.step(skipped).ran, skipped).toBe(false);
    expect(job.annotations).toEqual([]);
  }, 150_000);

  it('contract on a target with findings: an annotation per finding, FAIL in the summary, the job red with exit 1, the token nowhere', async () => {
    const job = await runJob(repo, { command: 'contract', target: broken.url, agent: broken.agentIds[0] as string, token: SECRET, 'node-version': '' });
    expect(job.outputs, job.step('gate').stdout).toMatchObject({ verdict: 'fail', 'exit-code': '1' });
    expect(job.failed).toBe(true);
    expect(job.step('Verdict')).toMatchObject({ outcome: 'failure', exitCode: 1 });
    expect(job.step('Set up Node.js').ran).toBe(false);
    const errors = job.annotations.filter((a) => a.command === 'error');
    expect(errors.length).toBeGreaterThanOrEqual(2);
    expect(job.outputs['error-count']).toBe(String(errors.length));
    expect(errors[0]?.properties.title).toBe('unauthorized_is_rejected (listCallEvents)');
    expect(errors.map((a) => a.properties.title)).toContain('response_schema_conformance (getCall)');
    // What the command printed was inert; the runner read only the annotations given back after it.
    const gate = job.step('gate').commands;
    expect(gate[0]?.command).toBe('stop-commands');
    expect(gate.slice(1).map((c) => c.command)).toEqual(job.annotations.map((a) => a.command));
    expect(gate).toHaveLength(1 + Number(job.outputs['error-count']) + Number(job.outputs['warning-count']) + Number(job.outputs['notice-count']));
    expect(job.summary).toMatch(/FAIL/);
    expect(job.junit.published[0]?.failures).toBeGreaterThan(0);
    // The contract appends no history: nothing to compare, no history output.
    expect(job.outputs.history).toBe('');
    expect(everything(job)).not.toContain(SECRET);
  }, 120_000);

  it('schemas diff of a pull request\'s document: annotations on its lines, the Markdown for the comment as the summary, exit 1 on a breaking change', async () => {
    const doc = JSON.parse(readFileSync(DEFAULT_OPENAPI, 'utf8')) as { paths: Record<string, unknown> };
    const fixed = await runJob(repo, { command: 'schemas diff', from: 'base.yaml', to: 'openapi.yaml', 'node-version': '' }, {
      prepare: (workspace) => {
        writeFileSync(join(workspace, 'openapi.yaml'), stringify({ ...doc, paths: Object.fromEntries(Object.entries(doc.paths).filter(([p]) => p !== '/v1/calls/{id}/recording')) }));
        // What the workflow's `git show origin/main:openapi.yaml` would have written.
        writeFileSync(join(workspace, 'base.yaml'), stringify(doc));
      },
    });
    expect(fixed.outputs, fixed.step('gate').stdout + fixed.step('gate').stderr).toMatchObject({ verdict: 'fail', 'exit-code': '1', 'error-count': '1' });
    const removed = fixed.annotations.find((a) => a.properties.title === 'api-removed-without-deprecation');
    expect(removed).toMatchObject({ command: 'error', properties: { file: 'openapi.yaml' } });
    expect(fixed.summary.split('\n')[0]).toBe('## ❌ API document: BREAKING');
    expect(readFileSync(fixed.outputs.summary as string, 'utf8')).toBe(fixed.summary);
    expect([...fixed.artifacts.uploaded.keys()]).toEqual(['calls-harness-gate-schemas-diff']);
    expect(fixed.junit.published[0]).toMatchObject({ checkName: 'calls-harness schemas diff', failures: 1 });
    expect(fixed.step('Verdict').exitCode).toBe(1);
  }, 120_000);

  it('inputs are data, never shell: quotes, $(…) and backticks reach the harness as they are; an unknown command is an error', async () => {
    const job = await runJob(repo, { command: 'contract', target: 'http://127.0.0.1:9/$(touch owned1)`touch owned2`', agent: "a'; touch owned3 #", release: '"; touch owned4; "', 'node-version': '', upload: 'false', junit: 'false' });
    expect(job.outputs, job.step('gate').stdout + job.step('gate').stderr).toMatchObject({ verdict: 'error', 'exit-code': '2' });
    expect(job.step('Verdict').exitCode).toBe(2);
    for (const folder of [job.workspace, job.temp, repo.actionPath]) expect(readdirSync(folder).filter((f) => f.startsWith('owned'))).toEqual([]);
    const unknown = await runJob(repo, { command: 'destroy', 'node-version': '', upload: 'false' });
    expect(unknown.outputs).toMatchObject({ verdict: 'error', 'exit-code': '2' });
    expect(unknown.annotations[0]).toMatchObject({ command: 'error', properties: { title: 'calls-harness' } });
    expect(unknown.failed).toBe(true);
  }, 120_000);
});
