// Internal state -> the wire shapes of the published schemas, with null where the real
// service sends null and a few undocumented fields, as real responses carry.
import type { Call, CallEvent, FallbackPlan, Report, TranscriptEntry, Transfer } from './model.ts';
import type { Store } from './store.ts';
import type { AgentCallListEntry, CallDetail, CallEvent as WireCallEvent, CallReport, CallTranscriptEntry, CallTransfer, CallTransferResponse } from '../openapi/index.ts';

const iso = (ms: number) => new Date(ms).toISOString();
const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms));

export function callSummary(call: Call): AgentCallListEntry & { created_at: string } {
  return {
    id: call.id,
    call_id: call.callSid,
    resource_uri: `/v1/calls/${call.id}`,
    agent_id: call.agentId,
    status: call.endedAt === null ? 'in_progress' : 'completed',
    kind: call.kind,
    room_name: call.roomName,
    language: call.language,
    created_at: iso(call.createdAt),
    ended_at: isoOrNull(call.endedAt),
    duration_seconds: call.endedAt === null ? null : Math.round((call.endedAt - call.createdAt) / 1000),
    recording_status: call.recording.status,
  };
}

export function callDetail(store: Store, call: Call): CallDetail {
  return {
    ...callSummary(call),
    organization_id: call.organizationId,
    pipeline_config: { agent_id: call.agentId, stt: 'deepgram/nova-3', llm: 'openai/gpt-4o-mini', tts: 'cartesia/sonic' },
    metadata: { source: 'reference-server' },
    updated_at: iso(call.updatedAt),
    recording_duration_ms: call.recording.durationMs,
    recording_resource_uri: `/v1/calls/${call.id}/recording`,
    report: call.report ? report(call, call.report) : null,
    transfers: store.transfersOf(call).map(transferBody),
    transcript: { entries: call.transcript.map(transcriptEntry) },
    span_tree: { name: 'call', duration_ms: call.endedAt === null ? null : call.endedAt - call.createdAt, children: [] },
  };
}

export function report(call: Call, r: Report): CallReport {
  return {
    session_id: call.id,
    organization_id: call.organizationId,
    summary: r.summary,
    outcome: r.outcome,
    structured_data: { intent: 'reschedule', sentiment: 'neutral' },
    transcript: { entries: call.transcript.map(transcriptEntry) },
    cost_micro_usd: r.costMicroUsd,
    cost_breakdown: r.costBreakdown,
    metadata: {},
    scheduled_callback: r.scheduledCallback,
    analysis_status: r.analysisStatus,
    post_call_webhook_status: r.webhookStatus,
    created_at: iso(r.createdAt),
    updated_at: iso(r.updatedAt),
  };
}

export function transcriptEntry(e: TranscriptEntry): CallTranscriptEntry {
  return { id: e.id, index: e.index, source: e.source, text: e.text, started_at: iso(e.startedAt), ended_at: isoOrNull(e.endedAt), provider: e.provider, model: e.model, metadata: {} };
}

export function callEvent(call: Call, e: CallEvent): WireCallEvent {
  return {
    id: e.id,
    session_id: call.id,
    organization_id: call.organizationId,
    provider: e.provider,
    event_type: e.eventType,
    status: e.status,
    failure_cause: e.failureCause,
    sip_status_code: e.sipStatusCode,
    sip_status: e.sipStatus,
    occurred_at: iso(e.occurredAt),
    payload: e.payload,
    created_at: iso(e.occurredAt),
  };
}

export function transferBody(t: Transfer): CallTransfer {
  return {
    id: t.id,
    session_id: t.callId,
    organization_id: t.organizationId,
    kind: t.kind,
    status: t.status,
    transfer_to: t.transferTo,
    from_room_name: t.fromRoomName,
    consultation_room_name: t.consultationRoomName,
    caller_participant_identity: t.callerIdentity,
    recipient_participant_identity: t.recipientIdentity,
    outbound_trunk_id: t.outboundTrunkId,
    screening_prompt: t.screeningPrompt,
    summary: t.summary,
    failure_cause: t.failureCause,
    metadata: t.metadata,
    created_at: iso(t.createdAt),
    updated_at: iso(t.updatedAt),
    completed_at: isoOrNull(t.completedAt),
  };
}

export function transferResponse(store: Store, t: Transfer, next: Transfer | null, fallback: FallbackPlan | null, voicemailDetected: boolean): CallTransferResponse {
  return {
    ...transferBody(t),
    routing_attempts: t.attemptIds.map((id) => transferBody(store.transfers.get(id) as Transfer)),
    next_transfer: next ? transferBody(next) : null,
    fallback: fallback
      ? { action: fallback.strategy, message: fallback.message, take_message_prompt: fallback.takeMessagePrompt, hold_audio_url: fallback.holdAudioUrl, voicemail_detected: voicemailDetected }
      : null,
  };
}
