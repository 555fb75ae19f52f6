// A job that uses calls-harness's action, on this machine: the action's folder as GitHub fetches
// it (the repository's files at the ref, no node_modules, no dist), a fresh workspace and runner
// temporary folder per job, and the actions it uses emulated on files shared by the workflow run
// (artifacts) or by the repository (the cache).
import { cpSync, mkdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { PROJECT_ROOT } from '../../core/paths.ts';
import { ArtifactStore, CacheStore, JunitPublisher, setupNode } from './action-emulations.ts';
import { freshJob, runAction, type ActionRun } from './action-runner.ts';

/** What a clone has and GitHub's copy of an action has too: everything but what installing and running make. */
const MADE_LOCALLY = new Set(['node_modules', 'dist', '.git', 'coverage']);

/** The action's folder: this project's files, as `uses: owner/calls-harness@ref` downloads them. */
export function actionCopy(root: string): string {
  const dir = join(root, 'action');
  cpSync(PROJECT_ROOT, dir, {
    recursive: true,
    filter: (src) => {
      const parts = relative(PROJECT_ROOT, src).split(sep);
      return !MADE_LOCALLY.has(parts[0] as string) && !(parts[0] === 'reports' && parts[1] === 'out');
    },
  });
  return dir;
}

export interface Repository {
  actionPath: string;
  cache: CacheStore;
  root: string;
}

export function repository(root: string): Repository {
  return { actionPath: actionCopy(root), cache: new CacheStore(join(root, 'cache')), root };
}

export interface JobRun extends ActionRun {
  workspace: string;
  temp: string;
  artifacts: ArtifactStore;
  junit: JunitPublisher;
}

let runs = 0;

/** One job of one workflow run using the action with `inputs`; `prepare` puts files in its workspace first. */
export async function runJob(repo: Repository, inputs: Record<string, string>, opts: { runId?: string; env?: Record<string, string>; prepare?: (workspace: string) => void } = {}): Promise<JobRun> {
  const n = ++runs;
  const { workspace, temp } = freshJob(repo.root, `job-${n}`);
  opts.prepare?.(workspace);
  const artifacts = new ArtifactStore(join(repo.root, `job-${n}`, 'artifacts'));
  mkdirSync(artifacts.dir, { recursive: true });
  const junit = new JunitPublisher();
  const run = await runAction({
    actionPath: repo.actionPath, workspace, temp, with: inputs, env: opts.env,
    github: { sha: 'c0ffee0000000000000000000000000000000000', run_id: opts.runId ?? String(7000 + n), run_attempt: '1', job: 'gate', repository: 'a-team/calls-api', event_name: 'workflow_dispatch' },
    uses: {
      'actions/setup-node': setupNode,
      'actions/cache/restore': repo.cache.restore,
      'actions/cache/save': repo.cache.save,
      'actions/upload-artifact': artifacts.upload,
      'mikepenz/action-junit-report': junit.publish,
    },
  });
  return { ...run, workspace, temp, artifacts, junit };
}
