import type { Check } from '../check.ts';
import { finding, type Finding } from '../finding.ts';
import { requestSchema, validBodies } from '../request-bodies.ts';
import { statusTitle } from '../statuses.ts';
import { bodyTarget } from './body-target.ts';

const BODIES_PER_OPERATION = 3;

export const validBodiesAccepted: Check = {
  name: 'valid_bodies_accepted',
  description: 'Request bodies generated from the request schema (seeded) get the documented success status.',
  appliesTo: (op) => op.requestBody !== null,
  mutates: () => true,
  async run(ctx, op) {
    const schemaName = op.requestBody?.schema as string;
    const seed = ctx.seed + op.operationId.length;
    const bodies = validBodies(requestSchema(ctx.registry, schemaName), BODIES_PER_OPERATION, seed, ctx.destinations);
    const findings: Finding[] = [];
    for (const [i, body] of bodies.entries()) {
      const ex = await ctx.client.send(op, { params: await bodyTarget(ctx, op), body });
      const status = ex.response?.status;
      if (status === op.successStatus) continue;
      const title = status === undefined ? 'No response to a valid body' : `${statusTitle(op, status)} for a valid ${schemaName}`;
      findings.push(finding(this.name, ex, `${title} (json-schema-faker seed ${seed}, body ${i + 1})`, `${op.successStatus} for ${JSON.stringify(body)}`));
    }
    return findings;
  },
};
