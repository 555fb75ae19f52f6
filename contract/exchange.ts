// One request and what came back (or why nothing did), with no credentials in it.
import type { AuthVariant } from './auth-variants.ts';

export type FailureKind = 'timeout' | 'refused' | 'dns' | 'tls' | 'reset' | 'truncated' | 'other';

export interface ExchangeRequest {
  method: string;
  url: string;
  body?: unknown;
  auth: AuthVariant;
}

export interface ExchangeResponse {
  status: number;
  contentType: string;
  headers: Record<string, string>;
  text: string;
  /** The parsed body, when it parsed as JSON. */
  json?: unknown;
  jsonError?: string;
}

export interface Exchange {
  operationId: string;
  request: ExchangeRequest;
  response?: ExchangeResponse;
  failure?: { kind: FailureKind; message: string };
  ms: number;
}
