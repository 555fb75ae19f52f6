// The bearer token enters here, from the environment, and leaves only as an Authorization header.
import { inspect } from 'node:util';
import { TOKEN_PLACEHOLDER } from '../core/index.ts';
import { redact, registerSecret } from '../core/index.ts';

export { TOKEN_PLACEHOLDER };

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

  /** Text that came back from the target with every secret the harness holds taken out, in any encoding (core/secrets.ts). */
  redact(text: string): string {
    return redact(text);
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
