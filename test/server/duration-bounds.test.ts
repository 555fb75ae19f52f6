// Every time the server takes fits a Node timer (2^31-1 ms): past it, Node fires the timer after
// 1 ms with a TimeoutOverflowWarning, so `--latency fixed:99999999999` answered at once. Each
// value is refused with a coded error; a sum of bounded parts is held at the bound, not answered.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LONGEST_TIMER_MS } from '../../core/index.ts';
import { start } from '../../server/index.ts';
import { expectCleanError, runCliInProcess } from '../helpers/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'calls-harness-durations-'));

describe('server durations', () => {
  it('refuses a latency, stall or Retry-After past what a timer holds, from a flag or a config file', async () => {
    const latency = await runCliInProcess(['serve', '--port', '0', '--latency', 'fixed:99999999999']);
    expectCleanError(latency, 'E_SERVER_CONFIG');
    expect(latency.stderr).toContain(`--latency ("latency.*.ms") must be at most ${LONGEST_TIMER_MS} ms`);
    const lognormal = await runCliInProcess(['serve', '--port', '0', '--latency', `getCall=lognormal:5:${LONGEST_TIMER_MS + 1}`]);
    expectCleanError(lognormal, 'E_SERVER_CONFIG');
    expect(lognormal.stderr).toContain('"latency.getCall.p99Ms"');
    const stall = await runCliInProcess(['serve', '--port', '0', '--stall', `1/${LONGEST_TIMER_MS + 1}`]);
    expectCleanError(stall, 'E_SERVER_CONFIG');
    expect(stall.stderr).toContain('--stall ("faults.stall.everyMs")');
    const file = join(dir, 'server.json');
    writeFileSync(file, JSON.stringify({ latency: { '*': { model: 'uniform', minMs: 0, maxMs: 1e12 } }, faults: { retryAfterSeconds: 1e10 } }));
    expectCleanError(await runCliInProcess(['serve', '--port', '0', '--config', file]), 'E_SERVER_CONFIG');
  });

  it('holds a delay whose parts add up past the bound (latency plus a stall) instead of answering at once', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on('warning', onWarning);
    // Each part is at the bound, so the schema takes them; their sum is twice what a timer holds.
    const server = await start({ port: 0, latency: { '*': { model: 'fixed', ms: LONGEST_TIMER_MS } }, faults: { stall: { everyMs: LONGEST_TIMER_MS, forMs: LONGEST_TIMER_MS } } });
    try {
      const answer = await fetch(`${server.url}/v1/calls/c1`, { signal: AbortSignal.timeout(500) }).then((r) => r.status, (err: Error) => err.name);
      expect(answer).toBe('TimeoutError');
      expect(warnings).not.toContain('TimeoutOverflowWarning');
    } finally {
      process.off('warning', onWarning);
      await server.close();
    }
  });
});
