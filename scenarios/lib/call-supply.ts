// Live call ids for setup(): from CALLS_CALL_IDS, or the agent call list (the API's own way).
import { fail } from 'k6';
import type { ScenarioEnv } from './env.ts';
import { send } from './calls-api.ts';
import { isDotSegment } from '../../core/portable.ts';
import { setupFailures } from './metrics.ts';

export interface CallSupply {
  live: string[];
  ended: string[];
  /** Ended calls whose recording is stored. */
  recorded: string[];
}

interface Row {
  id: string;
  ended_at?: string | null;
  recording_status?: string | null;
}

const MAX_PAGES = 10;

/** The status, and why a 200 or a redirect is not an answer the run can use. */
function answerText(status: number, body: unknown, error: string): string {
  if (status === 0) return `nothing (${error || 'no answer'})`;
  if (status >= 300 && status < 400) return `${status}, a redirect (never followed: give the base URL the API answers at)`;
  return status === 200 && !body ? '200 without a JSON body' : String(status);
}

/** setup(): the calls to test with; a failure is counted (setup_failures) before it ends the run. */
export async function findCalls(env: ScenarioEnv, needLive: boolean): Promise<CallSupply> {
  try {
    return await supplyOf(env, needLive);
  } catch (err) {
    setupFailures.add(1);
    throw err;
  }
}

async function supplyOf(env: ScenarioEnv, needLive: boolean): Promise<CallSupply> {
  if (env.callIds.length) return { live: env.callIds, ended: env.callIds, recorded: env.callIds };
  if (!env.agentId) fail('no calls to test with: set CALLS_API_AGENT_ID (an agent with live calls) or CALLS_CALL_IDS');
  const rows: Row[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const res = await send(env, 'listAgentCalls', { params: { id: env.agentId }, query: cursor ? { limit: '100', cursor } : { limit: '100' } });
    if (res.status !== 200 || !res.body) fail(`the agent call list for ${env.agentId} answered ${answerText(res.status, res.body, res.error)}: check CALLS_API_BASE_URL, CALLS_API_TOKEN and CALLS_API_AGENT_ID`);
    const body = res.body as { calls?: Row[]; entries?: Row[]; next_cursor?: string | null };
    // An id no request can name (".", "..": core/path-segment.ts) is not one to test with.
    rows.push(...(body.calls ?? body.entries ?? []).filter((r) => !isDotSegment(String(r.id))));
    cursor = body.next_cursor ?? null;
    if (!cursor) break;
  }
  const supply = {
    live: rows.filter((r) => !r.ended_at).map((r) => r.id),
    ended: rows.filter((r) => !!r.ended_at).map((r) => r.id),
    recorded: rows.filter((r) => !!r.ended_at && (r.recording_status === 'available' || r.recording_status === 'completed')).map((r) => r.id),
  };
  if (needLive && !supply.live.length) fail(`agent ${env.agentId} has no live calls (of ${rows.length}): pick an agent with calls in progress, or list call ids in CALLS_CALL_IDS`);
  return supply;
}

/** Spreads concurrent iterations over different calls. */
export function pick(ids: string[], iteration: number): string {
  return ids[iteration % ids.length] as string;
}
