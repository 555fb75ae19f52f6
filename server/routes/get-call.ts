import { callDetail } from '../serialize.ts';
import { advanceCall } from '../transfers.ts';
import type { RouteHandler } from './route.ts';

export const getCall: RouteHandler = ({ store, params, now }) => {
  const call = store.call(params.id as string);
  advanceCall(store, call, now);
  // Call detail is the hottest read of a load test: serialize once per change, not per request.
  call.detailJson ??= JSON.stringify(callDetail(store, call));
  return { status: 200, body: undefined, json: call.detailJson };
};
