// transfer-flows: each iteration takes a live call, starts a warm transfer to one to three
// destinations, waits until it bridges, then completes or cancels it (70/30 by default, some
// cancels with tryNext), then reads call detail and the report.
import exec from 'k6/execution';
import { pick, findCalls, type CallSupply } from './lib/call-supply.ts';
import { send } from './lib/calls-api.ts';
import { countingInterruptions } from './lib/counting-interruptions.ts';
import { readEnv } from './lib/env.ts';
import { flowDuration, transferOutcomes } from './lib/metrics.ts';
import { buildOptions } from './lib/options.ts';
import { runnerRecord } from './lib/runner-record.ts';
import { summaryOutputs } from './lib/summary.ts';
import { warmAndBridge } from './lib/warm-transfer.ts';
import { now, since } from './lib/monotonic-clock.ts';

const env = readEnv(__ENV);
const OUTCOME: Record<string, string> = { complete: 'completed', cancel: 'cancelled', cancel_try_next: 'cancelled_try_next' };

export const options = buildOptions(env.shape, {
  name: 'transfer_flows',
  operations: ['warmTransferCall', 'getCall', 'completeWarmTransfer', 'cancelWarmTransfer', 'getCallReport'],
  thresholds: { flow_duration: [], 'transfer_outcomes{outcome:not_bridged}': ['count<1'] },
}, env.thresholds);

export function setup(): Promise<CallSupply> {
  return findCalls(env, true);
}

export default countingInterruptions(transferFlow);

async function transferFlow(supply: CallSupply): Promise<void> {
  const callId = pick(supply.live, exec.scenario.iterationInTest);
  const destinations = 1 + Math.floor(Math.random() * 3);
  const t0 = now();
  const started = await warmAndBridge(env, callId, destinations);
  if (!started) return void transferOutcomes.add(1, { outcome: 'warm_failed' });
  const params = { id: callId, transferId: started.transferId };
  if (!started.bridged) {
    await send(env, 'cancelWarmTransfer', { params, body: { reason: 'not bridged in time' } });
    return void transferOutcomes.add(1, { outcome: 'not_bridged' });
  }
  const completing = Math.random() < env.completeRatio;
  const tryNext = !completing && destinations > 1 && Math.random() < env.tryNextRatio;
  const flow = completing ? 'complete' : tryNext ? 'cancel_try_next' : 'cancel';
  const end = completing
    ? await send(env, 'completeWarmTransfer', { params, body: { summary: 'load test' } })
    : await send(env, 'cancelWarmTransfer', { params, body: { tryNext, reason: 'load test' } });
  const next = end.body?.next_transfer as { id?: string } | null | undefined;
  // A dialled next attempt is ended too, so that transfers do not pile up on the target.
  if (next?.id) await send(env, 'cancelWarmTransfer', { params: { id: callId, transferId: next.id }, body: {} });
  await send(env, 'getCall', { params: { id: callId } });
  await send(env, 'getCallReport', { params: { id: callId }, alsoExpected: [404] });
  flowDuration.add(since(t0), { flow });
  transferOutcomes.add(1, { outcome: end.ok ? (OUTCOME[flow] ?? flow) : 'end_failed' });
}

export function handleSummary(data: unknown): Record<string, string> {
  return summaryOutputs(data, env.summaryFile, runnerRecord('transfer-flows', env));
}
