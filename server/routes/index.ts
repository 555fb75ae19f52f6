// One handler per operationId of the catalog.
import { blindTransferCall } from './blind-transfer-call.ts';
import { cancelWarmTransfer } from './cancel-warm-transfer.ts';
import { completeWarmTransfer } from './complete-warm-transfer.ts';
import { finalizeCallReport } from './finalize-call-report.ts';
import { getCall } from './get-call.ts';
import { getCallRecording } from './get-call-recording.ts';
import { getCallReport } from './get-call-report.ts';
import { listAgentCalls } from './list-agent-calls.ts';
import { listCallEvents } from './list-call-events.ts';
import type { RouteHandler } from './route.ts';
import { warmTransferCall } from './warm-transfer-call.ts';

export const HANDLERS: Record<string, RouteHandler> = {
  getCall, listCallEvents, getCallReport, finalizeCallReport, getCallRecording,
  blindTransferCall, warmTransferCall, completeWarmTransfer, cancelWarmTransfer, listAgentCalls,
};

export type { RouteContext, RouteHandler, RouteResult } from './route.ts';
