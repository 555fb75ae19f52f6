// Where a run sends its requests, and whether it may change state there. Every command checks
// its target here, at the edge, before any request: one set of rules, one kind of error.
import { CodedError } from '../core/index.ts';

/** A target a user typed that the harness cannot use; its message never holds credentials. */
export class TargetError extends CodedError {
  constructor(message: string) {
    super('E_BAD_TARGET', message);
  }
}

const HIGHEST_PORT = 65535;

/**
 * The base URL to send requests to, checked: http or https, a host, a port from 1 to 65535, no
 * credentials, no query or fragment, no /v1 (the harness adds each operation's /v1/... path).
 * `source` names where the value came from (a flag, a variable, the config file).
 */
export function checkTarget(raw: string, source = 'The target'): string {
  const shown = JSON.stringify(maskCredentials(raw));
  if (raw.trim() === '') throw new TargetError(`${source} is empty. ${FIX}, or leave it out (unset) to test the embedded reference server.`);
  checkPort(raw.trim(), source, shown);
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new TargetError(`${source} ${shown} is not a URL. ${FIX}.`);
  }
  const problem = shapeProblem(url, raw);
  if (problem) throw new TargetError(`${source} ${shown} ${problem}`);
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

const FIX = 'Give the Calls API base URL, e.g. https://staging.example.com';

/** Before URL parsing, which would only say "invalid URL" for a port out of range. */
function checkPort(raw: string, source: string, shown: string): void {
  const port = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?(?:\[[^\]]*\]|[^:/?#]*)(?::([^/?#]*))?/i.exec(raw)?.[1];
  if (port === undefined || port === '') return;
  if (!/^\d+$/.test(port) || Number(port) < 1 || Number(port) > HIGHEST_PORT) {
    throw new TargetError(`${source} ${shown} has the port "${port}", which is not a port: use a whole number from 1 to ${HIGHEST_PORT}, or none for the scheme's default.`);
  }
}

function shapeProblem(url: URL, raw: string): string | null {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `must be an http or https URL, not ${url.protocol.replace(/:$/, '')}. ${FIX}.`;
  if (!url.hostname) return `names no host. ${FIX}.`;
  if (url.username || url.password) {
    return 'holds credentials (user:password@): the harness authenticates only with the bearer token from CALLS_API_TOKEN, and shows the target in every report. Remove them from the URL.';
  }
  if (url.search || url.hash || /[?#]/.test(raw)) return `has a query or fragment. ${FIX}: no "?" or "#" part.`;
  const path = url.pathname.replace(/\/+$/, '');
  if (/\/v1$/i.test(path)) return `ends in /v1, but each request adds its own /v1/... path. Give the base URL without it, e.g. ${url.origin}${path.replace(/\/v1$/i, '')}.`;
  return null;
}

/** The raw text with any user:password@ replaced, so that even an error never echoes them. */
export function maskCredentials(raw: string): string {
  return raw.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^@/?#]*@/i, '$1***@');
}

/** Loopback only: 127.0.0.0/8, localhost and ::1. Everything else is remote. */
export function isLoopback(baseUrl: string): boolean {
  const host = new URL(baseUrl).hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** The URL as reports may show it: no user, no password, no query. */
export function displayTarget(baseUrl: string): string {
  const url = new URL(baseUrl);
  url.username = '';
  url.password = '';
  url.search = '';
  return url.toString().replace(/\/$/, '');
}
