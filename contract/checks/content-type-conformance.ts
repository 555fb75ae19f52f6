import type { Check } from '../check.ts';
import { finding } from '../finding.ts';
import { successResponse } from '../statuses.ts';

const JSON_TYPE = /^application\/([\w.+-]+\+)?json\s*(;|$)/i;

/** The charset parameter, lower-cased and unquoted, or null when there is none. */
function charsetOf(contentType: string): string | null {
  const m = /;\s*charset\s*=\s*("?)([^";\s]*)\1/i.exec(contentType);
  return m ? (m[2] as string).toLowerCase() : null;
}

export const contentTypeConformance: Check = {
  name: 'content_type_conformance',
  description: 'The success response is application/json, as documented, in UTF-8.',
  appliesTo: () => true,
  mutates: (op) => op.mutating,
  async run(ctx, op) {
    const ex = await ctx.documentedExchange(op);
    const res = successResponse(ex, op);
    if (!JSON_TYPE.test(res.contentType)) return [finding(this.name, ex, `Content type "${res.contentType || 'none'}" where application/json is documented`, 'application/json', res.contentType || '(no Content-Type header)')];
    const charset = charsetOf(res.contentType);
    // JSON is UTF-8 on the wire (RFC 8259 §8.1): a client that honours another charset misreads it.
    return charset === null || charset === 'utf-8' || charset === 'utf8' ? [] : [finding(this.name, ex, `Content type "${res.contentType}" declares the charset ${charset}, where JSON is UTF-8`, 'application/json (UTF-8; a charset parameter, if any, utf-8)', res.contentType)];
  },
};
