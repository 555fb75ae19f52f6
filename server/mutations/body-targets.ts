// Where each body mutation strikes, per operation: a JSON pointer into the success body and
// the value put there. Data, kept apart from the code that applies it. An operation without an
// entry for a mutation has no field of that kind (no enum, no date-time) to break.

export interface BodyTargets {
  dropRequired: string;
  wrongType: [string, unknown];
  nullNotAllowed: string;
  enumViolation?: [string, unknown];
  malformedDateTime?: string;
}

const BAD_DATE = '24/11/2026 25:61';

const TRANSFER: BodyTargets = {
  dropRequired: '/transfer_to',
  wrongType: ['/metadata', 'none'],
  nullNotAllowed: '/kind',
  enumViolation: ['/status', 'ringing'],
  malformedDateTime: '/created_at',
};

export const BODY_TARGETS: Record<string, BodyTargets> = {
  getCall: {
    dropRequired: '/status',
    wrongType: ['/status', 7],
    nullNotAllowed: '/created_at',
    enumViolation: ['/transcript/entries/0/source', 'robot'],
    malformedDateTime: '/created_at',
  },
  listCallEvents: {
    dropRequired: '/events/0/event_type',
    wrongType: ['/events/0/sip_status_code', '200'],
    nullNotAllowed: '/events/0/provider',
    malformedDateTime: '/events/0/occurred_at',
  },
  getCallReport: {
    dropRequired: '/cost_micro_usd',
    wrongType: ['/cost_micro_usd', 125000],
    nullNotAllowed: '/summary',
    enumViolation: ['/analysis_status', 'pending'],
    malformedDateTime: '/transcript/entries/0/started_at',
  },
  finalizeCallReport: {
    dropRequired: '/webhook',
    wrongType: ['/cost_micro_usd', 125000],
    nullNotAllowed: '/outcome',
  },
  getCallRecording: {
    dropRequired: '/url',
    wrongType: ['/url', 12345],
    nullNotAllowed: '/url',
  },
  blindTransferCall: TRANSFER,
  warmTransferCall: TRANSFER,
  completeWarmTransfer: TRANSFER,
  cancelWarmTransfer: TRANSFER,
  listAgentCalls: {
    dropRequired: '/next_cursor',
    wrongType: ['/calls/0/status', 1],
    nullNotAllowed: '/calls',
    malformedDateTime: '/calls/0/created_at',
  },
};

export { BAD_DATE };
