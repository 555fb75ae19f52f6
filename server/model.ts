// The reference server's internal state. Wire shapes are produced from it by serialize.ts.

export type TransferStatus = 'requested' | 'screening' | 'bridging' | 'completed' | 'failed' | 'cancelled';
export const ENDED_TRANSFER_STATUSES: ReadonlySet<TransferStatus> = new Set(['completed', 'failed', 'cancelled']);

export interface Agent {
  id: string;
  organizationId: string;
  /** Newest first, as the agent call list returns them. */
  callIds: string[];
}

export interface TranscriptEntry {
  id: string;
  index: number;
  source: 'user' | 'agent' | 'system';
  text: string;
  startedAt: number;
  endedAt: number | null;
  provider: string | null;
  model: string | null;
}

export interface CallEvent {
  id: string;
  provider: string;
  eventType: string;
  status: string | null;
  failureCause: string | null;
  sipStatusCode: number | null;
  sipStatus: string | null;
  occurredAt: number;
  payload: Record<string, unknown>;
}

export interface Report {
  summary: string;
  outcome: string;
  costMicroUsd: string;
  costBreakdown: { component: string; micro_usd: string }[];
  scheduledCallback: { at: string; reason: string } | null;
  analysisStatus: 'heuristic' | 'completed' | 'failed';
  webhookStatus: 'pending' | 'delivered' | 'failed';
  webhookAttempts: number;
  createdAt: number;
  updatedAt: number;
}

export interface Call {
  id: string;
  callSid: string;
  agentId: string;
  organizationId: string;
  kind: 'inbound' | 'outbound';
  roomName: string;
  language: string;
  createdAt: number;
  updatedAt: number;
  endedAt: number | null;
  recording: { status: 'recording' | 'processing' | 'available'; durationMs: number | null; key: string };
  transcript: TranscriptEntry[];
  events: CallEvent[];
  report: Report | null;
  transferIds: string[];
  /** Serialized call detail, dropped whenever the call or one of its transfers changes. */
  detailJson: string | null;
  /** When the next pending transfer status change of this call falls due (Infinity: none). */
  nextChangeAt: number;
}

export interface Destination {
  to: string;
  label?: string;
  outboundTrunkId?: string;
  screeningPrompt?: string;
  summary?: string;
  metadata?: Record<string, unknown>;
}

export interface FallbackPlan {
  strategy: 'return_to_assistant' | 'take_message' | 'end_call';
  message: string;
  takeMessagePrompt: string | null;
  holdAudioUrl: string | null;
}

export interface Transfer {
  id: string;
  callId: string;
  organizationId: string;
  kind: 'blind' | 'warm';
  status: TransferStatus;
  transferTo: string;
  fromRoomName: string;
  consultationRoomName: string | null;
  callerIdentity: string;
  recipientIdentity: string | null;
  outboundTrunkId: string | null;
  screeningPrompt: string | null;
  summary: string | null;
  failureCause: string | null;
  metadata: Record<string, unknown>;
  createdAt: number;
  updatedAt: number;
  completedAt: number | null;
  /** Status changes still to come, in time order (warm transfers advance on their own). */
  pending: { status: TransferStatus; at: number }[];
  /** The routing group: every attempt of one warm transfer, in dialling order. */
  attemptIds: string[];
  destinations: Destination[];
  destinationIndex: number;
  fallback: FallbackPlan;
  voicemailDetected: boolean;
}
