// The run's own results into the team's Prometheus, when the run writes k6's remote-write output:
// the same switch and variables as k6 (--k6-out experimental-prometheus-rw, K6_PROMETHEUS_RW_*).
import { terminalText } from '../core/index.ts';
import { OUTPUT_NAME, remoteWriteConfig, type RemoteWriteConfig } from '../load/index.ts';
import { pushResultMetrics, type RunResult } from '../reports/index.ts';

/** The receiver's settings when the outputs ask for remote write; throws on a bad setting (before any request). */
export function resultReceiver(outputs: string[] | undefined, env: Record<string, string | undefined> = process.env): RemoteWriteConfig | null {
  return outputs?.some((o) => o.split('=', 1)[0] === OUTPUT_NAME) ? remoteWriteConfig(env) : null;
}

/**
 * Pushes the result; a receiver that is down costs a warning (returned, for the command to print),
 * never the verdict. The receiver's answer is quoted in it: made safe for a terminal, as any text it sent.
 */
export async function publishResult(result: RunResult, receiver: RemoteWriteConfig | null): Promise<string | null> {
  if (!receiver) return null;
  const warning = await pushResultMetrics(result, receiver);
  return warning ? terminalText(warning) : null;
}
