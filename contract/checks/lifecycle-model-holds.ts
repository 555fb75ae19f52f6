import type { Check } from '../check.ts';
import type { ContractContext } from '../context.ts';
import type { Finding } from '../finding.ts';
import { replaySequence, searchSequences, type ReplayFile, type StatefulOutcome } from '../stateful/run-sequences.ts';

const OPERATIONS = ['warmTransferCall', 'blindTransferCall', 'completeWarmTransfer', 'cancelWarmTransfer', 'getCall', 'listCallEvents'];

// One search per contract run, shared by the operations it judges: each reports what broke on it.
const searches = new WeakMap<ContractContext, Promise<StatefulOutcome>>();

export const lifecycleModelHolds: Check = {
  name: 'lifecycle_model_holds',
  description: 'Sequences of transfers, completes, cancels and reads (drawn by fast-check, shrunk when one fails) keep the documented lifecycle: statuses follow the state machine, tryNext dials the next destination, call detail lists every transfer, events follow each change, timestamps are ordered, an ended transfer stays ended.',
  appliesTo: (op) => OPERATIONS.includes(op.operationId),
  mutates: () => true,
  async run(ctx, op) {
    let search = searches.get(ctx);
    if (!search) searches.set(ctx, (search = ctx.replay ? replaySequence(ctx, ctx.replay as ReplayFile) : searchSequences(ctx, ctx.statefulRuns)));
    const v = (await search).violation;
    if (!v || v.operationId !== op.operationId) return [];
    const broke = v.steps[v.steps.length - 1];
    const finding: Finding = {
      check: this.name, operationId: v.operationId, severity: 'error',
      title: `${v.message} (step ${broke?.n ?? '?'} of the smallest failing sequence of ${v.commands.length} command(s))${v.assumption ? '; the documents are silent here: this is what any client would assume' : ''}`,
      expected: v.expected, received: v.received,
      request: broke?.request ?? { method: '', url: '' },
      ...(broke?.status ? { status: broke.status } : {}),
      curl: broke?.curl ?? '',
      sequence: v.steps, replay: v.replay, assumption: v.assumption,
    };
    return [finding];
  },
};
