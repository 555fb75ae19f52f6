// A curl line that reproduces an exchange; the token is the shell variable, never its value.
// Every other word is the boundary's shell word (core/untrusted-text.ts): the URL holds ids and
// the body values a target chose, and none of it may stand outside a quoted string.
import { jsonText, shellQuoted, shellWord, TOKEN_PLACEHOLDER } from '../core/index.ts';
import { BAD_AUTH } from './auth-variants.ts';
import type { ExchangeRequest } from './exchange.ts';

export function curlFor(req: ExchangeRequest): string {
  const parts = ['curl', '-sS', '-i', '-X', shellWord(req.method), shellQuoted(req.url)];
  if (req.auth === 'valid') parts.push('-H', `"Authorization: Bearer ${TOKEN_PLACEHOLDER}"`);
  else {
    const header = BAD_AUTH[req.auth].header;
    if (header !== null) parts.push('-H', shellQuoted(`Authorization: ${header}`));
  }
  // jsonText: the same body, with nothing invisible raw in it, so the line stays printable.
  if (req.body !== undefined) parts.push('-H', shellQuoted('Content-Type: application/json'), '--data', shellQuoted(jsonText(req.body)));
  return parts.join(' ');
}
