import type { Check } from '../check.ts';
import { finding } from '../finding.ts';

const JSON_TYPE = /^application\/([\w.+-]+\+)?json\s*(;|$)/i;

export const contentTypeConformance: Check = {
  name: 'content_type_conformance',
  description: 'The success response is application/json, as documented.',
  appliesTo: () => true,
  mutates: (op) => op.mutating,
  async run(ctx, op) {
    const ex = await ctx.documentedExchange(op);
    const res = ex.response;
    if (!res || res.status !== op.successStatus) return []; // success_status_conformance reports it
    return JSON_TYPE.test(res.contentType) ? [] : [finding(this.name, ex, `Content type "${res.contentType || 'none'}" where application/json is documented`, 'application/json', res.contentType || '(no Content-Type header)')];
  },
};
