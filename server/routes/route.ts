// What a route handler receives and returns.
import type { Store } from '../store.ts';

export interface RouteContext {
  store: Store;
  params: Record<string, string>;
  query: URLSearchParams;
  /** The parsed request body, already valid against the operation's request schema (or undefined). */
  body: unknown;
  now: number;
  /** Lifecycle mutations switched on for this operation that the state machine itself applies. */
  quirks?: ReadonlySet<string>;
}

export interface RouteResult {
  status: number;
  /** A ready JSON string (cached call detail) or a value to serialize. */
  body: unknown;
  json?: string;
}

export type RouteHandler = (ctx: RouteContext) => RouteResult;
