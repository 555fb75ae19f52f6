// Why runner folders cannot be merged into one verdict; the CLI turns it into its error code, exit 2.
export type MergeErrorCode = 'E_RUNNER_INCOMPLETE' | 'E_MERGE_MISMATCH' | 'E_MERGE_SEGMENTS';

export class MergeError extends Error {
  constructor(readonly code: MergeErrorCode, message: string) {
    super(message);
  }
}
