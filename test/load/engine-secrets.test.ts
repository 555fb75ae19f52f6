// The built-in engine keeps no secret a target echoed, in any encoding, wherever a script puts the
// answer: what it prints (console.log), a check's or a group's name, a tag, an error it throws, and
// the summary data, merge data, files and stdout of handleSummary. A real server on loopback
// answers with the secret in every encoding, in its body and a header.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerSecret } from '../../core/index.ts';
import { runFixture } from '../helpers/engine.ts';
import { secretEncodings, secretFormsIn } from '../helpers/secret-encodings.ts';

const SECRET = 'sk_live/ENGcanary+93hQv7Zp';
const forms = Object.values(secretEncodings(SECRET));
let server: Server;
let url = '';

beforeAll(async () => {
  registerSecret(SECRET, '$CALLS_API_TOKEN');
  server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain', 'x-echo': forms.join(' ') }).end(`echo ${forms.join(' ')}`);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('the built-in engine and a target that echoes a secret', () => {
  it('keeps it out of the console, summary, merge data, problems and handleSummary\'s outputs', async () => {
    const summaryFile = join(mkdtempSync(join(tmpdir(), 'calls-harness-engine-secrets-')), 'summary.txt');
    // A script's console goes to stderr, as k6's does (load/engine/script-console.ts).
    const printed: string[] = [];
    const write = process.stderr.write;
    process.stderr.write = ((chunk: string | Uint8Array) => { printed.push(String(chunk)); return true; }) as typeof process.stderr.write;
    let result: Awaited<ReturnType<typeof runFixture>>;
    try {
      result = await runFixture('echoes-secrets', { URL: url, SUMMARY_FILE: summaryFile });
    } finally {
      process.stderr.write = write;
    }
    const outputs: Record<string, string> = {
      console: printed.join('\n'),
      summary: JSON.stringify(result.summary),
      'merge data': JSON.stringify(result.runner),
      problems: result.problems.join('\n'),
      'handleSummary stdout': result.outputs.stdout ?? '',
      'handleSummary file': readFileSync(summaryFile, 'utf8'),
    };
    // Each got the echo, redacted.
    for (const [where, text] of Object.entries(outputs)) expect(text, where).toContain('$CALLS_API_TOKEN');
    const leaks = Object.entries(outputs).flatMap(([where, text]) => secretFormsIn(text, SECRET).map((form) => `${where}: ${form}`));
    expect(leaks).toEqual([]);
  });
});
