import type { Check } from '../check.ts';
import { getAt } from '../../core/index.ts';
import { bodyFindings, unreadableTitle } from '../body-findings.ts';
import { finding } from '../finding.ts';
import { successResponse } from '../statuses.ts';
import { correctionsBehindIssue, overlayExpectedNote, overlayTitleNote } from '../overlay-basis.ts';

export const responseSchemaConformance: Check = {
  name: 'response_schema_conformance',
  description: 'The success body is UTF-8 JSON within the size the harness reads, valid against its schema; every violation is reported with its instance path.',
  appliesTo: () => true,
  mutates: (op) => op.mutating,
  async run(ctx, op) {
    const ex = await ctx.documentedExchange(op);
    const res = successResponse(ex, op);
    // Too large or too deep to parse: bodyFindings says so, and there is nothing to validate.
    const wire = bodyFindings(this.name, ex, op.responseSchema);
    if (res.json === undefined) {
      if (wire.length) return wire;
      return [finding(this.name, ex, unreadableTitle(res), `a JSON document valid against ${op.responseSchema}`, res.text === '' ? '(an empty body)' : `${res.jsonError}: ${res.text}`)];
    }
    return [...wire, ...ctx.registry.issues(op.responseSchema, res.json).map((issue) => {
      // An issue the published document alone would not raise says which correction it rests on.
      const basis = correctionsBehindIssue(op.responseSchema, res.json, issue);
      return finding(this.name, ex, `${op.responseSchema} at ${issue.path}: ${issue.message}${overlayTitleNote(basis)}`, `${op.responseSchema}: ${issue.message}${overlayExpectedNote(basis)}`, JSON.stringify(getAt(res.json, issue.path === '/' ? '' : issue.path)) ?? 'nothing', { instancePath: issue.path });
    })];
  },
};
