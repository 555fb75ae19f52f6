// The main job as a new user and CI run it, and what it does when things go wrong.
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { start, type RunningServer } from '../../server/index.ts';
import { expectCleanError, runCli, type CliOptions } from '../helpers/cli.ts';

const SECRET = 'sk_live_RECOGNISABLEtokenXYZ0123456789';
const dir = mkdtempSync(join(tmpdir(), 'calls-harness-run-'));
let target: RunningServer;
beforeAll(async () => { target = await start({ port: 0, apiKeys: [SECRET], transferStepMs: 20 }); });
afterAll(async () => { await target.close(); });

/** The CLI with the harness's variables cleared, so that the developer's own never leak in. */
function cli(args: string[], env: Record<string, string> = {}, onStderr?: CliOptions['onStderr']) {
  return runCli(args, { env: { CALLS_API_TOKEN: undefined, CALLS_API_BASE_URL: undefined, CALLS_API_AGENT_ID: undefined, CALLS_HARNESS_RELEASE: undefined, ...env }, onStderr, timeoutMs: 80_000 });
}

function filesUnder(root: string): string[] {
  return readdirSync(root).flatMap((name) => {
    const path = join(root, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('the main job', () => {
  it('runs contract and load against a target and never writes the token anywhere', async () => {
    const report = join(dir, 'full');
    const history = join(dir, 'history.ndjson');
    const res = await cli(['run', '--target', target.url, '--agent', target.agentIds[0] as string, '--report-dir', report, '--history', history, '--engine', 'node', '--release', 'v9.9.9'], { CALLS_API_TOKEN: SECRET });
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/PASS: reports in .*full \(result\.json, junit\.xml, summary\.md, report\.html\)/);
    const files = filesUnder(report);
    for (const name of ['result.json', 'junit.xml', 'summary.md', 'report.html']) expect(files).toContain(join(report, name));
    expect(files).toContain(join(report, 'transfer-flows', 'summary.json'));
    const result = JSON.parse(readFileSync(join(report, 'result.json'), 'utf8')) as { verdict: { passed: boolean }; load: { scenario: string }[]; meta: { release: string } };
    expect(result.verdict.passed).toBe(true);
    expect(result.load.map((l) => l.scenario)).toEqual(['transfer-flows', 'read-mix']);
    expect(result.meta.release).toBe('v9.9.9');
    for (const text of [res.stdout, res.stderr, ...[...files, history].map((f) => readFileSync(f, 'utf8'))]) expect(text).not.toContain(SECRET);
  }, 90_000);

  it('a token rejected on every request stops early with that diagnosis, reports kept', async () => {
    const report = join(dir, 'rejected');
    const res = await cli(['run', '--target', target.url, '--agent', target.agentIds[0] as string, '--report-dir', report, '--history', join(dir, 'h2.ndjson')], { CALLS_API_TOKEN: 'sk_live_wrongwrongwrongwrong' });
    expect(res.code).toBe(2);
    const result = JSON.parse(readFileSync(join(report, 'result.json'), 'utf8')) as { contract: { error: { code: string } }; load: unknown[] };
    expect(result.contract.error.code).toBe('E_TOKEN_REJECTED');
    expect(result.load).toEqual([]);
    expect(readFileSync(join(report, 'junit.xml'), 'utf8')).toContain('E_TOKEN_REJECTED');
  }, 30_000);

  it('an unknown agent stops early the same way', async () => {
    const res = await cli(['run', '--target', target.url, '--agent', 'agt_nobody', '--report-dir', join(dir, 'agent'), '--history', join(dir, 'h3.ndjson')], { CALLS_API_TOKEN: SECRET });
    expect(res.code).toBe(2);
    expect(JSON.parse(readFileSync(join(dir, 'agent', 'result.json'), 'utf8')).contract.error.code).toBe('E_UNKNOWN_AGENT');
  }, 30_000);

  it('refuses a remote target without --allow-remote before sending anything, with exit 2', async () => {
    const res = await cli(['run', '--target', 'https://calls-api.invalid'], { CALLS_API_TOKEN: SECRET });
    expectCleanError(res, 'E_REMOTE_NOT_ALLOWED');
    expect(res.stderr).toContain('--allow-remote');
  });

  it('refuses at once when the report folder cannot be written', async () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, 'x');
    expectCleanError(await cli(['run', '--report-dir', join(file, 'reports')]), 'E_OUTPUT_NOT_WRITABLE');
  });

  it('Ctrl-C stops it within seconds and still writes the reports, marked interrupted', async () => {
    const report = join(dir, 'interrupted');
    let sent = false;
    const t0 = performance.now();
    let stoppedAt = 0;
    // 1 s after the load's engine bundle is written (its load then under way), however long a busy
    // machine took to bundle: a fixed 1.5 s from the stage's first line could fall in the bundling.
    const bundle = join(report, 'transfer-flows', 'bundle', 'node', 'transfer-flows.mjs');
    const res = await cli(['run', '--report-dir', report, '--history', join(dir, 'h4.ndjson'), '--engine', 'node'], {}, (text, child) => {
      if (!sent && text.includes('load: transfer-flows')) {
        sent = true;
        const poll = setInterval(() => {
          if (!existsSync(bundle)) return;
          clearInterval(poll);
          setTimeout(() => { stoppedAt = performance.now(); child.kill('SIGINT'); }, 1000);
        }, 20);
        child.once('close', () => clearInterval(poll));
      }
    });
    expect(sent).toBe(true);
    expect(performance.now() - stoppedAt).toBeLessThan(5000);
    expect(performance.now() - t0).toBeLessThan(20_000);
    expect(res.code).toBe(105);
    const result = JSON.parse(readFileSync(join(report, 'result.json'), 'utf8')) as { meta: { interrupted: boolean }; load: { interrupted: boolean }[] };
    expect(result.meta.interrupted).toBe(true);
    expect(result.load[0]?.interrupted).toBe(true);
  }, 60_000);
});

describe('configuration', () => {
  it('file, then environment, then flags; config --print masks the token', async () => {
    const config = join(dir, 'config.json');
    writeFileSync(config, JSON.stringify({ agentId: 'agt_file', profile: 'nightly', release: 'file' }));
    const res = await cli(['config', '--print', '--config', config], { CALLS_API_TOKEN: SECRET, CALLS_API_AGENT_ID: 'agt_env' });
    expect(res.code, res.stderr).toBe(0);
    const printed = JSON.parse(res.stdout) as Record<string, string>;
    expect(printed).toMatchObject({ agentId: 'agt_env', profile: 'nightly', release: 'file' });
    expect(res.stdout).not.toContain(SECRET);
    expect(printed.token).toContain('masked');
  });

  it('config --print shows a file\'s values with nothing invisible raw, the same values read back', async () => {
    const config = join(dir, 'hostile-config.json');
    const release = 'r\u009b2J\u001b]0;t\u0007\u202eevil\u2028x';
    writeFileSync(config, JSON.stringify({ release }));
    const res = await cli(['config', '--print', '--config', config]);
    expect(res.code, res.stderr).toBe(0);
    // eslint-disable-next-line no-control-regex
    expect(res.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e\u2028]/);
    expect((JSON.parse(res.stdout) as { release: string }).release).toBe(release);
  });

  it('a config error names the field, what was given, what is allowed', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ engine: 'jmeter' }));
    const res = await cli(['config', '--print', '--config', bad]);
    expectCleanError(res, 'E_CONFIG_INVALID');
    expect(res.stderr).toContain('"engine" is "jmeter": it must be one of ["k6","node"]');
    writeFileSync(bad, '{ "target": ');
    expectCleanError(await cli(['run', '--config', bad]), 'E_CONFIG_FILE');
  });
});
