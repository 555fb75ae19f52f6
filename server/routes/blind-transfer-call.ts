import { transferBody } from '../serialize.ts';
import { startBlind } from '../transfers.ts';
import type { RouteHandler } from './route.ts';

export const blindTransferCall: RouteHandler = ({ store, params, body, now }) => {
  const call = store.call(params.id as string);
  const req = body as { to: string; participantIdentity?: string };
  return { status: 201, body: transferBody(startBlind(store, call, req.to, req.participantIdentity, now)) };
};
