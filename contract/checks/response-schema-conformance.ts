import type { Check } from '../check.ts';
import { getAt } from '../../spec/json-pointer.ts';
import { finding } from '../finding.ts';

export const responseSchemaConformance: Check = {
  name: 'response_schema_conformance',
  description: 'The success body is valid against its schema; every violation is reported with its instance path.',
  appliesTo: () => true,
  mutates: (op) => op.mutating,
  async run(ctx, op) {
    const ex = await ctx.documentedExchange(op);
    const res = ex.response;
    if (!res || res.status !== op.successStatus) return [];
    if (res.json === undefined) {
      return [finding(this.name, ex, 'Body is not JSON', `a JSON document valid against ${op.responseSchema}`, `${res.jsonError}: ${res.text}`)];
    }
    return ctx.registry.issues(op.responseSchema, res.json).map((issue) =>
      finding(this.name, ex, `${op.responseSchema} at ${issue.path}: ${issue.message}`, `${op.responseSchema}: ${issue.message}`, JSON.stringify(getAt(res.json, issue.path === '/' ? '' : issue.path)) ?? 'nothing', { instancePath: issue.path }),
    );
  },
};
