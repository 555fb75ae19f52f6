import type { Check } from '../check.ts';
import { finding } from '../finding.ts';
import { declaredText, noResponseFinding, statusTitle } from '../statuses.ts';

export const successStatusConformance: Check = {
  name: 'success_status_conformance',
  description: 'The documented request gets the documented success status.',
  appliesTo: () => true,
  mutates: (op) => op.mutating,
  async run(ctx, op) {
    const ex = await ctx.documentedExchange(op);
    const expected = `${op.successStatus} (declared: ${declaredText(op)})`;
    const none = noResponseFinding(this.name, ex, expected);
    if (none) return [none];
    const status = ex.response?.status as number;
    return status === op.successStatus ? [] : [finding(this.name, ex, `${statusTitle(op, status)} where ${op.successStatus} is documented`, expected)];
  },
};
