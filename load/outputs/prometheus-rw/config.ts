// The remote-write output's settings, read from k6's own environment variables with k6's
// defaults (xk6-output-prometheus-remote, as vendored by k6), so one environment drives both engines.
import { CodedError, INPUT_KINDS, InputFileError, LONGEST_TIMER_MS, LONGEST_TIMER_TEXT, readInputFile, redact, registerRemoteWriteSecrets } from '../../../core/index.ts';
import { parseDuration } from '../../engine/durations.ts';

export const OUTPUT_NAME = 'experimental-prometheus-rw';

export interface RemoteWriteConfig {
  url: string;
  pushIntervalMs: number;
  /** k6's trend stats ("p(99)", "avg", ...); ignored when trends go as native histograms. */
  trendStats: string[];
  trendAsNativeHistogram: boolean;
  headers: Record<string, string>;
  insecureSkipTlsVerify: boolean;
  staleMarkers: boolean;
  /** Client certificate and key (PEM), for a receiver that asks for one. */
  tls?: { cert: string; key: string };
}

export class OutputConfigError extends CodedError {
  constructor(message: string) {
    super('E_OUTPUT_CONFIG', message);
  }
}

const TREND_STAT = /^(avg|min|max|med|count|sum|p\((\d+(\.\d+)?)\))$/;

export function remoteWriteConfig(env: Record<string, string | undefined>): RemoteWriteConfig {
  // The credentials enter here: held by the redactor before the first push can echo them back.
  registerRemoteWriteSecrets(env);
  const url = env.K6_PROMETHEUS_RW_SERVER_URL ?? 'http://localhost:9090/api/v1/write';
  checkUrl(url);
  const trendStats = (env.K6_PROMETHEUS_RW_TREND_STATS ?? 'p(99)').split(',').map((s) => s.trim()).filter(Boolean);
  for (const stat of trendStats) {
    if (!TREND_STAT.test(stat)) fail(`K6_PROMETHEUS_RW_TREND_STATS holds "${stat}", which is not a trend stat`, 'Use avg, min, max, med, count, sum or p(N), comma-separated, e.g. "p(95),p(99),avg"');
  }
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (k.startsWith('K6_PROMETHEUS_RW_HEADERS_') && v !== undefined) headers[k.slice('K6_PROMETHEUS_RW_HEADERS_'.length)] = v;
  const user = env.K6_PROMETHEUS_RW_USERNAME;
  if (user !== undefined) headers.Authorization = `Basic ${Buffer.from(`${user}:${env.K6_PROMETHEUS_RW_PASSWORD ?? ''}`).toString('base64')}`;
  if (env.K6_PROMETHEUS_RW_BEARER_TOKEN) headers.Authorization = `Bearer ${env.K6_PROMETHEUS_RW_BEARER_TOKEN}`;
  checkHeaders(headers);
  return {
    url,
    pushIntervalMs: interval(env.K6_PROMETHEUS_RW_PUSH_INTERVAL ?? '5s'),
    trendStats: trendStats.length ? trendStats : ['p(99)'],
    trendAsNativeHistogram: bool(env, 'K6_PROMETHEUS_RW_TREND_AS_NATIVE_HISTOGRAM'),
    headers,
    insecureSkipTlsVerify: bool(env, 'K6_PROMETHEUS_RW_INSECURE_SKIP_TLS_VERIFY'),
    staleMarkers: bool(env, 'K6_PROMETHEUS_RW_STALE_MARKERS'),
    ...clientCertificate(env),
  };
}

