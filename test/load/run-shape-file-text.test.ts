// The run folder's profile.json (the shape a run had) holds a profile file's text, its description
// included: a file the user may not have written (a shared repository's). It is written as every
// JSON output is, through the boundary's jsonText: nothing invisible raw, the same values.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { PROFILES_DIR } from '../../load/profile-files.ts';
import { RUN_SHAPE_FILE } from '../../load/run-load.ts';
import { runCliInProcess } from '../helpers/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'calls-harness-shape-text-'));

it('a profile description with C1, bidi and line separators is escaped in the run folder\'s profile.json', { timeout: 60_000 }, async () => {
  const description = 'fast\u009b2J\u001b]0;t\u0007\u202eevil\u2028x';
  const smoke = JSON.parse(readFileSync(join(PROFILES_DIR, 'smoke.json'), 'utf8')) as Record<string, unknown>;
  delete smoke.$schema;
  const file = join(dir, 'hostile.json');
  // Ten iterations: the read mix reads each of its four operations, so every threshold is judged.
  writeFileSync(file, JSON.stringify({ ...smoke, description, rate: 10, duration: '1s', gracefulStop: '1s' }));
  const out = join(dir, 'run');
  const res = await runCliInProcess(['load', '--scenario', 'read-mix', '--engine', 'node', '--profile', file, '--report-dir', out, '--quiet']);
  expect(res.code, res.stderr).toBe(0);
  const text = readFileSync(join(out, RUN_SHAPE_FILE), 'utf8');
  // eslint-disable-next-line no-control-regex
  expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e\u2028]/);
  expect(JSON.stringify(JSON.parse(text))).toContain(JSON.stringify(description).slice(1, -1));
});
