// read-mix: call detail, events, report and recording, weighted as a dashboard reads them.
import exec from 'k6/execution';
import { pick, findCalls, type CallSupply } from './lib/call-supply.ts';
import { send } from './lib/calls-api.ts';
import { countingInterruptions } from './lib/counting-interruptions.ts';
import { readEnv } from './lib/env.ts';
import { buildOptions } from './lib/options.ts';
import { runnerRecord } from './lib/runner-record.ts';
import { summaryOutputs } from './lib/summary.ts';
import { mixEntry, type WeightedMix } from './lib/weighted-mix.ts';

const env = readEnv(__ENV);

/** Cumulative weights: call detail 50%, events 20%, report 20%, recording 10%, held by every run (lib/weighted-mix.ts). */
const MIX: WeightedMix<string> = [[0.5, 'getCall'], [0.7, 'listCallEvents'], [0.9, 'getCallReport'], [1, 'getCallRecording']];

export const options = buildOptions(env.shape, { name: 'read_mix', operations: MIX.map(([, op]) => op) }, env.thresholds);

export function setup(): Promise<CallSupply> {
  return findCalls(env, false);
}

export default countingInterruptions(readMix);

async function readMix(supply: CallSupply): Promise<void> {
  const i = exec.scenario.iterationInTest;
  const op = mixEntry(MIX, i);
  // Reports and recordings exist for ended calls; detail and events for any.
  const ids = op === 'getCallRecording' ? supply.recorded : op === 'getCallReport' ? supply.ended : supply.live.concat(supply.ended);
  if (!ids.length) return;
  await send(env, op, { params: { id: pick(ids, i) } });
}

export function handleSummary(data: unknown): Record<string, string> {
  return summaryOutputs(data, env.summaryFile, runnerRecord('read-mix', env));
}
