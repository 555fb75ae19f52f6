// The credentials a URL carries, registered with the redactor (core/secrets.ts). Apart from it
// because it needs URL, which the scenarios' k6 runtime lacks (they import core/secrets.ts).
import { registerSecret, SECRET_NAME } from './secrets.ts';

/**
 * Registers the credentials a URL carries: its password (and user:password, which Basic auth
 * base64-encodes whole), and query values whose names say they are secrets (token, key,
 * signature...). Text that is not a URL registers nothing. `name` says where the URL came from.
 */
export function registerUrlCredentials(raw: string | undefined | null, name: string): void {
  if (!raw) return;
  for (const found of raw.matchAll(/[a-z][a-z0-9+.-]*:\/\/[^\s"'<>]+/gi)) {
    let url: URL;
    try {
      url = new URL(found[0]);
    } catch {
      continue;
    }
    if (url.password) {
      for (const password of new Set([url.password, safeDecode(url.password)])) registerSecret(password, `[password of ${name}]`);
      registerSecret(`${safeDecode(url.username)}:${safeDecode(url.password)}`, `[user:password of ${name}]`);
    } else if (url.username) {
      // A user alone is how some services pass a token (https://TOKEN@host).
      registerSecret(safeDecode(url.username), `[user of ${name}]`);
    }
    for (const [key, value] of url.searchParams) if (SECRET_NAME.test(key)) registerSecret(value, `[${key} of ${name}]`);
  }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
