// k6's Response object as scripts see it (res.status, res.body, res.timings, res.json()).

export type Failure = { code: number; message: string };

export interface Timings {
  blocked: number; connecting: number; tls_handshaking: number; sending: number; waiting: number; receiving: number; duration: number;
}

export interface K6Response {
  status: number;
  status_text: string;
  body: string | ArrayBuffer | null;
  headers: Record<string, string>;
  timings: Timings;
  error: string;
  error_code: number;
  url: string;
  proto: string;
  request: { method: string; url: string; headers: Record<string, string>; body: string };
  json(selector?: string): unknown;
}

/** k6's Response: data, with json() on the prototype rather than a closure per response. */
export class HttpResponse implements K6Response {
  readonly error: string;
  readonly error_code: number;
  readonly #text: string;

  constructor(
    readonly status: number,
    readonly status_text: string,
    readonly body: string | ArrayBuffer | null,
    text: string,
    readonly headers: Record<string, string>,
    readonly timings: Timings,
    failure: Failure | null,
    readonly url: string,
    readonly request: K6Response['request'],
    /** The answer's HTTP version, as Go's Response.Proto says it. */
    readonly proto: string,
  ) {
    this.#text = text;
    this.error = failure?.message ?? '';
    this.error_code = failure?.code ?? (status >= 400 ? 1000 + status : 0);
  }

  json(selector?: string): unknown {
    if (selector) throw new Error('json(selector) is not supported by the built-in engine: parse the body and select in code');
    return JSON.parse(this.#text) as unknown;
  }
}
