// Real k6, started by the harness, never prints a request's headers, and nothing k6 prints or
// writes back into the run folder keeps a secret the target echoed: K6_HTTP_DEBUG is taken out of
// k6's environment (said once), k6's stdout and stderr pass through the redactor, and summary.json
// and merge.json are read back redacted in every encoding. A stand-in k6 on PATH records its environment and writes a summary whose violation
// sample echoes the API token and the remote-write bearer token in each encoding.
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { answersVersion } from '../helpers/fake-k6.ts';
import { secretEncodings, secretLeaks } from '../helpers/secret-encodings.ts';

const TOKEN = 'sk_live/K6canary+93hQv7Zp2Xw';
const RW_TOKEN = 'rw_B3arer/canary+77QxLm';
const dir = mkdtempSync(join(tmpdir(), 'calls-harness-k6-secrets-'));
const record = join(dir, 'k6-env.json');

// A target that takes connections: the harness refuses a dead one before k6 starts
// (E_TARGET_UNREACHABLE), and the stand-in k6 sends nothing to it.
let listener: Server;
let target = '';
beforeAll(async () => {
  listener = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  target = `http://127.0.0.1:${(listener.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((resolve) => listener.close(() => resolve())));

/** The target's answer as the scenario's violation sample keeps it: both secrets in every encoding. */
const echoed = [TOKEN, RW_TOKEN].flatMap((s) => Object.entries(secretEncodings(s)).map(([form, text]) => `${form}: ${text}`)).join(' | ');
const sample = `contract violation sample ${JSON.stringify({ check: 'getCall body is a valid Call', status: 500, errors: ['/ must be object'], body: echoed })}`;

/** k6's summary data as the scenario's handleSummary writes it, the sample among its groups. */
const SUMMARY = {
  metrics: {
    iterations: { type: 'counter', contains: 'default', values: { count: 1, rate: 1 } },
    checks: { type: 'rate', contains: 'default', values: { rate: 0, passes: 0, fails: 1 } },
  },
  root_group: { name: '', path: '', id: 'x', groups: [{ name: sample, path: '::x', id: 'y', groups: [], checks: [] }], checks: [{ name: 'getCall body is a valid Call', path: '::c', id: 'z', passes: 0, fails: 1 }] },
  options: {}, state: { testRunDurationMs: 1000 },
};

writeFileSync(join(dir, 'k6'), `#!${process.execPath}
${answersVersion()}
const fs = require('node:fs');
const zlib = require('node:zlib');
const args = process.argv.slice(2);
fs.writeFileSync(${JSON.stringify(record)}, JSON.stringify(Object.keys(process.env).filter((k) => k.startsWith('K6_'))));
const out = args[args.indexOf('--out') + 1].replace(/^json=/, '');
fs.writeFileSync(out, zlib.gzipSync(JSON.stringify({ type: 'Metric', data: { name: 'iterations', type: 'counter', contains: 'default', thresholds: [], submetrics: null }, metric: 'iterations' })));
fs.writeFileSync(process.env.CALLS_SUMMARY_FILE, ${JSON.stringify(JSON.stringify(SUMMARY))});
// As k6 prints its summary and a receiver's refusal: the echoes, split across writes.
const echoed = ${JSON.stringify(echoed)};
process.stdout.write('summary: ' + echoed.slice(0, 101));
process.stdout.write(echoed.slice(101) + '\\n');
process.stderr.write('level=error msg="Failed to send the time series" error="' + echoed + '"');
process.exit(0);
`);
chmodSync(join(dir, 'k6'), 0o755);

describe('k6 started by the harness', () => {
  it('never gets K6_HTTP_DEBUG (said once), and leaves no echoed secret in any encoding in the run folder', async () => {
    const report = join(dir, 'run');
    const env = {
      PATH: `${dir}${delimiter}${process.env.PATH}`, CALLS_API_TOKEN: TOKEN, K6_HTTP_DEBUG: 'full',
      K6_PROMETHEUS_RW_BEARER_TOKEN: RW_TOKEN, K6_PROMETHEUS_RW_SERVER_URL: 'http://127.0.0.1:9/api/v1/write',
      CALLS_API_BASE_URL: undefined, CALLS_API_AGENT_ID: undefined, CALLS_HARNESS_RELEASE: undefined, CALLS_THRESHOLDS: undefined,
    };
    // Not --quiet: what k6 prints is shown, through the redactor.
    const args = ['load', '--scenario', 'read-mix', '--target', target, '--agent', 'agt_1', '--report-dir', report, '--k6-out', 'experimental-prometheus-rw', '--execution-segment', '0:1/2', '--execution-segment-sequence', '0,1/2,1'];
    const res = await runCli(args, { env, timeoutMs: 30_000 });
    expect(res.code, res.stderr).not.toBe(70);
    const k6Env = JSON.parse(readFileSync(record, 'utf8')) as string[];
    expect(k6Env).not.toContain('K6_HTTP_DEBUG');
    // The remote-write settings still reach k6: only the variable that prints headers is removed.
    expect(k6Env).toContain('K6_PROMETHEUS_RW_BEARER_TOKEN');
    expect(res.stderr.match(/K6_HTTP_DEBUG removed from k6's environment/g) ?? [], res.stderr).toHaveLength(1);
    // The sample reached the reports, with the secrets replaced by their names.
    const result = readFileSync(join(report, 'result.json'), 'utf8');
    expect(result).toContain('$CALLS_API_TOKEN');
    expect(result).toContain('$K6_PROMETHEUS_RW_BEARER_TOKEN');
    expect(readFileSync(join(report, 'merge.json'), 'utf8')).toContain('$CALLS_API_TOKEN');
    // What k6 printed came through, redacted (its last line too, which had no end).
    expect(res.stdout).toContain('summary: raw: $CALLS_API_TOKEN');
    expect(res.stderr).toContain('Failed to send the time series');
    expect(secretLeaks({ 'API token': TOKEN, 'remote-write bearer token': RW_TOKEN }, { stdout: res.stdout, stderr: res.stderr }, [report])).toEqual([]);
  }, 40_000);

  it('report render over summary data holding the echoes: every output it writes or prints is redacted', async () => {
    const summary = join(dir, 'echoed-summary.json');
    writeFileSync(summary, JSON.stringify(SUMMARY));
    const out = join(dir, 'rendered');
    const res = await runCli(['report', 'render', '--summary', summary, '--scenario', 'read-mix', '--out', out, '--history', join(dir, 'history.ndjson')], { env: { CALLS_API_TOKEN: TOKEN, K6_PROMETHEUS_RW_BEARER_TOKEN: RW_TOKEN } });
    expect(res.code, res.stderr).not.toBe(70);
    expect(readFileSync(join(out, 'result.json'), 'utf8')).toContain('$CALLS_API_TOKEN');
    expect(secretLeaks({ 'API token': TOKEN, 'remote-write bearer token': RW_TOKEN }, { stdout: res.stdout, stderr: res.stderr }, [out, join(dir, 'history.ndjson')])).toEqual([]);
  });

  it('with --runners 2, says it once for the whole run, and no runner\'s k6 gets it', async () => {
    const report = join(dir, 'runners');
    const env = { PATH: `${dir}${delimiter}${process.env.PATH}`, CALLS_API_TOKEN: TOKEN, K6_HTTP_DEBUG: 'headers', CALLS_API_BASE_URL: undefined, CALLS_API_AGENT_ID: undefined, CALLS_THRESHOLDS: undefined };
    const res = await runCli(['load', '--scenario', 'read-mix', '--target', target, '--agent', 'agt_1', '--report-dir', report, '--runners', '2', '--quiet'], { env, timeoutMs: 40_000 });
    expect(res.code, res.stderr).not.toBe(70);
    expect(JSON.parse(readFileSync(record, 'utf8'))).not.toContain('K6_HTTP_DEBUG');
    expect(res.stderr.match(/K6_HTTP_DEBUG removed from k6's environment/g) ?? [], res.stderr).toHaveLength(1);
    expect(secretLeaks({ 'API token': TOKEN }, { stdout: res.stdout, stderr: res.stderr }, [report])).toEqual([]);
  }, 50_000);
});
