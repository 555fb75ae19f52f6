// The head of an HTTP/1.x answer (status line and header fields, RFC 9112), read from its bytes
// as one latin1 string, with header names as k6 (Go) writes them: Content-Type, X-Request-Id.
import { boundedCache } from './bounded-cache.ts';

export interface ResponseHead {
  /** 0 for HTTP/1.0, 1 for HTTP/1.1. */
  minor: number;
  status: number;
  /** The code and its reason, as Go's Response.Status: "200 OK". */
  statusText: string;
  /** Canonical names; a field sent more than once has its values joined with ", ", as k6 joins them. */
  headers: Record<string, string>;
  contentLength: number | null;
  /** Transfer-Encoding: chunked (HTTP/1.1), which overrides any Content-Length. */
  chunked: boolean;
  /** The Connection field's values, lower-cased and joined ('' when absent). */
  connection: string;
}

/** The head, or what is wrong with it, in words. */
export function parseResponseHead(head: string): ResponseHead | string {
  const lines = head.split('\r\n');
  const first = lines[0] as string;
  const status = /^HTTP\/1\.([01]) (\d{3})(?: .*)?$/.exec(first);
  if (!status) return `malformed status line ${JSON.stringify(first.slice(0, 100))}`;
  // Go's Response.Status, which k6 shows as status_text: the code and its reason ("200 OK").
  const parsed: ResponseHead = { minor: Number(status[1]), status: Number(status[2]), statusText: first.slice('HTTP/1.1 '.length), headers: {}, contentLength: null, chunked: false, connection: '' };
  let last = '';
  let coding: string | undefined;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] as string;
    // An obsolete folded line continues the field before it.
    if (line.charCodeAt(0) === 32 || line.charCodeAt(0) === 9) {
      if (last) parsed.headers[last] += ` ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) return `malformed header line ${JSON.stringify(line.slice(0, 100))}`;
    const name = headerName(line.slice(0, colon));
    if (name.lower === 'transfer-encoding') {
      // Go consumes this field: the framing's, not shown in the headers.
      coding = coding === undefined ? line.slice(colon + 1).trim() : `${coding}, ${line.slice(colon + 1).trim()}`;
      last = '';
      continue;
    }
    const problem = addField(parsed, name, line.slice(colon + 1).trim());
    if (problem) return problem;
    last = name.canonical;
  }
  return coding === undefined ? parsed : transferCoding(parsed, coding);
}

/**
 * Go's parseTransferEncoding: ignored on HTTP/1.0; on HTTP/1.1 only "chunked", sent once, is
 * understood, and it overrides (and removes) a Content-Length.
 */
function transferCoding(head: ResponseHead, coding: string): ResponseHead | string {
  if (head.minor === 0) return head;
  if (coding.toLowerCase() !== 'chunked') return `unsupported transfer encoding ${JSON.stringify(coding)}`;
  head.chunked = true;
  head.contentLength = null;
  if (head.headers['Content-Length'] !== undefined) delete head.headers['Content-Length'];
  return head;
}

function addField(head: ResponseHead, name: HeaderName, value: string): string | undefined {
  const had = head.headers[name.canonical];
  if (name.lower === 'content-length') {
    // The same length sent twice is one field, as Go keeps it; two different ones are refused.
    if (!/^\d+$/.test(value) || (had !== undefined && had !== value)) return `invalid Content-Length ${JSON.stringify(value)}`;
    head.headers[name.canonical] = value;
    head.contentLength = Number(value);
    return undefined;
  }
  head.headers[name.canonical] = had === undefined ? value : `${had}, ${value}`;
  if (name.lower === 'connection') {
    head.connection = head.connection ? `${head.connection}, ${value.toLowerCase()}` : value.toLowerCase();
  }
  return undefined;
}

interface HeaderName {
  lower: string;
  canonical: string;
}

/** Header names as sent, each with its lower-case and canonical forms: a server sends the same few. */
const headerName = boundedCache(1000, (raw): HeaderName => {
  const lower = raw.trim().toLowerCase();
  return { lower, canonical: lower.split('-').map((p) => p.charAt(0).toUpperCase() + p.slice(1)).join('-') };
});
