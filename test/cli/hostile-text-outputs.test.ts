// Everything a target sends is untrusted text, tested as a class: a proxy in front of the
// reference server puts hostile payloads (line breaks, ESC sequences, C1, NUL, bidi overrides,
// U+2028, quotes, $(...), backticks, </script>, ]]>, <!--) into the fields the reports quote: the
// status of a warm transfer (a lifecycle finding, its replay script), a Content-Type header, and a
// call detail body that is raw text (every finding, and the load stage's failed-check samples).
// Each output channel is then checked for what would let the payload act: a raw control character
// in console text or Markdown, JUnit that is not XML, markup in report.html, a replay script that
// runs a command, JSON that does not read back the same value.
import type { IncomingMessage } from 'node:http';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../reports/model.ts';
import { start, type RunningServer } from '../../server/index.ts';
import { startAdversarialTarget, isCallDetail, withToken, type AdversarialTarget, type Misbehaviour } from '../helpers/adversarial-target.ts';
import { runCliInProcess, type CliResult } from '../helpers/cli.ts';
import { runReplayScript } from '../helpers/replay-script.ts';
import { checkWellFormedXml } from '../helpers/well-formed-xml.ts';

/** Payload sets, one CLI run each: what breaks a shell, a terminal, and markup. */
const SETS: Record<string, string> = {
  shell: `requested\ntouch owned\n# '$(touch dollar)' \`touch tick\` "; touch semi; " \${IFS}touch\${IFS}ifs \\\n`,
  terminal: 'screening\u001b]0;pwned title\u0007\u001b[2J\u001b[H\r\u0000nul\u007fdel\u009b2J\u0085nel \u202eevil\u202c \u2066iso\u2069 line\u2028sep\u2029para\ufeff',
  markup: 'bridging</script><script>alert(1)</script><!-- ]]> <img src=x onerror=alert(1)> | cell | ``` [x](javascript:alert(1)) **b** &amp; \r\n',
};

/** A Content-Type a Node server can send (Latin-1, no C0): C1 CSI, markup and shell text. */
const HEADER = `application/json; charset="\u009b2J</script><!--]]>'$(touch header)\`touch header\`"`;

/** Raw characters no output may hold (line feeds aside, checked per channel). */
// eslint-disable-next-line no-control-regex
const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufeff]|\p{Cs}/u;
/** Files the shell payloads would create, were any of them run. */
const CREATED = ['owned', 'dollar', 'tick', 'semi', 'ifs', 'header'];

/**
 * The warm transfer answers with the payload as its status and the hostile Content-Type; call
 * detail answers with the payload as a raw text body.
 */
const hostile = (payload: string): Misbehaviour => async ({ req, res, upstream }) => {
  const up = await upstream();
  if (req.method === 'POST') {
    const body = JSON.stringify({ ...(JSON.parse(up.body.toString('utf8')) as object), status: payload });
    res.writeHead(up.status, { 'content-type': HEADER, 'content-length': String(Buffer.byteLength(body)) });
    res.end(body);
    return;
  }
  res.writeHead(200, { 'content-type': 'text/plain', 'content-length': String(Buffer.byteLength(payload)) });
  res.end(payload);
};

const SUMMARY_FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'k6-summary', 'handle-summary-data.v0.48.json');
const dir = mkdtempSync(join(tmpdir(), 'calls-harness-hostile-'));
let upstream: RunningServer;
let token: string;
beforeAll(async () => {
  upstream = await start({ port: 0, transferStepMs: 20 });
  token = upstream.apiKeys[0] as string;
});
afterAll(async () => { await upstream.close(); });

const isWarm = (path: string) => /^\/v1\/calls\/[^/]+\/transfers\/warm$/.test(path);

/** Text meant for a terminal or Markdown: lines of printable text, nothing else. */
function expectPrintable(text: string, what: string): void {
  expect(text.split('\n').filter((l) => RAW.test(l)).slice(0, 3), what).toEqual([]);
}

/** No line of the output begins with the text the payload put after its line break. */
function expectNoBrokenLine(text: string, what: string): void {
  expect(text.split(/\r\n|\r|\n|\u2028|\u2029/).filter((l) => /^\s*(touch|<script|nul|del)/.test(l)), what).toEqual([]);
}

/** JSON whose text holds nothing invisible raw, and whose values hold the payload exactly. */
function expectJson(text: string, payload: string, what: string): unknown {
  expectPrintable(text, what);
  const value = JSON.parse(text) as unknown;
  expect(JSON.stringify(value), what).toContain(JSON.stringify(payload).slice(1, -1));
  return value;
}

