// The bearer token enters here, from the environment, and leaves only as an Authorization header.
import { inspect } from 'node:util';

export const TOKEN_PLACEHOLDER = '$CALLS_API_TOKEN';

export class Credentials {
  readonly #token: string;

  constructor(token: string) {
    this.#token = token;
  }

  authorization(): string {
    return `Bearer ${this.#token}`;
  }

  /** Replaces the token wherever it appears, for text that came back from the target. */
  redact(text: string): string {
    return this.#token.length >= 4 ? text.split(this.#token).join(TOKEN_PLACEHOLDER) : text;
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
