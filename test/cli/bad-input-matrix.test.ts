// Every command and flag given bad input as a user gives it (a missing or empty value, a word for a
// number, NaN, Infinity, a huge number, a folder for a file, JSON with a trailing comma, YAML where
// JSON goes, a profile breaking its schema field by field, a threshold k6 would refuse, a bad
// environment variable): exit 2 with one line `calls-harness: error E_CODE: ...` naming the
// problem, never a stack trace, exit 70, a hang or the token; and no run folder or history line
// left behind by a run refused before any request.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../core/paths.ts';
import { runCliInProcess } from '../helpers/cli.ts';

const TOKEN = 'sk_live_MATRIXtoken_7Qz9Wv2Lk5';
const dir = mkdtempSync(join(tmpdir(), 'calls-harness-bad-input-'));
const work = join(dir, 'work');
const out = join(dir, 'out');
/** A user's environment with none of the harness's variables set, and a distinctive token. */
const ENV: Record<string, string | undefined> = Object.fromEntries(
  Object.keys(process.env).filter((k) => /^(CALLS_|K6_)/.test(k)).map((k) => [k, undefined]),
);
ENV.CALLS_API_TOKEN = TOKEN;

const f = (name: string) => join(dir, 'files', name);
const smoke = JSON.parse(readFileSync(join(PROJECT_ROOT, 'load', 'profiles', 'smoke.json'), 'utf8')) as Record<string, unknown>;

beforeAll(() => {
  mkdirSync(join(dir, 'files', 'a folder ü'), { recursive: true });
  mkdirSync(work);
  mkdirSync(out);
  const files: Record<string, string | Buffer> = {
    'trailing.json': '{"target": "http://127.0.0.1:4010",}',
    'yaml.json': 'profile: smoke\nengine: node\n',
    'yaml-broken.json': 'openapi: [3.0\n  paths: {\n',
    'binary.json': Buffer.from(Array.from({ length: 2048 }, (_, i) => (i * 7919) % 256)),
    'empty.json': '',
    'array.json': '[]',
    'null.json': 'null',
    'no-metrics.json': '{"state": {}}',
    'unknown-key.json': '{"targte": "http://127.0.0.1:4010"}',
    'wrong-type.json': '{"timeoutMs": "fast"}',
    'a folder ü/profile broken.json': JSON.stringify({ ...smoke, rate: 'four' }),
    'used/summary.json': '{"metrics":{}}',
    'runner/summary.json': '{"metrics":{}}',
    'rendered-before/result.json': '{}',
    'binary.ndjson': Buffer.from(Array.from({ length: 4096 }, (_, i) => (i % 97 === 0 ? 10 : (i * 31) % 256))),
  };
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(f(name), '..'), { recursive: true });
    writeFileSync(f(name), content);
  }
  for (const [i, [field, value]] of PROFILE_BREAKS.entries()) writeFileSync(f(`profile-${i}-${field}.json`), JSON.stringify({ ...smoke, [field]: value }));
});

const profileSchema = JSON.parse(readFileSync(join(PROJECT_ROOT, 'schemas', 'harness', 'profile.schema.json'), 'utf8')) as { properties: Record<string, { type?: string }> };
/**
 * The profile broken in one field at a time, every field of its schema (a value of the wrong
 * type) and the values a pattern lets through but no run can take: each is E_PROFILE_INVALID
 * naming the field.
 */
const PROFILE_BREAKS: [string, unknown][] = [
  ...Object.entries(profileSchema.properties).filter(([field]) => field !== '$schema').map(([field, p]): [string, unknown] => [field, p.type === 'array' ? 'x' : []]),
  ['executor', 'nosuch-executor'], ['rate', -1], ['duration', '5'], ['duration', '10000000h'],
  ['maxVUs', 2_000_000], ['validate', 'sometimes'], ['latency', { 'p(95)': 'fast' }],
];

interface Case {
  args: string[];
  code: string;
  /** What the message must say (the problem, by name). */
  says?: RegExp;
  env?: Record<string, string | undefined>;
  /** load/run/capacity: given a fresh --report-dir and --history, which must not exist afterwards. */
  fresh?: boolean;
  /** Warnings (damaged history lines) may come before the error line. */
  warnings?: boolean;
}