/** report.html: the payload only as text; the only markup is the renderer's own. */
function expectInertHtml(html: string, what: string): void {
  const body = html.slice(html.indexOf('<body>'), html.indexOf('<script type="application/json"'));
  const tags = new Set([...body.matchAll(/<\/?([a-zA-Z][\w-]*)/g)].map((m) => (m[1] as string).toLowerCase()));
  expect([...tags].filter((t) => !['body', 'h1', 'h2', 'h3', 'p', 'ul', 'ol', 'li', 'b', 'strong', 'span', 'div', 'table', 'tr', 'th', 'td', 'colgroup', 'col', 'code', 'details', 'summary'].includes(t)), what).toEqual([]);
  expect(body, what).not.toMatch(/<!--|<[^>]*\son\w+=/i);
  expectPrintable(body, what);
  const data = html.slice(html.indexOf('<script type="application/json" id="report-data">'), html.indexOf('</script>', html.indexOf('id="report-data"')));
  expect(data.replace(/^<script[^>]*>/, ''), what).not.toMatch(/[<>]/);
  expect(html.match(/<script/g)?.length, what).toBe(3);
}

/** The replay script: printable, valid bash, and run with a curl that only logs, it creates nothing. */
async function expectInertScript(script: string, what: string): Promise<void> {
  expectPrintable(readFileSync(script, 'utf8'), what);
  const ran = await runReplayScript(script, dir);
  expect(ran.syntax, what).toEqual({ code: 0, stderr: '' });
  expect(ran.run.code, `${what}: ${ran.run.stderr}`).toBe(0);
  expect(ran.created, what).toEqual([]);
  expect(ran.curlArgs.length, what).toBeGreaterThan(0);
}

