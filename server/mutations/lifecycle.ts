// Mutations that break the transfer lifecycle while every single response keeps its schema: only
// a sequence of requests shows them (the contract's lifecycle_model_holds check).
import type { MutationDef } from './mutation-def.ts';

type Transfer = { status?: string; created_at?: string; completed_at?: string | null };

const onTransfers = (body: unknown, fn: (transfers: Transfer[], detail: { transfers: Transfer[] }) => boolean) => {
  const detail = body as { transfers?: Transfer[] };
  return Array.isArray(detail.transfers) && fn(detail.transfers, detail as { transfers: Transfer[] });
};

/** completed_at one second before created_at, wherever a completed transfer is shown. */
const completedEarly = (t: Transfer): boolean => {
  if (t.status !== 'completed' || !t.created_at) return false;
  t.completed_at = new Date(Date.parse(t.created_at) - 1000).toISOString();
  return true;
};

export const LIFECYCLE_MUTATIONS: MutationDef[] = [
  {
    name: 'try-next-skips-destination',
    description: 'cancel with tryNext dials the destination after the next one, when there is one',
    stage: 'lifecycle',
    appliesTo: (op) => op === 'cancelWarmTransfer',
    // Applied in the transfer state machine (server/transfers.ts): the body alone cannot lie about it.
  },
  {
    name: 'completed-shows-bridging-again',
    description: 'call detail shows a completed transfer as bridging again once a later transfer starts on the call',
    stage: 'lifecycle',
    appliesTo: (op) => op === 'getCall',
    mutate: (_op, body) => onTransfers(body, (transfers) => {
      let changed = false;
      transfers.forEach((t, i) => {
        if (t.status === 'completed' && i < transfers.length - 1) {
          t.status = 'bridging';
          t.completed_at = null;
          changed = true;
        }
      });
      return changed;
    }),
  },
  {
    name: 'call-detail-lists-recent-three',
    description: 'call detail lists only the three most recent transfers of the call',
    stage: 'lifecycle',
    appliesTo: (op) => op === 'getCall',
    mutate: (_op, body) => onTransfers(body, (transfers, detail) => {
      if (transfers.length <= 3) return false;
      detail.transfers = transfers.slice(-3);
      return true;
    }),
  },
  {
    name: 'completed-before-created',
    description: 'a completed transfer shows a completion time earlier than its creation time',
    stage: 'lifecycle',
    appliesTo: (op) => op === 'completeWarmTransfer' || op === 'getCall',
    mutate: (op, body) => (op === 'getCall' ? onTransfers(body, (transfers) => transfers.map(completedEarly).some(Boolean)) : completedEarly(body as Transfer)),
  },
];
