// The k6 on PATH is asked its version before a load: v0.48 and v1.x get a REST API address the
// system picks, v2 none; every report names the version; a k6 older than v0.48, or one whose
// version cannot be read, is one coded error before anything is built or sent.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { fakeK6 } from '../helpers/fake-k6.ts';

const dir = mkdtempSync(join(tmpdir(), 'calls-harness-k6-versions-'));
const load = (report: string, env: Record<string, string>) => runCli(['load', '--scenario', 'read-mix', '--report-dir', report, '--history', join(dir, 'history.ndjson'), '--quiet'], { env, timeoutMs: 25_000 });

describe('the k6 version found', () => {
  it('v0.48: named in result.json, the history, JUnit, summary.md and report.html; its REST API on a port the system picks', async () => {
    const k6 = fakeK6({ version: 'v0.48.0' });
    const report = join(dir, 'v048');
    const res = await load(report, k6.env);
    expect(res.code, res.stderr).toBe(0);
    const run = k6.calls()[0] as string[];
    expect(run[0]).toBe('run');
    expect(run.join(' ')).toContain('--address 127.0.0.1:0');
    const result = JSON.parse(readFileSync(join(report, 'result.json'), 'utf8')) as { load: { engine: string; engineVersion?: string }[] };
    expect(result.load[0]).toMatchObject({ engine: 'k6', engineVersion: 'v0.48.0' });
    const history = readFileSync(join(dir, 'history.ndjson'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { load: { engineVersion?: string }[] });
    expect(history.at(-1)?.load[0]?.engineVersion).toBe('v0.48.0');
    expect(readFileSync(join(report, 'junit.xml'), 'utf8')).toContain('<property name="engine.version" value="v0.48.0"/>');
    expect(readFileSync(join(report, 'summary.md'), 'utf8')).toContain('### Load: read-mix (smoke, k6 v0.48.0)');
    expect(readFileSync(join(report, 'report.html'), 'utf8')).toContain('k6 v0.48.0');
  }, 30_000);

  it('v2: no --address, so k6 starts no REST API at all', async () => {
    const k6 = fakeK6({ version: 'v2.2.0' });
    const report = join(dir, 'v2');
    const res = await load(report, k6.env);
    expect(res.code, res.stderr).toBe(0);
    expect(k6.calls()[0]).not.toContain('--address');
    const result = JSON.parse(readFileSync(join(report, 'result.json'), 'utf8')) as { load: { engineVersion?: string }[] };
    expect(result.load[0]?.engineVersion).toBe('v2.2.0');
  }, 30_000);

  it('report render of a run made by hand records the version it is given', async () => {
    const k6 = fakeK6({ version: 'v1.3.0' });
    const report = join(dir, 'by-hand');
    expect((await load(report, k6.env)).code).toBe(0);
    const out = join(dir, 'rendered');
    const res = await runCli(['report', 'render', '--summary', join(report, 'summary.json'), '--scenario', 'read-mix', '--engine-version', 'v1.3.0', '--out', out], 20_000);
    expect(res.code, res.stderr).toBe(0);
    const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')) as { load: { engine: string; engineVersion?: string }[] };
    expect(result.load[0]).toMatchObject({ engine: 'k6', engineVersion: 'v1.3.0' });
  }, 45_000);

  it('older than v0.48: one error naming the versions supported, k6 never run, no run folder', async () => {
    const k6 = fakeK6({ version: 'v0.47.0' });
    const report = join(dir, 'old');
    const res = await load(report, k6.env);
    expect(res.code).toBe(2);
    const errors = res.stderr.split('\n').filter((l) => l.includes('error'));
    expect(errors).toEqual([expect.stringMatching(/^calls-harness: error E_K6_TOO_OLD: .*k6 v0\.47\.0, older than the harness supports: k6 v0\.48 and newer/)]);
    expect(k6.calls()).toEqual([]);
    expect(existsSync(report)).toBe(false);
  }, 30_000);

  it('a `k6` whose version cannot be read: E_K6_VERSION_UNKNOWN, k6 never run', async () => {
    const bin = join(dir, 'bin-unknown');
    mkdirSync(bin);
    writeFileSync(join(bin, 'k6'), `#!${process.execPath}\nif (process.argv[2] === 'version') { console.log('not k6 at all'); process.exit(0); }\nrequire('node:fs').writeFileSync(${JSON.stringify(join(bin, 'ran'))}, '');\n`);
    chmodSync(join(bin, 'k6'), 0o755);
    const res = await load(join(dir, 'unknown'), { PATH: `${bin}${delimiter}${process.env.PATH}` });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/error E_K6_VERSION_UNKNOWN: .*printed no version the harness can read \("not k6 at all"\)/);
    expect(existsSync(join(bin, 'ran'))).toBe(false);
  }, 30_000);
});
