// A benchmark script: call detail reads, validated like every scenario's, with the executor
// from BENCH_OPTIONS so that one script serves every engine benchmark.
import exec from 'k6/execution';
import { send } from '../../scenarios/lib/calls-api.ts';
import { readEnv } from '../../scenarios/lib/env.ts';

const env = readEnv(__ENV);
const ids = (__ENV.BENCH_CALL_IDS ?? '').split(',');

export const options = JSON.parse(__ENV.BENCH_OPTIONS ?? '{}');

export default async function (): Promise<void> {
  await send(env, 'getCall', { params: { id: ids[exec.scenario.iterationInTest % ids.length] as string } });
}

/** The summary data in a file, for the k6 benchmark (the built-in engine's is read in process). */
export function handleSummary(data: unknown): Record<string, string> {
  return __ENV.CALLS_SUMMARY_FILE ? { [__ENV.CALLS_SUMMARY_FILE]: JSON.stringify(data) } : {};
}
