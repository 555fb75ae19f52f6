// Model-based testing of the transfer lifecycle: fast-check draws command sequences (seeded by
// --seed), runs each against the target with the model beside it, and shrinks a failing one to
// the smallest sequence that still breaks the model. Bounded in runs, commands and time.
import fc from 'fast-check';
import type { ContractContext } from '../context.ts';
import { SkipCheck } from '../check.ts';
import { observeEvents } from './judge.ts';
import type { LifecycleModel } from './model.ts';
import { commandArbitraries, commandOf, dataOf, type CommandData, type LifecycleCommand } from './sequence-data.ts';
import { ModelViolation } from './violation.ts';
import type { SequenceStep, World } from './world.ts';

export const DEFAULT_STATEFUL_RUNS = 25;
const MAX_COMMANDS = 16;
const CALLS = 2;
/** The whole search, shrinking included, stays within this. */
const TIME_LIMIT_MS = 20_000;

export interface ReplayFile {
  kind: 'calls-harness lifecycle sequence';
  version: 1;
  seed: number;
  commands: CommandData[];
}

export interface StatefulViolation {
  operationId: string;
  message: string;
  expected: string;
  received: string;
  assumption: boolean;
  /** The smallest failing sequence's requests, numbered; the last one broke the model. */
  steps: SequenceStep[];
  commands: string[];
  replay: ReplayFile;
}

export interface StatefulOutcome {
  runs: number;
  violation: StatefulViolation | null;
}

/** The world of a traced sequence: the commands that ran, in order (fast-check skips those whose precondition fails). */
interface TracedWorld extends World {
  executed: LifecycleCommand[];
}

/** Records which commands ran, for the replay file and the report. */
interface Traced extends fc.AsyncCommand<LifecycleModel, TracedWorld> {
  inner: LifecycleCommand;
}
const traced = (c: LifecycleCommand): Traced => ({
  inner: c,
  check: (m) => c.check(m),
  run: async (m, w) => {
    w.executed.push(c);
    await c.run(m, w);
  },
  toString: () => c.toString(),
});

/** One sequence against the target: the model starts from what call detail shows now. */
export async function runSequence(ctx: ContractContext, callIds: string[], commands: Iterable<Traced>, seed: number): Promise<StatefulOutcome> {
  const world: TracedWorld = { ctx, callIds, steps: [], executed: [] };
  try {
    await fc.asyncModelRun(async () => ({ model: await initialModel(world), real: world }), commands);
    return { runs: 1, violation: null };
  } catch (err) {
    if (!(err instanceof ModelViolation)) throw err;
    return { runs: 1, violation: violationOf(err, world, seed) };
  }
}

export async function searchSequences(ctx: ContractContext, runs = DEFAULT_STATEFUL_RUNS): Promise<StatefulOutcome> {
  const callIds = liveCalls(ctx);
  let smallest: StatefulViolation | null = null;
  let fatal: unknown = null;
  let count = 0;
  // Up to 10 destinations (the schema's maximum), the --transfer-to numbers in turn.
  const arbitraries = commandArbitraries(CALLS, 10).map((a) => a.map(traced));
  const property = fc.asyncProperty(fc.commands(arbitraries, { maxCommands: MAX_COMMANDS, size: 'max' }), async (cmds) => {
    // A target that stopped answering is not the lifecycle's fault: stop drawing, report it after.
    if (fatal) return;
    count++;
    let outcome: StatefulOutcome;
    try {
      outcome = await runSequence(ctx, callIds, cmds as Iterable<Traced>, ctx.seed);
    } catch (err) {
      fatal = err;
      return;
    }
    // Shrinking only keeps failing candidates: the last failure seen is the smallest.
    if (outcome.violation) {
      smallest = outcome.violation;
      throw new Error(outcome.violation.message);
    }
  });
  await fc.check(property, { seed: ctx.seed, numRuns: runs, interruptAfterTimeLimit: TIME_LIMIT_MS, markInterruptAsFailure: false });
  if (fatal) throw fatal;
  return { runs: count, violation: smallest };
}

/** A replay file's sequence, run once. */
export function replaySequence(ctx: ContractContext, file: ReplayFile): Promise<StatefulOutcome> {
  return runSequence(ctx, liveCalls(ctx), file.commands.map((d) => traced(commandOf(d))), file.seed);
}

function liveCalls(ctx: ContractContext): string[] {
  const ids = Array.from({ length: CALLS }, () => ctx.calls.takeLive());
  if (ids.some((id) => id === null)) throw new SkipCheck('the agent has no live call to transfer');
  return ids as string[];
}

/**
 * The model starts empty: only the transfers a sequence starts are judged, so that a failing
 * sequence breaks the model on its own, on any call, and its replay breaks it again.
 */
async function initialModel(world: World): Promise<LifecycleModel> {
  const model: LifecycleModel = { calls: world.callIds.map((id) => ({ id, transfers: [], events: 0, changedSinceEventsRead: false })) };
  for (const i of model.calls.keys()) await observeEvents(world, model, i, `start: read events of call ${i}`);
  return model;
}

function violationOf(err: ModelViolation, world: TracedWorld, seed: number): StatefulViolation {
  const steps = world.steps.map((s) => ({ ...s }));
  const last = steps[steps.length - 1];
  if (last) last.broke = err.message;
  return {
    operationId: err.operationId, message: err.message, expected: err.expected, received: err.received, assumption: err.assumption,
    steps, commands: world.executed.map((c) => c.toString()),
    replay: { kind: 'calls-harness lifecycle sequence', version: 1, seed, commands: world.executed.map(dataOf) },
  };
}