describe.each(Object.entries(SETS))('a target that sends %s payloads', (name, payload) => {
  // Call detail answers the payload to the contract run, and to the load stage only in `run`: the
  // contract checks that wait on call detail would otherwise wait out their timeouts there.
  let contractTarget: AdversarialTarget;
  let runTarget: AdversarialTarget;
  beforeAll(async () => {
    const warm = (path: string, req: IncomingMessage) => isWarm(path) && req.method === 'POST';
    contractTarget = await startAdversarialTarget(upstream.url, (path, req) => withToken(req, token) && (warm(path, req) || isCallDetail(path)), hostile(payload));
    runTarget = await startAdversarialTarget(upstream.url, (path, req) => withToken(req, token) && (warm(path, req) || (isCallDetail(path) && /k6/.test(req.headers['user-agent'] ?? ''))), hostile(payload));
  });
  afterAll(async () => { await Promise.all([contractTarget.close(), runTarget.close()]); });
  const env = () => ({ CALLS_API_TOKEN: token });

  it('contract: the console, --json, --junit, the run folder and the replay files hold it only escaped or quoted', { timeout: 60_000 }, async () => {
    const out = join(dir, `${name}-contract`);
    const cwd = mkdtempSync(join(dir, `${name}-cwd-`));
    const res = await runCliInProcess(['contract', '--target', contractTarget.url, '--agent', upstream.agentIds[0] as string, '--operations', 'warmTransferCall,getCall',
      '--checks', 'lifecycle_model_holds,content_type_conformance,response_schema_conformance', '--report-dir', out, '--json', join(out, 'out.json'), '--junit', join(out, 'out.xml')], { env: env(), cwd, timeoutMs: 55_000 });
    expect(res.code, res.stderr).toBe(1);
    expectConsole(res, name);
    const json = expectJson(readFileSync(join(out, 'out.json'), 'utf8'), payload, '--json') as { cases: { findings: { title: string }[] }[] };
    // The value kept exactly: the lifecycle finding names the status as the target sent it.
    expect(json.cases.flatMap((c) => c.findings).some((f) => f.title.includes(payload))).toBe(true);
    expectRunFolder(out, payload);
    for (const junit of [join(out, 'out.xml'), join(out, 'junit.xml')]) expectJunit(readFileSync(junit, 'utf8'), junit);
    const scripts = readdirSync(out).filter((f) => /^lifecycle-replay-.*\.sh$/.test(f));
    expect(scripts.length).toBeGreaterThan(0);
    for (const s of scripts) {
      await expectInertScript(join(out, s), s);
      expectJson(readFileSync(join(out, s.replace(/\.sh$/, '.json')), 'utf8'), '', s);
    }
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('run: the console, the run folder and the history line hold it only escaped', { timeout: 60_000 }, async () => {
    const out = join(dir, `${name}-run`);
    const history = join(dir, `${name}-history.ndjson`);
    const cwd = mkdtempSync(join(dir, `${name}-cwd-`));
    // --json for one set: stdout is then result.json, judged as JSON.
    const json = name === 'markup';
    const res = await runCliInProcess(['run', '--target', runTarget.url, '--agent', upstream.agentIds[0] as string, '--engine', 'node', '--scenario', 'read-mix',
      '--rate', '5', '--duration', '1s', '--report-dir', out, '--history', history, ...(json ? ['--json'] : [])], { env: env(), cwd, timeoutMs: 55_000 });
    expect(res.code, res.stderr).toBe(1);
    if (json) expectJson(res.stdout, payload, 'run --json');
    expectConsole(res, name);
    const result = expectRunFolder(out, payload);
    // The load stage quoted the call detail it judged: the payload reached renderConsole's sample line.
    expect(result.load[0]?.violations?.some((v) => v.sample?.body.includes(payload))).toBe(true);
    expectPrintable(readFileSync(history, 'utf8'), 'history');
    expect(readFileSync(history, 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { runId: string }).runId)).toEqual([result.meta.runId]);
    expectJunit(readFileSync(join(out, 'junit.xml'), 'utf8'), 'junit.xml');
    expect(readdirSync(cwd)).toEqual([]);
  });
  it('an error that quotes the target (E_TARGET_NOT_JSON): one line on stderr, escaped; the run folder holds it escaped', { timeout: 30_000 }, async () => {
    const listing = await startAdversarialTarget(upstream.url, (path) => /^\/v1\/agents\/[^/]+\/calls$/.test(path), hostile(payload));
    const out = join(dir, `${name}-not-json`);
    try {
      const res = await runCliInProcess(['contract', '--target', listing.url, '--agent', upstream.agentIds[0] as string, '--report-dir', out], { env: env(), timeoutMs: 25_000 });
      expect(res.code, res.stderr).toBe(2);
      expectConsole(res, `${name} error`);
      expect(res.stderr.trim().split('\n').filter((l) => l.startsWith('calls-harness: error E_TARGET_NOT_JSON: '))).toHaveLength(1);
      const result = expectRunFolder(out, payload.slice(0, 150));
      expect(result.contract?.error?.code).toBe('E_TARGET_NOT_JSON');
    } finally {
      await listing.close();
    }
  });

  it('report render: a summary.json the user did not write (names of operations and checks) reaches the reports and the history only escaped', { timeout: 30_000 }, async () => {
    // A tag value ends at "," or "}": the payload without them is the operation's name.
    const op = payload.replace(/[,{}]/g, '');
    const summary = JSON.parse(readFileSync(SUMMARY_FIXTURE, 'utf8').replaceAll('name:idx', `name:${JSON.stringify(op).slice(1, -1)}`)) as { root_group: { checks: { name: string; fails: number }[] } };
    for (const c of summary.root_group.checks) Object.assign(c, { name: `${c.name} ${payload}`, fails: 3 });
    const file = join(dir, `${name}-summary.json`);
    writeFileSync(file, JSON.stringify(summary));
    const out = join(dir, `${name}-rendered`);
    const history = join(dir, `${name}-rendered-history.ndjson`);
    const res = await runCliInProcess(['report', 'render', '--summary', file, '--scenario', 'read-mix', '--out', out, '--history', history], { timeoutMs: 25_000 });
    expect(res.code, res.stderr).not.toBe(2);
    expectConsole(res, name);
    const result = expectRunFolder(out, op);
    expect(result.load[0]?.operations.map((o) => o.operationId)).toContain(op);
    const line = readFileSync(history, 'utf8');
    expectPrintable(line, 'history');
    expect((JSON.parse(line) as { load: { operations: { operationId: string }[] }[] }).load[0]?.operations.map((o) => o.operationId)).toContain(op);
    // The history's names, on the dashboard page.
    const dashboard = join(dir, `${name}-dashboard.html`);
    const page = await runCliInProcess(['report', 'dashboard', '--history', history, '--out', dashboard], { timeoutMs: 25_000 });
    expect(page.code, page.stderr).toBe(0);
    expectConsole(page, `${name} dashboard`);
    expectInertHtml(readFileSync(dashboard, 'utf8'), 'dashboard.html');
  });
});

function expectConsole(res: CliResult, name: string): void {
  for (const [stream, text] of [['stdout', res.stdout], ['stderr', res.stderr]] as const) {
    expectPrintable(text, `${name} ${stream}`);
    expectNoBrokenLine(text, `${name} ${stream}`);
  }
  expect(res.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
}

function expectRunFolder(out: string, payload: string): RunResult {
  const result = expectJson(readFileSync(join(out, 'result.json'), 'utf8'), payload, 'result.json') as RunResult;
  const md = readFileSync(join(out, 'summary.md'), 'utf8');
  expectPrintable(md, 'summary.md');
  expectNoBrokenLine(md, 'summary.md');
  // Markdown: no raw HTML, link or code fence of the target's.
  expect(md).not.toMatch(/(^|[^\\])<(script|img|!--)/);
  expect(md).not.toMatch(/(^|[^\\])\]\(javascript:/);
  expect(md.split('\n').filter((l) => /^`{3,}/.test(l)).length % 2).toBe(0);
  expectInertHtml(readFileSync(join(out, 'report.html'), 'utf8'), 'report.html');
  expectJunit(readFileSync(join(out, 'junit.xml'), 'utf8'), 'junit.xml');
  for (const f of CREATED) expect(readdirSync(out)).not.toContain(f);
  return result;
}

function expectJunit(xml: string, what: string): void {
  expect(() => checkWellFormedXml(xml), what).not.toThrow();
  expectPrintable(xml, what);
}
