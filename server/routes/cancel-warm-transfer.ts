import { transferResponse } from '../serialize.ts';
import { cancel } from '../transfers.ts';
import type { RouteHandler } from './route.ts';

export const cancelWarmTransfer: RouteHandler = ({ store, params, body, now, quirks }) => {
  const call = store.call(params.id as string);
  const transfer = store.transfer(call, params.transferId as string);
  const req = (body ?? {}) as { tryNext?: boolean; reason?: string; voicemailDetected?: boolean };
  const outcome = cancel(store, call, transfer, { ...req, skipDestination: quirks?.has('try-next-skips-destination') === true }, now);
  return { status: 200, body: transferResponse(store, outcome.transfer, outcome.next, outcome.fallback, transfer.voicemailDetected) };
};
