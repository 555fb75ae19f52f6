// The lifecycle replay script runs nothing a target sent (issue 23): a warm transfer answered with
// a status such as "requested\ntouch owned\n#", or with an id made to break out of a quoted word,
// leaves a script that bash parses, that run (with a curl that only logs) creates no file, and
// whose curl calls get exactly the URLs and bodies the harness sent.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../contract/finding.ts';
import { start, type RunningServer } from '../../server/index.ts';
import { startAdversarialTarget, withToken, type Misbehaviour } from '../helpers/adversarial-target.ts';
import { runCliInProcess } from '../helpers/cli.ts';
import { runReplayScript } from '../helpers/replay-script.ts';

const dir = mkdtempSync(join(tmpdir(), 'calls-harness-replay-hostile-'));
let upstream: RunningServer;
let token: string;
beforeAll(async () => {
  upstream = await start({ port: 0, transferStepMs: 20 });
  token = upstream.apiKeys[0] as string;
});
afterAll(async () => { await upstream.close(); });

/** The warm transfer's answer with `fields` over it. */
const warmAnswer = (fields: Record<string, unknown>): Misbehaviour => async ({ res, upstream: up }) => {
  const answer = await up();
  const body = JSON.stringify({ ...(JSON.parse(answer.body.toString('utf8')) as object), ...fields });
  res.writeHead(answer.status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) });
  res.end(body);
};

const BREAKOUTS = "\ntouch owned\n#\r\ntouch cr\n'$(touch dollar)'`touch tick`\"; touch semi; \"\u2028touch sep\n";

describe('lifecycle-replay-<op>.sh against a hostile target', () => {
  it.each([
    ['a status', { status: `requested${BREAKOUTS}` }],
    ['a transfer id (quoted by the break it causes)', { id: `xfer_1${BREAKOUTS}/../' ; touch path ;'` }],
  ])('%s that breaks out of a comment or a word: bash -n passes, running it creates nothing, curl gets what was sent', { timeout: 40_000 }, async (what, fields) => {
    const target = await startAdversarialTarget(upstream.url, (path, req) => withToken(req, token) && req.method === 'POST' && /\/transfers\/warm$/.test(path), warmAnswer(fields));
    const out = join(dir, what.split(' ')[1] as string);
    try {
      const res = await runCliInProcess(['contract', '--target', target.url, '--agent', upstream.agentIds[0] as string, '--checks', 'lifecycle_model_holds', '--report-dir', out], { env: { CALLS_API_TOKEN: token }, timeoutMs: 35_000 });
      expect(res.code, res.stderr).toBe(1);
      const scripts = readdirSync(out).filter((f) => f.endsWith('.sh'));
      expect(scripts.length).toBeGreaterThan(0);
      const findings = (JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')) as { contract: { findings: Finding[] } }).contract.findings;
      for (const s of scripts) {
        const text = readFileSync(join(out, s), 'utf8');
        // Every line is the harness's: a comment, a curl call, or the preamble.
        expect(text.split('\n').filter((l) => l && !/^(#|curl |set -eu$|: "\$\{CALLS_API_TOKEN:\?)/.test(l))).toEqual([]);
        const ran = await runReplayScript(join(out, s), dir);
        expect(ran.syntax).toEqual({ code: 0, stderr: '' });
        expect(ran.run.code, ran.run.stderr).toBe(0);
        expect(ran.created).toEqual([]);
        const steps = findings.find((f) => s === `lifecycle-replay-${f.operationId}.sh`)?.sequence ?? [];
        expect(ran.curlArgs.map((args) => args[4])).toEqual(steps.map((step) => step.request.url));
        expect(ran.curlArgs.map((args) => (args.includes('--data') ? args[args.indexOf('--data') + 1] : null))).toEqual(steps.map((step) => (step.request.body === undefined ? null : JSON.stringify(step.request.body))));
      }
    } finally {
      await target.close();
    }
  });
});
