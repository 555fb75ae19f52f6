// Findings about a body's bytes rather than its schema: too large to read, not UTF-8, a byte
// order mark, a key given twice, an integer beyond 2^53, nesting too deep to parse, nothing at all.
import type { Exchange, ExchangeResponse } from './exchange.ts';
import { finding, type Finding } from './finding.ts';
import { limitText } from './read-body.ts';

/** One finding per thing wrong with the body's encoding or JSON text; [] when it is clean. */
export function bodyFindings(check: string, ex: Exchange, schema: string): Finding[] {
  const res = ex.response as ExchangeResponse;
  const out: Finding[] = [];
  const valid = `a UTF-8 JSON document valid against ${schema} (RFC 8259)`;
  if (res.oversize) {
    out.push(finding(check, ex, `Body larger than ${limitText(res.oversize.limitBytes)}: the harness read no further`, `a ${schema} body (a few kilobytes)`, `${res.jsonError}; it began: ${res.text.slice(0, 200)}`));
    return out;
  }
  if (res.notUtf8At !== undefined) out.push(finding(check, ex, `Body is not valid UTF-8 (byte ${res.notUtf8At})`, valid, `a byte at offset ${res.notUtf8At} is not UTF-8; read leniently: ${res.text}`));
  if (res.bom) out.push(finding(check, ex, 'Body starts with a byte order mark', `${valid}, without a byte order mark (§8.1: parsers such as Go's reject it)`, `EF BB BF, then ${res.text}`));
  for (const h of res.hazards ?? []) {
    out.push(finding(check, ex, `${schema} at ${h.path || '/'}: ${h.message}`, valid, h.kind === 'too-deep' ? `${h.message}; not parsed` : undefined, { instancePath: h.path }));
  }
  return out;
}

/** Why the body could not be judged against its schema, as a title: empty, too deep, not JSON. */
export function unreadableTitle(res: ExchangeResponse): string {
  if (res.text === '') return 'Body is empty';
  return 'Body is not JSON';
}
