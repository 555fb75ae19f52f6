// One request and what came back (or why nothing did), with no credentials in it.
import type { AuthVariant } from './auth-variants.ts';
import type { JsonHazard } from './json-hazards.ts';
import type { BodyBytes } from './read-body.ts';

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
  /** The body was larger than the harness reads (read-body.ts): not parsed. */
  oversize?: BodyBytes['oversize'];
  notUtf8At?: number;
  bom?: boolean;
  /** What JSON.parse forgives but clients trip on (json-hazards.ts). */
  hazards?: JsonHazard[];
}

export interface Exchange {
  operationId: string;
  request: ExchangeRequest;
  response?: ExchangeResponse;
  failure?: { kind: FailureKind; message: string };
  ms: number;
}
