// The bearer token enters here, from the environment, and leaves only as an Authorization header.
import { inspect } from 'node:util';
import { registerSecret, TOKEN_PLACEHOLDER } from '../core/index.ts';

export class Credentials {
  readonly #token: string;

  constructor(token: string) {
    this.#token = token;
    // A token given here (not only from CALLS_API_TOKEN) is held too: redacted wherever it comes back.
    registerSecret(token, TOKEN_PLACEHOLDER);
  }

  authorization(): string {
    return `Bearer ${this.#token}`;
  }

  toJSON(): string {
    return '[redacted]';
  }

  toString(): string {
    return '[redacted]';
  }

  [inspect.custom](): string {
    return 'Credentials([redacted])';
  }
}
