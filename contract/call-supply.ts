// Call ids to test with: from the agent call list (the API's own way to find them), or given.
import { CodedError, isDotSegment } from '../core/index.ts';
import type { CatalogOperation } from '../openapi/index.ts';
import type { ApiClient } from './api-client.ts';
import type { Exchange } from './exchange.ts';
import { describeReceived } from './finding.ts';

export interface CallRow {
  id: string;
  ended_at?: string | null;
  recording_status?: string | null;
}

export class ContractStartError extends CodedError {}

export class CallSupply {
  private next = 0;

  constructor(readonly agentId: string | null, readonly rows: CallRow[]) {}

  get live(): CallRow[] {
    return this.rows.filter((r) => r.ended_at === null || r.ended_at === undefined);
  }

  get ended(): CallRow[] {
    return this.rows.filter((r) => typeof r.ended_at === 'string');
  }

  /** Live calls in turn, so that concurrent checks spread over them. */
  takeLive(): string | null {
    const live = this.live;
    if (!live.length) return null;
    return (live[this.next++ % live.length] as CallRow).id;
  }

  anyCall(): string {
    return (this.live[0] ?? this.rows[0] as CallRow).id;
  }

  /** A call whose report and recording should exist: ended, recording stored when it says so. */
  endedCall(withRecording = false): string {
    const ended = this.ended;
    const stored = ended.find((r) => r.recording_status === 'available' || r.recording_status === 'completed');
    return (withRecording && stored ? stored : ended[0] ?? this.rows[0] as CallRow).id;
  }
}

export async function loadCallSupply(client: ApiClient, list: CatalogOperation, agentId: string | null, callIds: string[]): Promise<CallSupply> {
  if (callIds.length) return new CallSupply(agentId, callIds.map((id) => ({ id })));
  if (!agentId) throw new ContractStartError('E_NO_AGENT', 'No call ids to test with: give --agent ID (or CALLS_API_AGENT_ID) so that live calls can be found through the agent call list, or list calls with --call-id.');
  const ex = await client.send(list, { params: { id: agentId }, query: { limit: '100' } });
  const rows = callRows(client, ex, agentId);
  if (!rows.length) throw new ContractStartError('E_NO_CALLS', `Agent "${agentId}" has no calls to test with. Pick an agent with calls (--agent), or list call ids with --call-id.`);
  return new CallSupply(agentId, rows);
}

function redirectHint(status: number): string {
  return status >= 300 && status < 400 ? ' The harness does not follow redirects: give the base URL the API answers at.' : '';
}

function callRows(client: ApiClient, ex: Exchange, agentId: string): CallRow[] {
  const res = ex.response;
  if (ex.failure || !res) throw new ContractStartError('E_TARGET_UNREACHABLE', `The target ${client.baseUrl} did not answer the agent call list: ${ex.failure?.message ?? 'no response'}. Check --target (or CALLS_API_BASE_URL), and that the service is up.`);
  if (res.status === 401 || res.status === 403) throw new ContractStartError('E_TOKEN_REJECTED', `The target answered ${res.status} to the token in CALLS_API_TOKEN. Set CALLS_API_TOKEN to a valid API key for ${client.baseUrl}.`);
  if (res.status === 404) throw new ContractStartError('E_UNKNOWN_AGENT', `The target knows no agent "${agentId}" (404). Check --agent (or CALLS_API_AGENT_ID).`);
  // Lenient on purpose: a page that breaks its contract still names calls to test with, and the
  // listAgentCalls checks report what is wrong with it.
  const page = res.json as { calls?: unknown; entries?: unknown } | undefined;
  const calls = Array.isArray(page?.calls) ? page.calls : page?.entries;
  if (res.status < 200 || res.status >= 300 || !Array.isArray(calls)) {
    throw new ContractStartError('E_TARGET_NOT_JSON', `The agent call list did not answer 200 with a JSON page of calls; received ${describeReceived(ex).slice(0, 200)}. Check that --target points at the Calls API.${redirectHint(res.status)}`);
  }
  // An id no request can name (".", "..": core/path-segment.ts) is not one to test with.
  return calls.filter((c): c is CallRow => typeof (c as CallRow | null)?.id === 'string' && !isDotSegment((c as CallRow).id));
}