/** Headers a request can carry, found at start rather than as every push failing; values (often secrets) never shown. */
function checkHeaders(headers: Record<string, string>): void {
  for (const [name, value] of Object.entries(headers)) {
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) fail(`K6_PROMETHEUS_RW_HEADERS_${name} names a header "${name}" that HTTP does not allow`, 'Use letters, digits and "-" in the name after K6_PROMETHEUS_RW_HEADERS_');
    // eslint-disable-next-line no-control-regex -- control characters are what a header cannot carry
    if (/[\x00-\x08\x0a-\x1f\x7f]|[^\x00-\xff]/.test(value)) fail(`the ${name} header (from K6_PROMETHEUS_RW_HEADERS_${name}, K6_PROMETHEUS_RW_USERNAME/PASSWORD or K6_PROMETHEUS_RW_BEARER_TOKEN) holds a character a header cannot carry (a pasted newline?)`, 'Set it to the value alone');
  }
}

/** The suffix k6 gives a trend stat's series: p(99) -> p99, p(99.9) -> p999. */
export function statSuffix(stat: string): string {
  return stat.startsWith('p(') ? `p${stat.slice(2, -1).replace('.', '')}` : stat;
}

function checkUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return fail(`K6_PROMETHEUS_RW_SERVER_URL "${maskUserinfo(url)}" is not a URL`, 'Set it to the receiver\'s write endpoint, e.g. http://127.0.0.1:9090/api/v1/write');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') fail(`K6_PROMETHEUS_RW_SERVER_URL "${parsed.protocol}//${parsed.host}" is not http(s)`, 'Set it to the receiver\'s write endpoint, e.g. http://127.0.0.1:9090/api/v1/write');
}

/**
 * A URL that does not parse, with everything between :// and the last @ masked: which "/" or "@"
 * a parser would have taken for the end of a password cannot be known, so all of it goes.
 */
function maskUserinfo(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/).*@/i, '$1***@');
}

function interval(text: string): number {
  let ms: number;
  try {
    ms = parseDuration(text);
  } catch {
    ms = NaN;
  }
  if (!(ms > 0)) fail(`K6_PROMETHEUS_RW_PUSH_INTERVAL "${text}" is not a positive duration`, 'Use a k6 duration such as "5s" or "500ms"');
  // Past a timer's bound, Node would push every millisecond instead of almost never.
  if (ms > LONGEST_TIMER_MS) fail(`K6_PROMETHEUS_RW_PUSH_INTERVAL "${text}" is longer than ${LONGEST_TIMER_TEXT}, the longest a Node timer waits`, 'Use a k6 duration such as "5s" or "500ms"');
  return ms;
}

function bool(env: Record<string, string | undefined>, name: string): boolean {
  const v = env[name];
  if (v === undefined) return false;
  // Go's strconv.ParseBool, which k6 uses.
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(v)) return false;
  return fail(`${name} is "${v}", not a boolean`, 'Use true or false');
}

function clientCertificate(env: Record<string, string | undefined>): { tls?: { cert: string; key: string } } {
  const certFile = env.K6_PROMETHEUS_RW_CLIENT_CERTIFICATE;
  const keyFile = env.K6_PROMETHEUS_RW_CLIENT_CERTIFICATE_KEY;
  if (!certFile && !keyFile) return {};
  if (!certFile || !keyFile) fail('only one of K6_PROMETHEUS_RW_CLIENT_CERTIFICATE and K6_PROMETHEUS_RW_CLIENT_CERTIFICATE_KEY is set', 'Set both (PEM files), or neither');
  try {
    return { tls: { cert: readInputFile(certFile as string, INPUT_KINDS.tlsFile), key: readInputFile(keyFile as string, INPUT_KINDS.tlsFile) } };
  } catch (err) {
    if (err instanceof InputFileError) throw new OutputConfigError(`Prometheus remote write: ${err.message}`);
    return fail(`the client certificate or key cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, 'Check the paths in K6_PROMETHEUS_RW_CLIENT_CERTIFICATE and K6_PROMETHEUS_RW_CLIENT_CERTIFICATE_KEY');
  }
}

function fail(problem: string, fix: string): never {
  throw new OutputConfigError(redact(`Prometheus remote write: ${problem}. ${fix}.`));
}
