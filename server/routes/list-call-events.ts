import { callEvent } from '../serialize.ts';
import { advanceCall } from '../transfers.ts';
import type { RouteHandler } from './route.ts';

export const listCallEvents: RouteHandler = ({ store, params, now }) => {
  const call = store.call(params.id as string);
  advanceCall(store, call, now);
  return { status: 200, body: { events: call.events.map((e) => callEvent(call, e)) } };
};
