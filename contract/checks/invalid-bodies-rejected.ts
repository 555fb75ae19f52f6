import type { Check } from '../check.ts';
import { finding, type Finding } from '../finding.ts';
import { invalidBodies, requestSchema } from '../request-bodies.ts';
import { baseBody, bodyTarget } from './body-target.ts';
import { correctionsBehindVerdict, overlayExpectedNote, overlayTitleNote } from '../overlay-basis.ts';

export const invalidBodiesRejected: Check = {
  name: 'invalid_bodies_rejected',
  description: 'Bodies that each break one rule of the request schema get a 4xx: never 2xx, never 5xx.',
  appliesTo: (op) => op.requestBody !== null,
  mutates: () => true,
  async run(ctx, op) {
    const schemaName = op.requestBody?.schema as string;
    const schema = requestSchema(ctx.registry, schemaName);
    const findings: Finding[] = [];
    // One target for all: a server that wrongly accepts a body acts on it, and later bodies meet a
    // transfer that has ended, which still must not give 2xx.
    const params = await bodyTarget(ctx, op);
    for (const { rule, body } of invalidBodies(schema, baseBody(ctx, op))) {
      const ex = await ctx.client.send(op, { params, body });
      const status = ex.response?.status;
      if (status !== undefined && status >= 400 && status < 500) continue;
      const what = status === undefined ? 'No response' : status < 300 ? `Accepted (${status})` : `Status ${status}`;
      // A body invalid only as schemas/overlay.json corrects the schema says so.
      const basis = status === undefined ? [] : correctionsBehindVerdict(schemaName, body, false);
      findings.push(finding(this.name, ex, `${what} for an invalid body: ${rule}${overlayTitleNote(basis)}`, `4xx for a body where ${rule}${overlayExpectedNote(basis)}`));
    }
    return findings;
  },
};