const LOAD = ['load', '--scenario', 'read-mix'];
const CAPACITY = ['capacity', '--scenario', 'read-mix'];
const load = (args: string[], code: string, says?: RegExp, env?: Case['env']): Case => ({ args: [...LOAD, ...args], code, says, env, fresh: true });
const OPENAPI = join(PROJECT_ROOT, 'schemas', 'source', 'openapi.calls.json');

const CASES: Case[] = [
  // Commands
  { args: [], code: 'E_USAGE', says: /No command given.*run, serve, contract/ },
  { args: ['lod'], code: 'E_USAGE', says: /Unknown command 'lod'/ },
  { args: ['report'], code: 'E_USAGE', says: /compare, dashboard, render, merge/ },
  { args: ['schemas', 'nosuch'], code: 'E_USAGE', says: /Unknown command 'nosuch'.*import, diff/ },
  // `help NAME` for a name there is not: the same line as the unknown command, never the whole help page.
  { args: ['help', 'nosuch'], code: 'E_USAGE', says: /^calls-harness: error E_USAGE: Unknown command 'nosuch': calls-harness takes one of run, serve, contract, load, capacity, bundle, report, config, schemas\. See calls-harness --help\.$/ },
  { args: ['report', 'help', 'nosuch'], code: 'E_USAGE', says: /Unknown command 'nosuch': calls-harness report takes one of compare, dashboard, render, merge\./ },
  { args: ['run', '--no-such-flag'], code: 'E_USAGE', says: /unknown option '--no-such-flag'/ },
  { args: ['contract', 'extra'], code: 'E_USAGE', says: /too many arguments/ },
  { args: ['load'], code: 'E_USAGE', says: /--scenario/ },
  // Run shape: numbers and durations as users mistype them
  ...['abc', '1.5', '1e400', '99999999999999999999', '1000001'].map((v) => load(['--vus', v], 'E_USAGE', /--vus takes a whole number/)),
  ...['1e309', '1000001'].map((v) => load(['--rate', v, '--duration', '2s'], 'E_USAGE', /--rate takes iterations per second/)),
  load(['--duration', '5'], 'E_USAGE', /needs its unit/),
  ...['0s', '500ms'].map((v) => load(['--duration', v], 'E_USAGE', /at least 1s/)),
  load(['--duration', '10000000h'], 'E_USAGE', /at most 596h/),
  ...['garbage', 'abc:5', '10s:1000001'].map((v) => load(['--stage', v], 'E_USAGE', /--stage takes/)),
  load(['--iterations', '0'], 'E_USAGE', /--iterations/),
  load(['--validate', 'sample:2'], 'E_USAGE', /sample:RATE/),
  load(['--stage', '10s:5', '--duration', '5s'], 'E_BAD_SHAPE', /cannot be combined/),
  load(['--iterations', '2', '--vus', '5'], 'E_BAD_SHAPE', /fewer than the 5 VUs/),
  load(['--iterations', '5', '--rate', '5'], 'E_BAD_SHAPE'),
  load(['--runners', '65'], 'E_USAGE', /at most 64/),
  load(['--runners', '2', '--execution-segment', '0:1/2'], 'E_USAGE', /--runners gives each runner/),
  load(['--runners', '2', '--threshold', 'http_req_duration=rate<0.1'], 'E_BAD_THRESHOLD', /trend metric has no "rate"/),
  load(['--execution-segment', '1:0'], 'E_BAD_SEGMENT'),
  load(['--engine', 'k7'], 'E_USAGE', /k6, node/),
  load(['--k6-out', 'csv=x.csv'], 'E_OUTPUT_CONFIG'),
  { args: ['load', '--scenario', 'nosuch'], code: 'E_UNKNOWN_SCENARIO', says: /read-mix/, fresh: true },
  // Profiles: names, paths, and the schema broken field by field
  load(['--profile', 'nosuch'], 'E_UNKNOWN_PROFILE', /smoke/),
  load(['--profile', f('missing.json')], 'E_PROFILE_NOT_FOUND', /ENOENT/),
  load(['--profile', join(dir, 'files', 'a folder ü', 'missing.json')], 'E_PROFILE_NOT_FOUND', /a folder ü/),
  load(['--profile', join(dir, 'files', 'a folder ü') + '/'], 'E_PROFILE_NOT_FOUND', /EISDIR/),
  load(['--profile', f('trailing.json')], 'E_PROFILE_INVALID', /not valid JSON/),
  load(['--profile', f('yaml.json')], 'E_PROFILE_INVALID', /not valid JSON/),
  load(['--profile', f('binary.json')], 'E_PROFILE_INVALID'),
  load(['--profile', f('null.json')], 'E_PROFILE_INVALID', /must be object/),
  load(['--profile', f('a folder ü/profile broken.json')], 'E_PROFILE_INVALID', /\/rate/),
  ...PROFILE_BREAKS.map(([field], i) => load(['--profile', f(`profile-${i}-${field}.json`)], 'E_PROFILE_INVALID', new RegExp(`/${field}`))),
  // Thresholds k6 would refuse
  ...['garbage', 'http_req_duration=p(95)<abc', 'http_req_duration=avg<1e400', 'http_req_duration=avg=200', 'http_req_duration{}=avg<5', 'http_req_duration=p( 95 )<5', 'http_req_duration=rate<0.1', 'no_such_metric=count<1']
    .map((v) => load(['--threshold', v], 'E_BAD_THRESHOLD')),
  // Config files and values
  load(['--config', f('trailing.json')], 'E_CONFIG_FILE', /not valid JSON/),
  load(['--config', join(dir, 'files', 'a folder ü')], 'E_CONFIG_FILE', /EISDIR/),
  load(['--config', f('null.json')], 'E_CONFIG_FILE', /not null/),
  load(['--config', f('unknown-key.json')], 'E_CONFIG_INVALID', /targte/),
  load(['--config', f('wrong-type.json')], 'E_CONFIG_INVALID', /timeoutMs/),
  load(['--config', ''], 'E_USAGE', /--config was given an empty value/),
  load(['--transfer-to', '12345'], 'E_USAGE', /E\.164/),
  // Targets, tokens and the environment
  load(['--target', 'notaurl'], 'E_BAD_TARGET'),
  load(['--target', 'http://127.0.0.1:1'], 'E_NO_AGENT', /--agent/),
  load(['--target', 'http://127.0.0.1:1', '--agent', 'agt_1'], 'E_NO_TOKEN', undefined, { CALLS_API_TOKEN: undefined }),
  load(['--target', 'https://calls-api.invalid', '--agent', 'agt_1'], 'E_REMOTE_NOT_ALLOWED'),
  load(['--target', 'http://127.0.0.1:1', '--agent', 'agt_1'], 'E_BAD_TOKEN', undefined, { CALLS_API_TOKEN: `${TOKEN}\n` }),
  load(['--target', 'http://127.0.0.1:1', '--agent', 'agt_1'], 'E_BAD_TOKEN', /not plain ASCII \(code 8220\)/, { CALLS_API_TOKEN: `\u201c${TOKEN}\u201d` }),
  { args: ['contract', '--target', 'http://127.0.0.1:1', '--agent', 'agt_1'], code: 'E_BAD_TOKEN', env: { CALLS_API_TOKEN: `${TOKEN}é` } },
  load([], 'E_BAD_TARGET', /CALLS_API_BASE_URL/, { CALLS_API_BASE_URL: 'garbage' }),
  load([], 'E_BAD_THRESHOLD', /CALLS_THRESHOLDS is not JSON/, { CALLS_THRESHOLDS: 'garbage' }),
  load([], 'E_BAD_THRESHOLD', /CALLS_THRESHOLDS/, { CALLS_THRESHOLDS: '{"http_req_duration":["p(95)<"]}' }),
  load([], 'E_CONFIG_INVALID', /CALLS_COMPLETE_RATIO/, { CALLS_COMPLETE_RATIO: '2' }),
  load([], 'E_BAD_SHAPE', /K6_ITERATIONS.*--iterations/, { K6_ITERATIONS: '5' }),
  { args: ['run'], code: 'E_BAD_SHAPE', says: /K6_NO_THRESHOLDS/, env: { K6_NO_THRESHOLDS: 'true' }, fresh: true },
  load([], 'E_CONFIG_INVALID', /CALLS_BRIDGE_TIMEOUT_MS/, { CALLS_BRIDGE_TIMEOUT_MS: 'abc' }),
  load(['--k6-out', 'experimental-prometheus-rw'], 'E_OUTPUT_CONFIG', /K6_PROMETHEUS_RW_SERVER_URL/, { K6_PROMETHEUS_RW_SERVER_URL: 'garbage' }),
  load(['--k6-out', 'experimental-prometheus-rw'], 'E_OUTPUT_CONFIG', /X-Tenant header/, { 'K6_PROMETHEUS_RW_HEADERS_X-Tenant': 'team\nsecret' }),
  // Output paths
  { args: [...LOAD, '--report-dir', f('trailing.json')], code: 'E_OUTPUT_NOT_WRITABLE' },
  { args: [...LOAD, '--report-dir', '/proc/calls-harness-nosuch'], code: 'E_OUTPUT_NOT_WRITABLE' },
  { args: [...LOAD, '--report-dir', join(dir, 'files', 'used')], code: 'E_REPORT_DIR_IN_USE', says: /summary\.json/ },
  { args: [...LOAD, '--history', join(dir, 'files', 'a folder ü')], code: 'E_OUTPUT_NOT_WRITABLE', says: /--history/ },
  { args: [...LOAD, '--history', '/proc/calls-harness-nosuch/h.ndjson'], code: 'E_OUTPUT_NOT_WRITABLE', says: /--history/ },
  // run
  { args: ['run', '--duration', '5'], code: 'E_USAGE', fresh: true },
  { args: ['run', '--runners', '100000'], code: 'E_USAGE', fresh: true },
  { args: ['run', '--profile', f(`profile-${PROFILE_BREAKS.findIndex(([field]) => field === 'rate')}-rate.json`)], code: 'E_PROFILE_INVALID', fresh: true },
  { args: ['run', '--scenario', 'nosuch'], code: 'E_UNKNOWN_SCENARIO', fresh: true },
  { args: ['run', '--spec-from', f('missing.json')], code: 'E_SPEC_UNREADABLE', fresh: true },
  { args: ['run', '--spec-from', f('yaml-broken.json')], code: 'E_SPEC_NOT_PARSEABLE', fresh: true },
  { args: ['run', '--spec-from', ''], code: 'E_USAGE', fresh: true },
  // contract
  { args: ['contract', '--max-examples', '0'], code: 'E_USAGE' },
  { args: ['contract', '--max-examples', '1000001'], code: 'E_USAGE', says: /at most 10000/ },
  // Taken up to 2^53: a typo'd count drew lifecycle sequences until CI's own timeout.
  { args: ['contract', '--stateful-runs', '9007199254740991'], code: 'E_USAGE', says: /--stateful-runs takes a whole number of 1 or more, at most 10000/ },
  { args: ['contract', '--seed', '99999999999999999999'], code: 'E_USAGE' },
  { args: ['contract', '--operations', 'getCall,,listAgentCalls'], code: 'E_USAGE' },
  { args: ['contract', '--operations', 'nosuch'], code: 'E_UNKNOWN_OPERATION' },
  { args: ['contract', '--checks', 'nosuch'], code: 'E_UNKNOWN_CHECK' },
  { args: ['contract', '--replay', f('missing.json')], code: 'E_REPLAY_INVALID' },
  { args: ['contract', '--replay', f('array.json')], code: 'E_REPLAY_INVALID' },
  { args: ['contract', '--replay', ''], code: 'E_USAGE' },
  { args: ['contract', '--junit', join(dir, 'files', 'a folder ü')], code: 'E_OUTPUT_NOT_WRITABLE', says: /folder/ },
  { args: ['contract', '--json', '/proc/calls-harness-nosuch/r.json'], code: 'E_OUTPUT_NOT_WRITABLE' },
  // capacity
  { args: [...CAPACITY, '--start-rate', '0'], code: 'E_USAGE', fresh: true },
  { args: [...CAPACITY, '--start-rate', '100', '--max-rate', '10'], code: 'E_USAGE', fresh: true },
  { args: [...CAPACITY, '--resolution', '2'], code: 'E_USAGE', fresh: true },
  { args: [...CAPACITY, '--step', '5'], code: 'E_USAGE', fresh: true },
  { args: [...CAPACITY, '--warm-up', '-1s'], code: 'E_USAGE', fresh: true },
  { args: [...CAPACITY, '--workers', '2'], code: 'E_USAGE', fresh: true },
  { args: [...CAPACITY, '--slo', 'http_req_duration=p(95)<'], code: 'E_BAD_THRESHOLD', fresh: true },
  { args: [...CAPACITY, '--slo', 'http_req_duration=rate<1'], code: 'E_BAD_THRESHOLD', says: /trend metric has no "rate"/, fresh: true },
  // serve: a valid command runs until stopped, so each of these must end at once
  ...[['--latency', 'uniform:5-1'], ['--stall', '200'], ['--die-after', '5:foo']]
    .map((args): Case => ({ args: ['serve', ...args], code: 'E_USAGE' })),
  { args: ['serve', '--port', '70000'], code: 'E_SERVER_CONFIG', says: /65535/ },
  { args: ['serve', '--live-ratio', '2'], code: 'E_SERVER_CONFIG' },
  { args: ['serve', '--mutation', 'nosuch'], code: 'E_UNKNOWN_MUTATION' },
  { args: ['serve', '--error-status', 'abc'], code: 'E_USAGE', says: /--error-status takes a whole number/ },
  { args: ['serve', '--host', ''], code: 'E_USAGE', says: /give it an address/ },
  { args: ['serve', '--config', f('trailing.json')], code: 'E_CONFIG_FILE' },
  { args: ['serve', '--config', ''], code: 'E_USAGE' },
  { args: ['serve', '--host', '192.0.2.1'], code: 'E_BAD_HOST' },
  // bundle
  { args: ['bundle', '--k8s', '--parallelism', '0'], code: 'E_USAGE' },
  { args: ['bundle', '--k8s', '--token-secret', 'Bad_Name!'], code: 'E_USAGE', says: /Kubernetes/ },
  { args: ['bundle', '--k8s', '--profile', 'nosuch'], code: 'E_UNKNOWN_PROFILE' },
  // config
  { args: ['config', '--print', '--config', f('trailing.json')], code: 'E_CONFIG_FILE' },
  { args: ['config', '--print', '--config', f('unknown-key.json')], code: 'E_CONFIG_INVALID' },
  // report
  { args: ['report', 'compare', '--history', f('missing.ndjson')], code: 'E_HISTORY_UNREADABLE' },
  { args: ['report', 'compare', '--history', join(dir, 'files', 'a folder ü')], code: 'E_HISTORY_UNREADABLE' },
  { args: ['report', 'compare', '--history', f('binary.ndjson')], code: 'E_NO_RESULT', warnings: true },
  { args: ['report', 'compare', '--run', ''], code: 'E_USAGE' },
  { args: ['report', 'dashboard', '--history', f('binary.ndjson'), '--out', join(out, 'd.html')], code: 'E_NO_RESULT', warnings: true },
  { args: ['report', 'dashboard', '--last', 'abc'], code: 'E_USAGE' },
  { args: ['report', 'render', '--summary', f('missing.json'), '--scenario', 'read-mix', '--out', join(out, 'r1')], code: 'E_NO_RESULT' },
  { args: ['report', 'render', '--summary', f('no-metrics.json'), '--scenario', 'read-mix', '--out', join(out, 'r3')], code: 'E_NO_RESULT', says: /metrics/ },
  { args: ['report', 'render', '--summary', f('runner/summary.json'), '--scenario', 'nosuch', '--out', join(out, 'r4')], code: 'E_UNKNOWN_SCENARIO' },
  { args: ['report', 'render', '--summary', f('runner/summary.json'), '--scenario', 'read-mix', '--out', join(out, 'r6'), '--exit-code', '256'], code: 'E_USAGE', says: /--exit-code takes an exit code, a whole number from 0 to 255, got "256"/ },
  { args: ['report', 'render', '--summary', f('runner/summary.json'), '--scenario', 'read-mix', '--out', join(dir, 'files', 'rendered-before')], code: 'E_REPORT_DIR_IN_USE', says: /result\.json/ },
  { args: ['report', 'render', '--summary', f('runner/summary.json'), '--scenario', 'read-mix', '--out', join(out, 'r5'), '--history', join(dir, 'files', 'a folder ü')], code: 'E_OUTPUT_NOT_WRITABLE', says: /--history/ },
  { args: ['report', 'merge', f('missing-runner'), '--report-dir', join(out, 'm1')], code: 'E_RUNNER_INCOMPLETE' },
  { args: ['report', 'merge', join(dir, 'files', 'runner'), '--report-dir', join(out, 'm2')], code: 'E_RUNNER_INCOMPLETE' },
  { args: ['report', 'merge', f('trailing.json'), '--report-dir', join(out, 'm3')], code: 'E_RUNNER_INCOMPLETE' },
  { args: ['report', 'merge'], code: 'E_USAGE' },
  // schemas
  { args: ['schemas', 'diff', '--from', f('missing.json'), '--to', OPENAPI], code: 'E_SPEC_UNREADABLE' },
  { args: ['schemas', 'diff', '--from', f('yaml-broken.json'), '--to', OPENAPI], code: 'E_SPEC_NOT_PARSEABLE' },
  { args: ['schemas', 'diff', '--from', f('trailing.json'), '--to', OPENAPI], code: 'E_SPEC_NOT_OPENAPI', says: /openapi/ },
  { args: ['schemas', 'diff', '--from', f('array.json'), '--to', OPENAPI], code: 'E_SPEC_NOT_OPENAPI' },
  { args: ['schemas', 'diff', '--from', OPENAPI, '--to', OPENAPI, '--fail-on', 'INFO'], code: 'E_USAGE' },
  { args: ['schemas', 'diff', '--from', OPENAPI, '--to', OPENAPI, '--severity-levels', f('missing.json')], code: 'E_SEVERITY_LEVELS' },
  { args: ['schemas', 'diff', '--from', OPENAPI, '--to', OPENAPI, '--severity-levels', f('trailing.json')], code: 'E_SEVERITY_LEVELS', says: /line 1/ },
  { args: ['schemas', 'import', '--check', '--from', f('missing.json')], code: 'E_SPEC_IMPORT' },
  { args: ['schemas', 'import', '--check', '--from', f('yaml.json')], code: 'E_SPEC_IMPORT' },
];

