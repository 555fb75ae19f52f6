import type { Report } from '../model.ts';
import type { RouteHandler } from './route.ts';

interface FinalizeRequest {
  forceAnalysis?: boolean;
  retryWebhook?: boolean;
}

/** Produces the report of a call that has none, or refreshes it. */
export const finalizeCallReport: RouteHandler = ({ store, params, body, now }) => {
  const call = store.call(params.id as string);
  const req = (body ?? {}) as FinalizeRequest;
  const r: Report = call.report ?? {
    summary: 'Call in progress: heuristic summary from the transcript so far.',
    outcome: 'in_progress',
    costMicroUsd: String(1000 + call.transcript.length * 850),
    costBreakdown: [{ component: 'stt', micro_usd: String(call.transcript.length * 850) }, { component: 'platform', micro_usd: '1000' }],
    scheduledCallback: null,
    analysisStatus: 'heuristic',
    webhookStatus: 'pending',
    webhookAttempts: 0,
    createdAt: now,
    updatedAt: now,
  };
  // Full analysis needs the whole call, unless the caller forces it.
  if (call.endedAt !== null || req.forceAnalysis) r.analysisStatus = 'completed';
  if (req.retryWebhook || r.webhookStatus !== 'delivered') {
    r.webhookAttempts += 1;
    r.webhookStatus = 'delivered';
  }
  r.updatedAt = now;
  call.report = r;
  store.touch(call, now);
  return {
    status: 200,
    body: {
      session_id: call.id,
      summary: r.summary,
      outcome: r.outcome,
      cost_micro_usd: r.costMicroUsd,
      analysis_status: r.analysisStatus,
      webhook: { status: r.webhookStatus, attempts: r.webhookAttempts, delivered_at: new Date(now).toISOString() },
    },
  };
};
