import type { Check } from '../check.ts';
import { finding, type Finding } from '../finding.ts';
import { bodySeed, requestSchema, validBodies } from '../request-bodies.ts';
import { statusTitle } from '../statuses.ts';
import { bodyTarget } from './body-target.ts';
import { correctionsBehindVerdict, overlayExpectedNote, overlayTitleNote } from '../overlay-basis.ts';

export const validBodiesAccepted: Check = {
  name: 'valid_bodies_accepted',
  description: 'Request bodies generated from the request schema (seeded, --max-examples per operation) get the documented success status.',
  appliesTo: (op) => op.requestBody !== null,
  mutates: () => true,
  async run(ctx, op) {
    const schemaName = op.requestBody?.schema as string;
    const bodies = validBodies(requestSchema(ctx.registry, schemaName), ctx.maxExamples, bodySeed(ctx.seed, op.operationId, this.name), ctx.destinations);
    const findings: Finding[] = [];
    for (const [i, body] of bodies.entries()) {
      const ex = await ctx.client.send(op, { params: await bodyTarget(ctx, op), body });
      const status = ex.response?.status;
      if (status === op.successStatus) continue;
      const title = status === undefined ? 'No response to a valid body' : `${statusTitle(op, status)} for a valid ${schemaName}`;
      // A body valid only as schemas/overlay.json corrects the schema says so.
      const basis = status === undefined ? [] : correctionsBehindVerdict(schemaName, body, true);
      findings.push(finding(this.name, ex, `${title} (seed ${ctx.seed}, body ${i + 1} of ${bodies.length})${overlayTitleNote(basis)}`, `${op.successStatus} for ${JSON.stringify(body)}${overlayExpectedNote(basis)}`));
    }
    return findings;
  },
};