describe('commands made of commands', () => {
  it('keep `help [command]`, beside the one-line error for a missing or unknown command', async () => {
    for (const args of [['help', 'load'], ['report', 'help', 'compare'], ['help']]) {
      const res = await runCliInProcess(args, { env: ENV, cwd: work });
      expect(res.code, `${args.join(' ')}: ${res.stderr}`).toBe(0);
      expect(res.stdout).toMatch(/^Usage: calls-harness/);
    }
  });
});

// In this process, one at a time: each call sets its own environment for its length (helpers/cli.ts).
describe('bad input: one line, a stable code, exit 2', () => {
  for (const [i, c] of CASES.entries()) {
    const title = `${c.args.join(' ') || '(no arguments)'}${c.env ? ` with ${Object.keys(c.env).join(', ')}` : ''} -> ${c.code}`;
    it(title, async () => {
      const fresh = join(out, `fresh-${i}`);
      const history = join(out, `history-${i}.ndjson`);
      const args = c.fresh ? [...c.args, '--report-dir', fresh, '--history', history] : c.args;
      const res = await runCliInProcess(args, { env: { ...ENV, ...c.env }, cwd: work, timeoutMs: 30_000 });
      const lines = res.stderr.trim().split('\n');
      const last = lines[lines.length - 1] ?? '';
      expect(res.code, res.stderr).toBe(2);
      if (c.warnings) {
        expect(lines.slice(0, -1).every((l) => l.startsWith('calls-harness: warning: ')), res.stderr).toBe(true);
        expect(lines.length, res.stderr).toBeLessThanOrEqual(5);
      } else {
        expect(lines, res.stderr).toHaveLength(1);
      }
      expect(last).toMatch(new RegExp(`^calls-harness: error ${c.code}: \\S`));
      if (c.says) expect(last).toMatch(c.says);
      expect(res.stderr).not.toMatch(/\n\s+at |E_INTERNAL/);
      expect(res.stdout + res.stderr).not.toContain(TOKEN);
      if (c.fresh) {
        expect(existsSync(fresh), `${fresh} was claimed by a refused run`).toBe(false);
        expect(existsSync(history), `${history} was written by a refused run`).toBe(false);
      }
    });
  }
});
