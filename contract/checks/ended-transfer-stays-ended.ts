import type { Check } from '../check.ts';
import { finding, type Finding } from '../finding.ts';
import { bridgedTransfer } from '../transfers.ts';

/** After complete (or cancel), a second complete and a second cancel each get a 4xx. */
export const endedTransferStaysEnded: Check = {
  name: 'ended_transfer_stays_ended',
  description: 'A transfer that was completed or cancelled cannot be completed or cancelled again: 4xx, never 2xx or 5xx.',
  appliesTo: (op) => op.operationId === 'completeWarmTransfer' || op.operationId === 'cancelWarmTransfer',
  mutates: () => true,
  async run(ctx, op) {
    const t = await bridgedTransfer(ctx);
    const first = await ctx.client.send(op, { params: { id: t.callId, transferId: t.transferId }, body: {} });
    if (first.response?.status !== op.successStatus) return []; // the operation's own checks report it
    const findings: Finding[] = [];
    for (const again of ['completeWarmTransfer', 'cancelWarmTransfer']) {
      const ex = await ctx.client.send(ctx.operation(again), { params: { id: t.callId, transferId: t.transferId }, body: {} });
      const status = ex.response?.status;
      if (status !== undefined && status >= 400 && status < 500) continue;
      findings.push(finding(this.name, ex, `${again} of a transfer already ended by ${op.operationId} answered ${status ?? 'nothing'}`, '4xx'));
    }
    return findings;
  },
};
