// Builds the server's initial state from a seed: agents, each with live and ended calls.
import type { Agent, Call, CallEvent, Report, TranscriptEntry } from './model.ts';
import { Random } from './random.ts';

export interface SeedOptions {
  seed: number;
  agents: number;
  callsPerAgent: number;
  /** Share of each agent's calls that are still live (ended_at null). */
  liveRatio: number;
  now: number;
}

const AGENT_LINES = ['Thanks for calling Speko Dental, how can I help?', 'Let me check that for you.', 'I can connect you with a specialist now.', 'Is there anything else I can help with?'];
const USER_LINES = ['Hi, I need to move my appointment.', 'Can I talk to a person please?', 'It is about my last invoice.', 'Yes, Thursday morning works.'];
const OUTCOMES = ['resolved', 'transferred', 'voicemail', 'abandoned'];
const SPACING_MS = 97_000;

export function seedState(opts: SeedOptions): { agents: Map<string, Agent>; calls: Map<string, Call> } {
  const rnd = new Random(opts.seed);
  const agents = new Map<string, Agent>();
  const calls = new Map<string, Call>();
  const organizationId = `org_${rnd.token(12)}`;
  for (let a = 0; a < opts.agents; a++) {
    const agent: Agent = { id: `agt_${rnd.token(14)}`, organizationId, callIds: [] };
    const live = Math.round(opts.callsPerAgent * opts.liveRatio);
    for (let i = 0; i < opts.callsPerAgent; i++) {
      // Newest first; live calls are the newest ones, as they would be on a real line.
      const createdAt = opts.now - (i + 1) * SPACING_MS - rnd.int(0, 50_000);
      const call = seedCall(rnd, agent, createdAt, i < live ? null : createdAt + rnd.int(30, 600) * 1000);
      calls.set(call.id, call);
      agent.callIds.push(call.id);
    }
    agents.set(agent.id, agent);
  }
  return { agents, calls };
}

function seedCall(rnd: Random, agent: Agent, createdAt: number, endedAt: number | null): Call {
  const id = `call_${rnd.token(18)}`;
  const provider = rnd.pick(['twilio', 'telnyx']);
  const transcript = seedTranscript(rnd, createdAt, endedAt);
  const events: CallEvent[] = [
    event(rnd, provider, 'call.initiated', 'ringing', 180, 'Ringing', createdAt),
    event(rnd, provider, 'call.answered', 'in_progress', 200, 'OK', createdAt + 1200),
  ];
  if (endedAt !== null) events.push(event(rnd, provider, 'call.ended', 'completed', 200, 'OK', endedAt));
  return {
    id,
    callSid: `CA${rnd.token(32)}`,
    agentId: agent.id,
    organizationId: agent.organizationId,
    kind: rnd.chance(0.8) ? 'inbound' : 'outbound',
    roomName: `room-${rnd.token(10)}`,
    language: rnd.pick(['en-US', 'en-GB', 'es-US']),
    createdAt,
    updatedAt: endedAt ?? createdAt + 1200,
    endedAt,
    // Some ended calls are still being stored: their recording is not available yet.
    recording: endedAt === null
      ? { status: 'recording', durationMs: null, key: rnd.token(20) }
      : { status: rnd.chance(0.85) ? 'available' : 'processing', durationMs: endedAt - createdAt, key: rnd.token(20) },
    transcript,
    events,
    report: endedAt === null ? null : seedReport(rnd, endedAt),
    transferIds: [],
    detailJson: null,
    nextChangeAt: Infinity,
  };
}

function seedTranscript(rnd: Random, start: number, endedAt: number | null): TranscriptEntry[] {
  const entries: TranscriptEntry[] = [
    { id: `te_${rnd.token(12)}`, index: 0, source: 'system', text: 'Call recording and transcription enabled.', startedAt: start, endedAt: start, provider: null, model: null },
  ];
  const turns = rnd.int(2, 6);
  for (let i = 1; i <= turns; i++) {
    const agentTurn = i % 2 === 1;
    const startedAt = start + i * 4000;
    entries.push({
      id: `te_${rnd.token(12)}`,
      index: i,
      source: agentTurn ? 'agent' : 'user',
      text: rnd.pick(agentTurn ? AGENT_LINES : USER_LINES),
      startedAt,
      // A live call's last turn may still be under way.
      endedAt: endedAt === null && i === turns ? null : startedAt + 3000,
      provider: agentTurn ? 'openai' : 'deepgram',
      model: agentTurn ? 'gpt-4o-mini' : 'nova-3',
    });
  }
  return entries;
}

function seedReport(rnd: Random, at: number): Report {
  const stt = rnd.int(1000, 9000);
  const llm = rnd.int(2000, 30000);
  return {
    summary: 'Caller asked to reschedule; the agent offered Thursday morning and confirmed.',
    outcome: rnd.pick(OUTCOMES),
    costMicroUsd: String(stt + llm),
    costBreakdown: [{ component: 'stt', micro_usd: String(stt) }, { component: 'llm', micro_usd: String(llm) }],
    scheduledCallback: rnd.chance(0.2) ? { at: new Date(at + 86_400_000).toISOString(), reason: 'caller asked for a callback' } : null,
    analysisStatus: 'completed',
    webhookStatus: 'delivered',
    webhookAttempts: 1,
    createdAt: at + 5000,
    updatedAt: at + 5000,
  };
}

export function event(rnd: Random, provider: string, eventType: string, status: string | null, sipCode: number | null, sipStatus: string | null, at: number, payload: Record<string, unknown> = {}): CallEvent {
  return { id: `evt_${rnd.token(16)}`, provider, eventType, status, failureCause: null, sipStatusCode: sipCode, sipStatus, occurredAt: at, payload };
}
