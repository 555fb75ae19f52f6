// k6's REST API out of the way (issue 28): two `load --engine k6` runs at once on one machine, with
// k6's default API port 127.0.0.1:6565 already held, as another k6 would hold it. Neither prints
// k6's "Error from API server ... bind: address already in use", both pass, and each result.json
// names the k6 that ran it. Once per k6 at hand (test/helpers/k6-binaries.ts); skipped without k6.
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { describeEachK6 } from '../helpers/k6-binaries.ts';

const dir = mkdtempSync(join(tmpdir(), 'calls-harness-two-k6-'));

/** Holds 127.0.0.1:6565 while the runs go, unless something else already holds it (then it is held all the same). */
let holder: Server | null = null;
beforeAll(async () => {
  holder = await new Promise<Server | null>((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(null));
    s.listen(6565, '127.0.0.1', () => resolve(s));
  });
});
afterAll(() => new Promise<void>((resolve) => (holder ? holder.close(() => resolve()) : resolve())));

describeEachK6('two loads at once', (k6) => {
  it('neither warns about k6\'s REST API, both pass, each result names the k6', async () => {
    const run = (i: number) => runCli(['load', '--scenario', 'read-mix', '--engine', 'k6', '--vus', '1', '--duration', '3s', '--report-dir', join(dir, `${k6.version.text}-${i}`), '--history', join(dir, `h-${i}.ndjson`)],
      { env: { CALLS_API_TOKEN: undefined, CALLS_API_BASE_URL: undefined, CALLS_API_AGENT_ID: undefined }, timeoutMs: 55_000 });
    const runs = await Promise.all([run(1), run(2)]);
    for (const [i, res] of runs.entries()) {
      expect(res.code, res.stderr).toBe(0);
      const said = res.stdout + res.stderr;
      expect(said).not.toMatch(/Error from API server|address already in use|6565/);
      const result = JSON.parse(readFileSync(join(dir, `${k6.version.text}-${i + 1}`, 'result.json'), 'utf8')) as { load: { engine: string; engineVersion?: string }[] };
      expect(result.load[0]).toMatchObject({ engine: 'k6', engineVersion: k6.version.text });
    }
  }, 60_000);
});
