// Sends a run's result series to the remote-write receiver the run was configured with. A
// receiver that is down costs a warning, never the verdict.
import { RemoteWriteClient, type RemoteWriteConfig } from '../load/index.ts';
import type { RunResult } from './model.ts';
import { resultMetrics } from './result-metrics.ts';

/** null when the receiver took them, else a warning naming the receiver and what went wrong. */
export async function pushResultMetrics(result: RunResult, config: RemoteWriteConfig): Promise<string | null> {
  const client = new RemoteWriteClient(config);
  try {
    const error = await client.store(resultMetrics(result));
    const u = new URL(config.url);
    return error ? `the run's results were not written to Prometheus at ${u.protocol}//${u.host}${u.pathname} (${error}); the verdict stands` : null;
  } finally {
    await client.close();
  }
}
