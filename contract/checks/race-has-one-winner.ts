import type { Check } from '../check.ts';
import { finding, type Finding } from '../finding.ts';
import { bridgedTransfer } from '../transfers.ts';

const RACES = 5;

export const raceHasOneWinner: Check = {
  name: 'race_has_one_winner',
  description: 'Complete and cancel sent at the same moment for one transfer: exactly one gets 2xx.',
  appliesTo: (op) => op.operationId === 'completeWarmTransfer',
  mutates: () => true,
  async run(ctx) {
    const findings: Finding[] = [];
    for (let i = 0; i < RACES; i++) {
      const t = await bridgedTransfer(ctx);
      const params = { id: t.callId, transferId: t.transferId };
      const [complete, cancel] = await Promise.all([
        ctx.client.send(ctx.operation('completeWarmTransfer'), { params, body: {} }),
        ctx.client.send(ctx.operation('cancelWarmTransfer'), { params, body: {} }),
      ]);
      const wins = [complete, cancel].filter((ex) => (ex.response?.status ?? 0) >= 200 && (ex.response?.status ?? 0) < 300).length;
      const fives = [complete, cancel].filter((ex) => (ex.response?.status ?? 0) >= 500);
      if (wins !== 1 || fives.length) {
        const outcome = `complete ${complete.response?.status ?? 'no answer'}, cancel ${cancel.response?.status ?? 'no answer'}`;
        findings.push(finding(this.name, wins === 2 ? cancel : complete, `Race ${i + 1}: ${wins === 2 ? 'both won' : wins === 0 ? 'neither won' : 'a server error'} (${outcome})`, 'exactly one 2xx and one 4xx', outcome));
      }
    }
    return findings;
  },
};
