import { ApiError } from '../api-error.ts';
import { report } from '../serialize.ts';
import type { RouteHandler } from './route.ts';

export const getCallReport: RouteHandler = ({ store, params }) => {
  const call = store.call(params.id as string);
  if (!call.report) throw new ApiError(404, 'REPORT_NOT_AVAILABLE', 'no report yet: finalize the call report first');
  return { status: 200, body: report(call, call.report) };
};
