// One runner's folder as the merge takes it, whoever wrote it (load/merge/read-runner.ts).
import type { RunShape } from '../run-shape.ts';
import type { RunnerFile } from '../runner-file.ts';

export interface RunnerFolder {
  dir: string;
  runner: RunnerFile;
  shape: RunShape;
  /** The target and whether it was the embedded server, from the runner's own result.json. */
  target: string;
  embedded: boolean;
}
