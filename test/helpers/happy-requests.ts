// For each operation, a request that the documented success status should answer.
import { operation, pathFor, waitForTransferStatus, type TestServer } from './reference-server.ts';

export interface PreparedRequest {
  method: string;
  path: string;
  body?: unknown;
}

type CallRow = { id: string; ended_at: string | null; recording_status: string | null };

async function calls(s: TestServer): Promise<CallRow[]> {
  return ((await s.call('GET', `/v1/agents/${s.agentIds[0]}/calls?limit=100`)).json as { calls: CallRow[] }).calls;
}

export async function startBridgedWarmTransfer(s: TestServer, callId: string, destinations = 1): Promise<string> {
  const body = { destinations: Array.from({ length: destinations }, (_, i) => ({ to: `+1201555${String(100 + i).padStart(4, '0')}` })) };
  const res = await s.call('POST', `/v1/calls/${callId}/transfers/warm`, { body });
  if (res.status !== 201) throw new Error(`warm transfer answered ${res.status}: ${res.text}`);
  const id = (res.json as { id: string }).id;
  await waitForTransferStatus(s, callId, id, 'bridging');
  return id;
}

export async function prepareHappyRequest(s: TestServer, operationId: string): Promise<PreparedRequest> {
  const op = operation(operationId);
  const rows = await calls(s);
  const live = rows.find((c) => c.ended_at === null)?.id as string;
  const recorded = rows.find((c) => c.recording_status === 'available')?.id as string;
  const ended = rows.find((c) => c.ended_at !== null)?.id as string;
  const params: Record<string, string> = { id: live };
  let body: unknown;
  switch (operationId) {
    case 'listAgentCalls': params.id = s.agentIds[0] as string; break;
    case 'getCallReport': params.id = ended; break;
    case 'getCallRecording': params.id = recorded; break;
    case 'finalizeCallReport': body = { forceAnalysis: true }; break;
    case 'blindTransferCall': body = { to: '+12015550199' }; break;
    case 'warmTransferCall': body = { to: '+12015550198' }; break;
    case 'completeWarmTransfer':
    case 'cancelWarmTransfer':
      params.transferId = await startBridgedWarmTransfer(s, live);
      body = {};
      break;
  }
  return { method: op.method, path: pathFor(op.path, params), body };
}
