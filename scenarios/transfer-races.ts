// transfer-races: complete and cancel sent at the same moment for one bridged transfer. Exactly
// one may succeed; both, neither, or a 5xx is counted and fails the race_violations threshold.
import exec from 'k6/execution';
import { Counter, Rate } from 'k6/metrics';
import { pick, findCalls, type CallSupply } from './lib/call-supply.ts';
import { send } from './lib/calls-api.ts';
import { countingInterruptions } from './lib/counting-interruptions.ts';
import { readEnv } from './lib/env.ts';
import { buildOptions } from './lib/options.ts';
import { runnerRecord } from './lib/runner-record.ts';
import { summaryOutputs } from './lib/summary.ts';
import { warmAndBridge } from './lib/warm-transfer.ts';

const env = readEnv(__ENV);
const raceOutcomes = new Counter('race_outcomes');
const raceViolations = new Rate('race_violations');

export const options = buildOptions(env.shape, {
  name: 'transfer_races',
  operations: ['warmTransferCall', 'getCall', 'completeWarmTransfer', 'cancelWarmTransfer'],
  thresholds: { race_violations: ['rate==0'] },
}, env.thresholds);

export function setup(): Promise<CallSupply> {
  return findCalls(env, true);
}

export default countingInterruptions(race);

async function race(supply: CallSupply): Promise<void> {
  const callId = pick(supply.live, exec.scenario.iterationInTest);
  const started = await warmAndBridge(env, callId, 1);
  if (!started?.bridged) return;
  const params = { id: callId, transferId: started.transferId };
  // The loser's 4xx is the documented outcome of a race, not a failed request.
  const loser = [400, 404, 409, 410, 422];
  const [complete, cancel] = await Promise.all([
    send(env, 'completeWarmTransfer', { params, body: {}, alsoExpected: loser, tags: { race: 'complete' } }),
    send(env, 'cancelWarmTransfer', { params, body: {}, alsoExpected: loser, tags: { race: 'cancel' } }),
  ]);
  const wins = [complete, cancel].filter((r) => r.status >= 200 && r.status < 300).length;
  const serverError = complete.status >= 500 || cancel.status >= 500;
  const outcome = serverError ? 'server_error' : wins === 1 ? (complete.status < 300 ? 'complete_won' : 'cancel_won') : wins === 2 ? 'both' : 'neither';
  raceOutcomes.add(1, { outcome });
  raceViolations.add(serverError || wins !== 1, { outcome });
}

export function handleSummary(data: unknown): Record<string, string> {
  return summaryOutputs(data, env.summaryFile, runnerRecord('transfer-races', env));
}
