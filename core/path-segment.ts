// How an id (a call, an agent) goes into a request path: one rule for the contract client (and the
// curl lines made from its URLs), the built-in engine's scenarios and the k6 bundles, so that
// `--call-id X` is the same request on all of them. Everything but RFC 3986's unreserved
// characters and a few sub-delimiters is percent-encoded as UTF-8: "a/b" is one segment (a%2Fb),
// "%2F" is the three characters it is (%252F), a space is %20.

export function pathSegment(id: string): string {
  return encodeURIComponent(id);
}

/**
 * "." and ".." are path navigation, not ids: URL parsers (fetch, proxies, servers) resolve them
 * even when percent-encoded (%2e%2e), so GET /v1/calls/.. reaches GET /v1/ and no client can send
 * them as written. No real id is one; they are refused where ids come in and skipped in a list.
 */
export function isDotSegment(id: string): boolean {
  return id === '.' || id === '..';
}

/**
 * Call ids as the harness hands them to a scenario (CALLS_CALL_IDS): a JSON array, so an id keeps
 * its commas and its spaces; a comma-separated list still works for `k6 run -e` by hand.
 */
export function encodeIdList(ids: string[]): string {
  return JSON.stringify(ids);
}

export function decodeIdList(value: string | undefined): string[] {
  if (!value) return [];
  if (value.startsWith('[')) {
    const parsed = JSON.parse(value) as unknown;
    if (Array.isArray(parsed) && parsed.every((v) => typeof v === 'string')) return parsed as string[];
    throw new Error(`CALLS_CALL_IDS must be a JSON array of strings or a comma-separated list, got ${value.slice(0, 80)}`);
  }
  return value.split(',').map((s) => s.trim()).filter(Boolean);
}
