import { validDateTime } from '../../openapi/index.ts';
import { ApiError } from '../api-error.ts';
import type { Call } from '../model.ts';
import { callSummary } from '../serialize.ts';
import type { RouteHandler } from './route.ts';


/** Newest first; `next_cursor` is the created_at of the page's last call, null on the last page. */
export const listAgentCalls: RouteHandler = ({ store, params, query }) => {
  const agent = store.agent(params.id as string);
  const limit = parseLimit(query.get('limit'));
  const cursor = parseTime(query.get('cursor'), 'cursor');
  const since = parseTime(query.get('since'), 'since');
  const matching = agent.callIds
    .map((id) => store.calls.get(id) as Call)
    .filter((c) => (cursor === null || c.createdAt < cursor) && (since === null || c.createdAt >= since));
  const page = matching.slice(0, limit).map(callSummary);
  const last = page[page.length - 1];
  const next_cursor = matching.length > limit && last ? last.created_at : null;
  return { status: 200, body: { calls: page, entries: page, next_cursor } };
};

function parseLimit(raw: string | null): number {
  if (raw === null) return 50;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < 1 || n > 100) {
    throw new ApiError(400, 'VALIDATION_ERROR', 'invalid query', [{ path: 'limit', message: 'must be an integer from 1 to 100' }]);
  }
  return n;
}

function parseTime(raw: string | null, name: string): number | null {
  if (raw === null) return null;
  // The document declares both as format date-time: the same check the schemas use.
  if (!validDateTime(raw)) {
    throw new ApiError(400, 'VALIDATION_ERROR', 'invalid query', [{ path: name, message: 'must be an ISO 8601 date-time' }]);
  }
  return Date.parse(raw.replace(' ', 'T'));
}
