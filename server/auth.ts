// Bearer auth: every way a token can be wrong gets the same documented 401.
import { randomBytes } from 'node:crypto';

const KEY_FORMAT = /^sk_(live|test)_[A-Za-z0-9]{16,64}$/;

export type AuthVerdict = 'ok' | 'missing' | 'wrong-scheme' | 'empty' | 'malformed' | 'unknown' | 'revoked';

export class ApiKeys {
  private readonly valid: Set<string>;
  private readonly revoked = new Set<string>();

  constructor(keys: string[], revoked: string[] = []) {
    this.valid = new Set(keys);
    for (const key of revoked) this.revoke(key);
  }

  static generate(): string {
    return `sk_test_${randomBytes(16).toString('hex')}`;
  }

  static wellFormed(key: string): boolean {
    return KEY_FORMAT.test(key);
  }

  revoke(key: string): void {
    this.valid.delete(key);
    this.revoked.add(key);
  }

  check(header: string | undefined): AuthVerdict {
    if (header === undefined) return 'missing';
    const space = header.indexOf(' ');
    const scheme = space === -1 ? header : header.slice(0, space);
    if (scheme.toLowerCase() !== 'bearer') return 'wrong-scheme';
    const token = space === -1 ? '' : header.slice(space + 1).trim();
    if (token === '') return 'empty';
    if (this.valid.has(token)) return 'ok';
    if (this.revoked.has(token)) return 'revoked';
    return KEY_FORMAT.test(token) ? 'unknown' : 'malformed';
  }
}
