// A configuration the server cannot start with; the CLI turns it into one paragraph and exit 2.
import { CodedError } from '../core/index.ts';

export class ServerConfigError extends CodedError {}
