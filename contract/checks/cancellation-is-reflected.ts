import type { Check } from '../check.ts';
import { finding } from '../finding.ts';
import { bridgedTransfer, eventCount } from '../transfers.ts';
import { bodyOf, compact, expectReflected, expectStatus } from './lifecycle-findings.ts';

export const cancellationIsReflected: Check = {
  name: 'cancellation_is_reflected',
  description: 'Warm transfer, then cancel without tryNext: cancelled, no next transfer, in call detail and events.',
  appliesTo: (op) => op.operationId === 'cancelWarmTransfer',
  mutates: () => true,
  async run(ctx, op) {
    const t = await bridgedTransfer(ctx);
    const before = await eventCount(ctx, t.callId);
    const ex = await ctx.client.send(op, { params: { id: t.callId, transferId: t.transferId }, body: { reason: 'calls-harness contract check' } });
    const bad = expectStatus(this.name, ex, op.successStatus, 'cancel');
    if (bad) return [bad];
    const body = bodyOf(ex);
    return compact([
      body.status === 'cancelled' ? null : finding(this.name, ex, `Cancelled transfer has status ${String(body.status)}`, 'status cancelled', String(body.status)),
      body.next_transfer == null ? null : finding(this.name, ex, 'Cancel without tryNext dialled a next transfer', 'next_transfer null', JSON.stringify(body.next_transfer)),
      ...(await expectReflected(ctx, this.name, ex, t.callId, t.transferId, 'cancelled', before)),
    ]);
  },
};
