// Why runner folders cannot be merged into one verdict; the CLI turns it into its error code, exit 2.
import { CodedError } from '../../core/index.ts';

export class MergeError extends CodedError {}
