import type { Check } from '../check.ts';
import { finding } from '../finding.ts';
import { bridgedTransfer, eventCount } from '../transfers.ts';
import { bodyOf, compact, expectReflected, expectStatus } from './lifecycle-findings.ts';

export const completionIsReflected: Check = {
  name: 'completion_is_reflected',
  description: 'Warm transfer, then complete: the transfer is completed with completed_at, in call detail and events.',
  appliesTo: (op) => op.operationId === 'completeWarmTransfer',
  mutates: () => true,
  async run(ctx, op) {
    const t = await bridgedTransfer(ctx);
    const before = await eventCount(ctx, t.callId);
    const ex = await ctx.client.send(op, { params: { id: t.callId, transferId: t.transferId }, body: {} });
    const bad = expectStatus(this.name, ex, op.successStatus, 'complete');
    if (bad) return [bad];
    const body = bodyOf(ex);
    return compact([
      body.status === 'completed' ? null : finding(this.name, ex, `Completed transfer has status ${String(body.status)}`, 'status completed', String(body.status)),
      typeof body.completed_at === 'string' ? null : finding(this.name, ex, 'Completed transfer has no completed_at', 'completed_at set', String(body.completed_at)),
      ...(await expectReflected(ctx, this.name, ex, t.callId, t.transferId, 'completed', before)),
    ]);
  },
};
