// A token that cannot travel in a header (a pasted newline) is refused up front, and the error
// never shows it: undici's own error would quote the whole Authorization header.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliInProcess } from '../helpers/cli.ts';
import { startTestServer, type TestServer } from '../helpers/reference-server.ts';

let s: TestServer;
beforeAll(async () => { s = await startTestServer(); });
afterAll(async () => { await s.close(); });

const SECRET = 'sk_live_TOPSECRET_4f9a';

describe('a token with a control character', () => {
  it.each([
    ['contract', ['contract', '--checks', 'success_status_conformance', '--operations', 'getCall']],
    ['load', ['load', '--scenario', 'read-mix', '--engine', 'node', '--duration', '1s', '--vus', '1']],
    ['run', ['run', '--engine', 'node']],
  ])('%s: exit 2, E_BAD_TOKEN, the token nowhere in the output', async (_name, args) => {
    const res = await runCliInProcess([...args, '--target', s.url, '--agent', s.agentIds[0] as string], { env: { CALLS_API_TOKEN: `${SECRET}\n` } });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/E_BAD_TOKEN: CALLS_API_TOKEN holds a control character \(code 10\)/);
    expect(`${res.stdout}${res.stderr}`).not.toContain('TOPSECRET');
  });
});
