// A curl line that reproduces an exchange; the token is the shell variable, never its value.
import { BAD_AUTH } from './auth-variants.ts';
import { TOKEN_PLACEHOLDER } from './credentials.ts';
import type { ExchangeRequest } from './exchange.ts';

/** One shell word, whatever it holds. */
export const shellQuote = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export function curlFor(req: ExchangeRequest): string {
  const parts = ['curl', '-sS', '-i', '-X', req.method, quote(req.url)];
  if (req.auth === 'valid') parts.push('-H', `"Authorization: Bearer ${TOKEN_PLACEHOLDER}"`);
  else {
    const header = BAD_AUTH[req.auth].header;
    if (header !== null) parts.push('-H', quote(`Authorization: ${header}`));
  }
  if (req.body !== undefined) parts.push('-H', quote('Content-Type: application/json'), '--data', quote(JSON.stringify(req.body)));
  return parts.join(' ');
}
