import type { Check } from '../check.ts';
import { SkipCheck } from '../check.ts';
import type { ContractContext } from '../context.ts';
import type { Finding } from '../finding.ts';
import { DEFAULT_STATEFUL_RUNS, replaySequence, searchSequences, type ReplayFile, type StatefulOutcome, type StatefulViolation } from '../stateful/run-sequences.ts';

const OPERATIONS = ['warmTransferCall', 'blindTransferCall', 'completeWarmTransfer', 'cancelWarmTransfer', 'getCall', 'listCallEvents'];

// One search per contract run, shared by the operations it judges.
const searches = new WeakMap<ContractContext, Promise<StatefulOutcome>>();

export const lifecycleModelHolds: Check = {
  name: 'lifecycle_model_holds',
  description: 'Sequences of transfers, completes, cancels and reads (drawn by fast-check, shrunk when one fails) keep the documented lifecycle: statuses follow the state machine, tryNext dials the next destination, call detail lists every transfer, events follow each change, timestamps are ordered, an ended transfer stays ended.',
  appliesTo: (op) => OPERATIONS.includes(op.operationId),
  mutates: () => true,
  async run(ctx, op) {
    let search = searches.get(ctx);
    if (!search) searches.set(ctx, (search = ctx.replay ? replaySequence(ctx, ctx.replay as ReplayFile) : searchSequences(ctx, ctx.statefulRuns)));
    const outcome = await search;
    const requested = ctx.replay ? 1 : (ctx.statefulRuns ?? DEFAULT_STATEFUL_RUNS);
    // A search cut short by its time limit judged too little to pass.
    if (!outcome.violation && outcome.runs < requested) throw new SkipCheck(`only ${outcome.runs} of ${requested} lifecycle sequences ran within the time limit: too few to judge (a slow target; try fewer --stateful-runs)`);
    const v = outcome.violation;
    return v && reportedOn(ctx, v) === op.operationId ? [findingOf(this.name, v)] : [];
  },
};

/** The case that reports a violation: its own operation's when the run checks it, else the first lifecycle case planned. */
function reportedOn(ctx: ContractContext, v: StatefulViolation): string {
  const planned = (ctx.plannedOperations ?? OPERATIONS).filter((op) => OPERATIONS.includes(op));
  return planned.includes(v.operationId) ? v.operationId : (planned[0] ?? v.operationId);
}

function findingOf(check: string, v: StatefulViolation): Finding {
  const broke = v.steps[v.steps.length - 1];
  return {
    check, operationId: v.operationId, severity: 'error',
    title: `${v.message} (step ${broke?.n ?? '?'} of the smallest failing sequence of ${v.commands.length} command(s))${v.assumption ? '; the documents are silent here: this is what any client would assume' : ''}`,
    expected: v.expected, received: v.received,
    request: broke?.request ?? { method: '', url: '' },
    ...(broke?.status ? { status: broke.status } : {}),
    curl: broke?.curl ?? '',
    sequence: v.steps, replay: v.replay, assumption: v.assumption,
  };
}
