// Runs a composite action (action.yml) the way GitHub's runner does, on this machine: inputs with
// their defaults, `if:` and `${{ }}` evaluated, each `run:` step a bash process with its own
// GITHUB_OUTPUT, GITHUB_ENV, GITHUB_PATH and GITHUB_STEP_SUMMARY files (outputs read back into the
// steps context, env passed on to later steps, summaries joined into the job's), workflow commands
// read from its output, and the action's outputs evaluated last. A `uses:` step is another action:
// its `with:` is checked against that action's inputs and handed to an emulation the test gives
// (the cache, the artifact store), since those actions run on GitHub's side.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { asText, condition, interpolate, type Contexts, type Value } from './action-expressions.ts';
import { cleanEnv } from './npm.ts';
import { workflowCommands, type WorkflowCommand } from './workflow-commands.ts';

export interface ActionStep {
  name?: string;
  id?: string;
  if?: string | boolean;
  run?: string;
  shell?: string;
  uses?: string;
  with?: Record<string, string | number | boolean>;
  env?: Record<string, string | number | boolean>;
  'working-directory'?: string;
  'continue-on-error'?: boolean;
}

export interface ActionMetadata {
  name: string;
  description: string;
  inputs?: Record<string, { description: string; required?: boolean; default?: string | number | boolean }>;
  outputs?: Record<string, { description: string; value: string }>;
  runs: { using: string; steps: ActionStep[] };
}

export function readAction(file: string): ActionMetadata {
  return parse(readFileSync(file, 'utf8')) as ActionMetadata;
}

/** What an emulated action gets, and gives back. */
export interface UsesContext {
  with: Record<string, string>;
  workspace: string;
  step: ActionStep;
}
export type UsesEmulation = (ctx: UsesContext) => Promise<Record<string, string>> | Record<string, string>;

export interface RunActionOptions {
  /** The folder of action.yml, as GITHUB_ACTION_PATH. */
  actionPath: string;
  workspace: string;
  /** The runner's temporary folder (RUNNER_TEMP), emptied per job. */
  temp: string;
  /** The `with:` of the step that uses the action. */
  with: Record<string, string>;
  /** The `env:` of that step. */
  env?: Record<string, string>;
  github: { sha: string; run_id: string; run_attempt: string; job: string; repository: string; event_name: string };
  /** Emulations of the actions it uses, by `owner/name[/path]` (the @ref left out). */
  uses: Record<string, UsesEmulation>;
  /** A bound on each run step. */
  stepTimeoutMs?: number;
}

export interface StepRecord {
  name: string;
  id?: string;
  ran: boolean;
  outcome: 'success' | 'failure' | 'skipped';
  exitCode?: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  with?: Record<string, string>;
  commands: WorkflowCommand[];
}

export interface ActionRun {
  steps: StepRecord[];
  outputs: Record<string, string>;
  /** The job summary: every step's GITHUB_STEP_SUMMARY, in order. */
  summary: string;
  /** Annotations (error, warning, notice) every step printed, in order. */
  annotations: WorkflowCommand[];
  /** The action failed: a step failed, so the job's step that used it is red. */
  failed: boolean;
  step(idOrName: string): StepRecord;
}

/** `owner/name[/path]` of a `uses:` reference, its @ref left out. */
export const usesName = (uses: string) => uses.replace(/@.*$/, '');

/** The state of one job while the action's steps run. */
interface Job {
  opts: RunActionOptions;
  inputs: Record<string, Value>;
  github: Record<string, Value>;
  runner: Record<string, Value>;
  steps: Record<string, Value>;
  env: Record<string, string>;
  path: string;
  summary: string;
  failed: boolean;
}

const contextsOf = (job: Job): Contexts => ({ inputs: job.inputs, github: job.github, runner: job.runner, steps: job.steps, env: job.env as Record<string, Value> });
const expand = (job: Job, text: string) => interpolate(text, contextsOf(job), { failed: job.failed });

/** Each input as given, else its default (whose expressions see github and runner). */
function resolveInputs(meta: ActionMetadata, opts: RunActionOptions, github: Record<string, Value>, runner: Record<string, Value>): Record<string, Value> {
  for (const name of Object.keys(opts.with)) if (!(name in (meta.inputs ?? {}))) throw new Error(`the action has no input ${name}`);
  const inputs: Record<string, Value> = {};
  for (const [name, input] of Object.entries(meta.inputs ?? {})) {
    const given = opts.with[name];
    if (given === undefined && input.required) throw new Error(`input ${name} is required`);
    inputs[name] = given ?? interpolate(asText((input.default ?? '') as Value), { github, runner });
  }
  return inputs;
}

