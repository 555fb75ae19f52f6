import type { Check } from '../check.ts';
import { SkipCheck } from '../check.ts';
import { finding } from '../finding.ts';
import { bridgedTransfer } from '../transfers.ts';
import { bodyOf, compact, expectStatus } from './lifecycle-findings.ts';

export const tryNextDialsNext: Check = {
  name: 'try_next_dials_next',
  description: 'Cancel with tryNext and a destination left: the next destination is dialled (next_transfer) and every attempt is in routing_attempts.',
  appliesTo: (op) => op.operationId === 'cancelWarmTransfer',
  mutates: () => true,
  async run(ctx, op) {
    if (ctx.destinations.length < 2) throw new SkipCheck('needs two transfer destinations (--transfer-to, twice)', 'choice');
    const t = await bridgedTransfer(ctx, 2);
    const ex = await ctx.client.send(op, { params: { id: t.callId, transferId: t.transferId }, body: { tryNext: true } });
    const bad = expectStatus(this.name, ex, op.successStatus, 'cancel with tryNext');
    if (bad) return [bad];
    const body = bodyOf(ex);
    const next = body.next_transfer as { id?: string; transfer_to?: string } | null | undefined;
    const attempts = ((body.routing_attempts as ({ id?: string } | null)[] | undefined) ?? []).map((a) => a?.id);
    return compact([
      next?.transfer_to === ctx.destinations[1] ? null : finding(this.name, ex, 'tryNext did not dial the next destination', `next_transfer to ${ctx.destinations[1]}`, JSON.stringify(next ?? null)),
      next?.id && attempts.includes(t.transferId) && attempts.includes(next.id) ? null : finding(this.name, ex, 'routing_attempts does not list every attempt', `routing_attempts with ${t.transferId} and the next transfer`, JSON.stringify(attempts)),
    ]);
  },
};
