// A call id goes into the request path the same way on the contract and on the load engines
// (core/path-segment.ts): percent-encoded as one segment, as given. "." and "..", which
// URL parsers resolve (GET /v1/calls/.. was GET /v1/ in the contract, sent as written by the
// engines), are refused with E_BAD_ID before any request. Before: ids with a comma or spaces at
// their ends reached the engines split or trimmed (CALLS_CALL_IDS was a comma-joined list).
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shellWord } from '../../core/index.ts';
import { k6sAtHand } from '../helpers/k6-binaries.ts';
import { arrivalRecorder } from '../helpers/arrival-recorder.ts';
import { expectCleanError, runCli } from '../helpers/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'calls-harness-call-id-'));
const env = { CALLS_API_TOKEN: 'sk_test_paths' };
const IDS = ['a/b', '%2F', 'a b', ' padded ', 'é日本', 'a,b', "it's", 'x?y#z'];
// The built-in engine, and every k6 at hand (test/helpers/k6-binaries.ts), each first on PATH.
const engines: { engine: string; env: Record<string, string> }[] = [{ engine: 'node', env: {} }, ...k6sAtHand().map((k6) => ({ engine: 'k6', env: { PATH: `${k6.dir}${delimiter}${process.env.PATH ?? ''}` } }))];

describe('call ids in request paths', () => {
  let recorder: Awaited<ReturnType<typeof arrivalRecorder>>;
  let n = 0;
  beforeAll(async () => {
    recorder = await arrivalRecorder();
  });
  afterAll(() => recorder.close());

  /** The /v1/calls/... paths the command sent. */
  const pathsOf = async (args: string[], extraEnv: Record<string, string> = {}) => {
    const from = recorder.arrivals.length;
    const res = await runCli([...args, '--target', recorder.url], { env: { ...env, ...extraEnv } });
    return { res, paths: recorder.arrivals.slice(from).map((a) => a.path).filter((p) => p.startsWith('/v1/calls/')) };
  };
  const segmentsOf = (paths: string[]) => [...new Set(paths.map((p) => p.split('?')[0]?.split('/')[3]))];

  it.each(IDS)('%j: one encoded segment, the same on the contract and on the engines', async (id) => {
    const expected = encodeURIComponent(id);
    const json = join(dir, `contract-${++n}.json`);
    const contract = await pathsOf(['contract', '--call-id', id, '--operations', 'getCall', '--checks', 'response_schema_conformance', '--json', json]);
    expect(contract.paths.length, contract.res.stderr).toBeGreaterThan(0);
    expect(segmentsOf(contract.paths)).toEqual([expected]);
    // The recorder's {"ok":true} is no CallDetail: the findings' curl lines name the same path,
    // and their reproduce command gives the id back as it was typed.
    const findings = (JSON.parse(readFileSync(json, 'utf8')) as { cases: { findings: { curl: string; reproduce: string }[] }[] }).cases.flatMap((c) => c.findings);
    expect(findings.length).toBeGreaterThan(0);
    for (const f of findings) {
      // Inside the curl line's single quotes, where a quote is written '\''.
      expect(f.curl).toContain(`/v1/calls/${expected.replace(/'/g, "'\\''")}'`);
      expect(f.reproduce).toContain(`--call-id ${shellWord(id)} `);
    }
    for (const { engine, env: engineEnv } of engines) {
      const load = await pathsOf(['load', '--scenario', 'read-mix', '--engine', engine, '--call-id', id, '--vus', '1', '--iterations', '2', '--report-dir', join(dir, `load-${++n}`), '--history', join(dir, 'h.ndjson')], engineEnv);
      expect(load.paths.length, load.res.stderr).toBeGreaterThan(0);
      expect(segmentsOf(load.paths)).toEqual([expected]);
    }
  });

  it.each([
    { args: ['contract', '--call-id', '..'] },
    { args: ['contract', '--agent', '.'] },
    { args: ['load', '--scenario', 'read-mix', '--engine', 'node', '--call-id', '.'] },
    { args: ['run', '--engine', 'node', '--call-id', 'c1', '--call-id', '..'] },
    { args: ['bundle', '--k8s', '--agent', '..'] },
  ])('$args: refused with E_BAD_ID, nothing sent', async ({ args }) => {
    const from = recorder.arrivals.length;
    const res = await runCli([...args, '--target', recorder.url], { env });
    expectCleanError(res, 'E_BAD_ID');
    expect(res.stderr).toMatch(/The flag --(call-id|agent) gives "\.\.?" as an? (call|agent) id: "\." and "\.\." are path navigation/);
    expect(recorder.arrivals.length).toBe(from);
  });
});
