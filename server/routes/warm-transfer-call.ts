import { transferResponse } from '../serialize.ts';
import { startWarm, type WarmRequest } from '../transfers.ts';
import type { RouteHandler } from './route.ts';

export const warmTransferCall: RouteHandler = ({ store, params, body, now }) => {
  const call = store.call(params.id as string);
  const transfer = startWarm(store, call, body as WarmRequest, now);
  return { status: 201, body: transferResponse(store, transfer, null, null, false) };
};
