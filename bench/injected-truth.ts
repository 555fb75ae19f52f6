// The reference server's record of the delays it injected, and reported percentiles judged against it.
import type { ServerProcess } from './spawn-server.ts';

type Truth = Record<string, { p50: number; p95: number; p99: number }>;

/** The exact percentiles (nearest rank) of the delays injected per operation; `reset` clears the record first. */
export async function injectedDelays(server: Pick<ServerProcess, 'url' | 'apiKey'>, reset = false): Promise<Truth> {
  const res = await fetch(`${server.url}/_harness/delays`, { method: reset ? 'DELETE' : 'GET', headers: { authorization: `Bearer ${server.apiKey}` } });
  return (await res.json()) as Truth;
}

export interface AccuracyRow {
  stat: string;
  reported: number;
  injected: number;
  withinBudget: boolean;
}

/**
 * A summary's http_req_waiting p50/p95/p99 (`reported`: its values) against the injected truth of
 * one operation: within 5% plus `slackMs` (the wire and the event loop add a little).
 */
export function accuracyRows(reported: Record<string, number>, truth: Truth[string] | undefined, slackMs = 1): AccuracyRow[] {
  return ([['p50', 'med'], ['p95', 'p(95)'], ['p99', 'p(99)']] as const).map(([stat, key]) => {
    const injected = truth?.[stat] ?? 0;
    const got = reported[key] ?? 0;
    return { stat, reported: got, injected, withinBudget: Math.abs(got - injected) <= injected * 0.05 + slackMs };
  });
}
