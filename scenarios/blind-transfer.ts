// blind-transfer: hand a live call off at once, then read call detail to see the transfer.
import exec from 'k6/execution';
import { pick, findCalls, type CallSupply } from './lib/call-supply.ts';
import { send } from './lib/calls-api.ts';
import { countingInterruptions } from './lib/counting-interruptions.ts';
import { readEnv } from './lib/env.ts';
import { flowDuration, transferOutcomes } from './lib/metrics.ts';
import { buildOptions } from './lib/options.ts';
import { runnerRecord } from './lib/runner-record.ts';
import { summaryOutputs } from './lib/summary.ts';
import { now, since } from './lib/monotonic-clock.ts';

const env = readEnv(__ENV);

export const options = buildOptions(env.shape, { name: 'blind_transfer', operations: ['blindTransferCall', 'getCall'], thresholds: { flow_duration: [] } }, env.thresholds);

export function setup(): Promise<CallSupply> {
  return findCalls(env, true);
}

export default countingInterruptions(blindTransfer);

async function blindTransfer(supply: CallSupply): Promise<void> {
  const callId = pick(supply.live, exec.scenario.iterationInTest);
  const t0 = now();
  const res = await send(env, 'blindTransferCall', { params: { id: callId }, body: { to: env.transferTo[0] } });
  await send(env, 'getCall', { params: { id: callId } });
  flowDuration.add(since(t0), { flow: 'blind' });
  transferOutcomes.add(1, { outcome: res.ok ? 'blind_transferred' : 'blind_failed' });
}

export function handleSummary(data: unknown): Record<string, string> {
  return summaryOutputs(data, env.summaryFile, runnerRecord('blind-transfer', env));
}
