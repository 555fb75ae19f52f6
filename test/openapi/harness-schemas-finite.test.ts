// JSON.parse reads a number past 1.8e308 as Infinity, which ajv's "number" takes and JSON cannot
// write back (it becomes null). A harness file holding one is refused where it is read, as the
// schema's type error: a profile's `"p(95)": 1e309` passed the CLI and failed inside the bundle
// as "a bug in calls-harness" (E_INTERNAL, exit 70).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROFILES_DIR } from '../../load/profile-files.ts';
import { historyEntry, readHistory } from '../../reports/history.ts';
import { harnessValidator } from '../../openapi/harness-schemas.ts';
import { fixedResult } from '../fixtures/results.ts';
import { expectCleanError, runCliInProcess } from '../helpers/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'calls-harness-finite-'));

describe('a number JSON cannot write back', () => {
  it('in a profile file: E_PROFILE_INVALID naming the field, before any run', async () => {
    const smoke = readFileSync(join(PROFILES_DIR, 'smoke.json'), 'utf8').replace('"$schema": "../../schemas/harness/profile.schema.json",', '');
    const file = join(dir, 'huge.json');
    writeFileSync(file, smoke.replace('"p(95)": 500', '"p(95)": 1e309'));
    const res = await runCliInProcess(['load', '--scenario', 'read-mix', '--engine', 'node', '--profile', file, '--report-dir', join(dir, 'run')]);
    expectCleanError(res, 'E_PROFILE_INVALID');
    expect(res.stderr).toContain('"/latency/p(95)": must be a finite number');
  });

  it('in a history line: the line is skipped and named, its Infinity never a baseline', () => {
    const file = join(dir, 'history.ndjson');
    const good = historyEntry(fixedResult());
    writeFileSync(file, `${JSON.stringify(good)}\n${JSON.stringify({ ...good, runId: 'inf' }).replace(/"p95":[0-9.]+/, '"p95":1e309')}\n`);
    const read = readHistory(file);
    expect(read.entries.map((e) => e.runId)).toEqual([good.runId]);
    expect(read.skipped).toEqual([{ line: 2, reason: expect.stringContaining('finite') as string }]);
  });

  it('found at any depth a harness file may have, named by its path, and finite data validates as before', () => {
    const validate = harnessValidator('profile');
    let deep: unknown = -Infinity;
    for (let i = 0; i < 150; i++) deep = [deep];
    expect(validate({ description: deep })).toBe(false);
    expect(validate.errors?.[0]?.message).toContain('finite');
    expect(validate.errors?.[0]?.instancePath).toBe(`/description${'/0'.repeat(150)}`);
    expect(validate(JSON.parse(readFileSync(join(PROFILES_DIR, 'smoke.json'), 'utf8')))).toBe(true);
    expect(validate.errors).toBeNull();
  });

  // The runner file's group schema is recursive, and so is ajv's walk of it: a runner folder from
  // elsewhere with groups nested 100,000 deep threw RangeError (E_INTERNAL from `report merge`).
  it('nesting past any harness file is a schema error, not a stack overflow', () => {
    let group: Record<string, unknown> = { name: '', path: '', id: 'x', groups: [], checks: [] };
    for (let i = 0; i < 100_000; i++) group = { name: 'g', path: '::g', id: String(i), groups: [group], checks: [] };
    const validate = harnessValidator('runner-file');
    expect(validate({ rootGroup: group })).toBe(false);
    expect(validate.errors?.[0]).toMatchObject({ keyword: 'maxDepth', message: 'nests deeper than 200 levels, which no harness file does' });
    expect(validate.errors?.[0]?.instancePath.startsWith('/rootGroup/groups/0/groups/0/')).toBe(true);
  });
});
