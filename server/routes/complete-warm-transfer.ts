import { transferBody } from '../serialize.ts';
import { complete } from '../transfers.ts';
import type { RouteHandler } from './route.ts';

export const completeWarmTransfer: RouteHandler = ({ store, params, body, now }) => {
  const call = store.call(params.id as string);
  const transfer = store.transfer(call, params.transferId as string);
  const req = (body ?? {}) as { summary?: string; recipientParticipantIdentity?: string };
  if (req.recipientParticipantIdentity) transfer.recipientIdentity = req.recipientParticipantIdentity;
  return { status: 200, body: transferBody(complete(store, call, transfer, req.summary, now)) };
};