export async function runAction(opts: RunActionOptions): Promise<ActionRun> {
  const meta = readAction(join(opts.actionPath, 'action.yml'));
  const github = { ...opts.github, workspace: opts.workspace, action_path: opts.actionPath, token: '' } as Record<string, Value>;
  const runner = { temp: opts.temp, os: 'Linux', arch: 'X64' } as Record<string, Value>;
  const job: Job = { opts, inputs: resolveInputs(meta, opts, github, runner), github, runner, steps: {}, env: { ...(opts.env ?? {}) }, path: process.env.PATH ?? '', summary: '', failed: false };
  const records: StepRecord[] = [];
  for (const [i, step] of meta.runs.steps.entries()) {
    const name = step.name ?? step.id ?? `step ${i + 1}`;
    const record: StepRecord = { name, id: step.id, ran: false, outcome: 'skipped', stdout: '', stderr: '', outputs: {}, commands: [] };
    records.push(record);
    if (condition(step.if, contextsOf(job), { failed: job.failed })) {
      record.ran = true;
      await (step.uses ? runUses(job, step, record) : runScript(job, step, record));
      if (record.outcome === 'failure' && !step['continue-on-error']) job.failed = true;
    }
    if (step.id) job.steps[step.id] = { outputs: record.outputs, outcome: record.outcome, conclusion: record.outcome };
  }
  const outputs = Object.fromEntries(Object.entries(meta.outputs ?? {}).map(([k, o]) => [k, expand(job, o.value)]));
  const annotations = records.flatMap((r) => r.commands).filter((c) => ['error', 'warning', 'notice'].includes(c.command));
  return {
    steps: records, outputs, summary: job.summary, annotations, failed: job.failed,
    step: (key) => {
      const found = records.find((r) => r.id === key || r.name === key);
      if (!found) throw new Error(`no step ${key}`);
      return found;
    },
  };
}

/** A `uses:` step: its `with:` evaluated and handed to the test's emulation of that action. */
async function runUses(job: Job, step: ActionStep, record: StepRecord): Promise<void> {
  const withValues = Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, expand(job, String(v))]));
  record.with = withValues;
  const emulate = job.opts.uses[usesName(step.uses as string)];
  if (!emulate) throw new Error(`step "${record.name}" uses ${step.uses}, which this test does not emulate`);
  try {
    record.outputs = await emulate({ with: withValues, workspace: job.opts.workspace, step });
    record.outcome = 'success';
  } catch (err) {
    record.stderr = (err as Error).message;
    record.outcome = 'failure';
  }
}

/** A `run:` step: bash, with the file commands the runner gives each step, read back after it. */
async function runScript(job: Job, step: ActionStep, record: StepRecord): Promise<void> {
  const { opts } = job;
  if (step.shell !== 'bash') throw new Error(`step "${record.name}": only shell: bash is run here, not ${step.shell}`);
  const stepEnv = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, expand(job, String(v))]));
  const files = mkdtempSync(join(opts.temp, '_runner_file_commands-'));
  const file = (n: string) => {
    const f = join(files, n);
    writeFileSync(f, '');
    return f;
  };
  const fileEnv = { GITHUB_OUTPUT: file('output'), GITHUB_ENV: file('env'), GITHUB_PATH: file('path'), GITHUB_STEP_SUMMARY: file('summary'), GITHUB_STATE: file('state') };
  const script = join(files, 'script.sh');
  writeFileSync(script, expand(job, step.run ?? ''));
  const cwd = step['working-directory'] ? join(opts.workspace, expand(job, step['working-directory'])) : opts.workspace;
  const processEnv = {
    ...cleanEnv(),
    PATH: job.path, CI: 'true', GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: opts.workspace, GITHUB_ACTION_PATH: opts.actionPath, RUNNER_TEMP: opts.temp,
    GITHUB_SHA: opts.github.sha, GITHUB_RUN_ID: opts.github.run_id, GITHUB_RUN_ATTEMPT: opts.github.run_attempt, GITHUB_JOB: opts.github.job,
    GITHUB_REPOSITORY: opts.github.repository, GITHUB_EVENT_NAME: opts.github.event_name, RUNNER_OS: 'Linux',
    ...job.env, ...stepEnv, ...fileEnv,
  };
  const r = await runBash(script, cwd, processEnv, opts.stepTimeoutMs ?? 300_000);
  Object.assign(record, { stdout: r.stdout, stderr: r.stderr, exitCode: r.code, outcome: r.code === 0 ? 'success' : 'failure' });
  record.outputs = readKeyValues(readFileSync(fileEnv.GITHUB_OUTPUT, 'utf8'));
  job.env = { ...job.env, ...readKeyValues(readFileSync(fileEnv.GITHUB_ENV, 'utf8')) };
  const added = readFileSync(fileEnv.GITHUB_PATH, 'utf8').split('\n').filter(Boolean);
  if (added.length) job.path = [...added.reverse(), job.path].join(':');
  job.summary += readFileSync(fileEnv.GITHUB_STEP_SUMMARY, 'utf8');
  record.commands = workflowCommands(r.stdout);
}

/** bash as the runner starts it for `shell: bash`: `bash --noprofile --norc -eo pipefail {0}`. */
function runBash(script: string, cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`step ${script} did not finish within ${timeoutMs} ms; stdout: ${stdout.slice(-3000)} stderr: ${stderr.slice(-3000)}`));
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** A GITHUB_OUTPUT or GITHUB_ENV file: `name=value` lines and `name<<DELIMITER` blocks. */
export function readKeyValues(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (!line) continue;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2] as string, i + 1);
      if (end === -1) throw new Error(`no end to ${line} in a file command`);
      out[heredoc[1] as string] = lines.slice(i + 1, end).join('\n');
      i = end;
      continue;
    }
    const eq = line.indexOf('=');
    if (eq <= 0) throw new Error(`not name=value in a file command: ${line}`);
    out[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return out;
}

/** A fresh workspace and runner temporary folder, as each job gets. */
export function freshJob(root: string, name: string): { workspace: string; temp: string } {
  const workspace = join(root, name, 'work');
  const temp = join(root, name, 'temp');
  mkdirSync(workspace, { recursive: true });
  mkdirSync(temp, { recursive: true });
  return { workspace, temp };
}
