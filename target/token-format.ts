// A token that cannot travel in an Authorization header (a newline pasted with it, a control
// character) fails every request with an error that would quote the header, token and all. It is
// refused once, up front, with a message that never shows it.

/** Why the token cannot be sent, or null when it can. The message never contains the token. */
export function tokenProblem(token: string): string | null {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  const bad = /[\x00-\x1f\x7f]/.exec(token);
  if (bad) return `CALLS_API_TOKEN holds a control character (code ${bad[0].charCodeAt(0)}) at position ${bad.index + 1} of ${token.length}, so it cannot be sent in an Authorization header. Set it to the key alone, without a trailing newline (e.g. CALLS_API_TOKEN="$(tr -d '\\n' < key.txt)").`;
  // A header carries bytes: past 255 a character cannot be sent at all (undici's error names the
  // header), and an API key is plain ASCII, so anything beyond is a paste gone wrong (a smart quote).
  const foreign = /[^\x20-\x7e]/.exec(token);
  if (foreign) return `CALLS_API_TOKEN holds a character that is not plain ASCII (code ${foreign[0].codePointAt(0)}) at position ${foreign.index + 1} of ${token.length}, so it is not an API key an Authorization header can carry. Set it to the key alone, copied as plain text.`;
  if (token.trim() !== token) return `CALLS_API_TOKEN starts or ends with spaces (${token.length} characters). Set it to the key alone.`;
  return null;
}
