// Reads a replay file (`contract --replay FILE`), turning every way it can be wrong into one
// clear error before any request.
import { CodedError, INPUT_KINDS, InputFileError, readInputFile } from '../../core/index.ts';
import { harnessValidator } from '../../openapi/index.ts';
import type { ReplayFile } from './run-sequences.ts';

export class ReplayFileError extends CodedError {
  constructor(message: string) {
    super('E_REPLAY_INVALID', message);
  }
}

export function readReplayFile(path: string): ReplayFile {
  let text: string;
  try {
    text = readInputFile(path, INPUT_KINDS.replay);
  } catch (err) {
    if (err instanceof InputFileError) throw new ReplayFileError(err.message);
    throw new ReplayFileError(`Cannot read the replay file ${path} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}). Give the lifecycle-replay-*.json file a lifecycle_model_holds finding wrote.`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new ReplayFileError(`The replay file ${path} is not JSON (${(err as Error).message}). Give the lifecycle-replay-*.json file a lifecycle_model_holds finding wrote.`);
  }
  const validate = harnessValidator('lifecycle-replay');
  if (!validate(value)) {
    const e = validate.errors?.[0];
    throw new ReplayFileError(`The replay file ${path} is not a lifecycle sequence: at "${e?.instancePath || '/'}" it ${e?.message ?? 'is invalid'}. Give the lifecycle-replay-*.json file a lifecycle_model_holds finding wrote (schema: schemas/harness/lifecycle-replay.schema.json).`);
  }
  return value as ReplayFile;
}
