// `calls-harness serve` as a user runs it: output, shutdown, and every kind of bad input.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectCleanError, runCli, startCli } from '../helpers/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'calls-harness-cli-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe('serve', () => {
  it('prints one JSON line, serves the API with that key, and stops cleanly on SIGTERM', async () => {
    const { child, firstLine, exited } = await startCli(['serve', '--port', '0', '--json', '--agents', '2', '--seed', '9']);
    const info = JSON.parse(firstLine) as { url: string; apiKey: string; agentIds: string[] };
    expect(info.agentIds).toHaveLength(2);
    const res = await fetch(`${info.url}/v1/agents/${info.agentIds[0]}/calls?limit=1`, { headers: { authorization: `Bearer ${info.apiKey}` } });
    expect(res.status).toBe(200);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('takes options from a config file, with flags winning over it', async () => {
    const config = file('server.json', JSON.stringify({ agents: 4, apiKeys: ['sk_test_configkeyconfigkey01'], faults: { errorRate: 1 } }));
    const { child, firstLine, exited } = await startCli(['serve', '--port', '0', '--json', '--config', config, '--agents', '1', '--error-rate', '0']);
    const info = JSON.parse(firstLine) as { url: string; apiKey: string; agentIds: string[] };
    expect(info.apiKey).toBe('sk_test_configkeyconfigkey01');
    expect(info.agentIds).toHaveLength(1);
    expect((await fetch(`${info.url}/v1/agents/${info.agentIds[0]}/calls`, { headers: { authorization: `Bearer ${info.apiKey}` } })).status).toBe(200);
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  });

  it('--rate-limit and --die-after: a token bucket answering 429 with Retry-After, then a server that stops answering', async () => {
    // A token every 5 s: the second request must come before it (1 s left tight for a busy machine).
    const { child, firstLine, exited } = await startCli(['serve', '--port', '0', '--json', '--rate-limit', '0.2/1', '--die-after', '2']);
    const info = JSON.parse(firstLine) as { url: string; apiKey: string; agentIds: string[] };
    const get = () => fetch(`${info.url}/v1/agents/${info.agentIds[0]}/calls?limit=1`, { headers: { authorization: `Bearer ${info.apiKey}` } });
    const first = await get();
    const second = await get();
    const third = await get().then(() => null, (e: Error) => e);
    child.kill('SIGTERM');
    await exited;
    expect(first.status).toBe(200);
    expect(second.status).toBe(429);
    expect(Number(second.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(second.headers.get('retry-after'))).toBeLessThanOrEqual(5);
    expect(third).toBeInstanceOf(Error);
    expectCleanError(await runCli(['serve', '--rate-limit', '0/5']), 'E_USAGE');
    expectCleanError(await runCli(['serve', '--die-after', '10:explode']), 'E_USAGE');
  });

  it('--list-mutations prints the mutations as JSON', async () => {
    const res = await runCli(['serve', '--list-mutations']);
    expect(res.code).toBe(0);
    const list = JSON.parse(res.stdout) as { name: string; operations: string[] }[];
    expect(list.map((m) => m.name)).toContain('auth-ignored');
    expect(list.find((m) => m.name === 'enum-violation')?.operations).toContain('getCall');
  });

  it('--help works on every command', { timeout: 30_000 }, async () => {
    const commands = [[], ['run'], ['serve'], ['contract'], ['load'], ['capacity'], ['bundle'], ['report'], ['report', 'compare'], ['report', 'dashboard'], ['report', 'render'], ['config'], ['schemas'], ['schemas', 'import']];
    for (const args of commands.map((c) => [...c, '--help'])) {
      const res = await runCli(args);
      expect(res.code, args.join(' ')).toBe(0);
      expect(res.stdout).toMatch(/^Usage: calls-harness/);
      // commander appends the default itself: a description that names it too says it twice.
      expect(res.stdout, args.join(' ')).not.toMatch(/(\(default: [^)]*\))\s*\1/);
    }
  });
});

describe('serve with bad input', () => {
  it('a malformed config file', async () => {
    const res = await runCli(['serve', '--config', file('bad.json', '{"agents": 2,')]);
    expectCleanError(res, 'E_CONFIG_FILE');
    expect(res.stderr).toContain('not valid JSON');
  });

  it('a config file with an unknown field or an out-of-range value', async () => {
    expectCleanError(await runCli(['serve', '--config', file('unknown.json', '{"agent": 2}')]), 'E_SERVER_CONFIG');
    const res = await runCli(['serve', '--config', file('range.json', '{"liveRatio": 3}')]);
    expectCleanError(res, 'E_SERVER_CONFIG');
    expect(res.stderr).toContain('"liveRatio") must be <= 1; given 3');
  });

  it('a missing config file', async () => {
    expectCleanError(await runCli(['serve', '--config', join(dir, 'absent.json')]), 'E_CONFIG_FILE');
  });

  it('an unknown mutation name', async () => {
    const res = await runCli(['serve', '--mutation', 'drop-everything']);
    expectCleanError(res, 'E_UNKNOWN_MUTATION');
    expect(res.stderr).toContain('drop-required-field');
  });

  it('a negative call count', async () => {
    const res = await runCli(['serve', '--calls-per-agent', '-5']);
    expectCleanError(res, 'E_SERVER_CONFIG');
    expect(res.stderr).toContain('--calls-per-agent');
  });

  it('a port in use', async () => {
    const holder = createServer();
    await new Promise<void>((r) => holder.listen(0, '127.0.0.1', r));
    const port = (holder.address() as { port: number }).port;
    const res = await runCli(['serve', '--port', String(port)]);
    holder.close();
    expectCleanError(res, 'E_PORT_IN_USE');
    expect(res.stderr).toContain(String(port));
  });

  it('a malformed flag value and an unknown flag', async () => {
    expectCleanError(await runCli(['serve', '--latency', 'gaussian:4']), 'E_USAGE');
    expectCleanError(await runCli(['serve', '--stall', 'often']), 'E_USAGE');
    expectCleanError(await runCli(['serve', '--no-such-flag']), 'E_USAGE');
  });
});
