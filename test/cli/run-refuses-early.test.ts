// The main job refuses what would stop a load stage before its contract suite sends anything:
// against a real target the state-changing checks would already have run, then been thrown away.
import { describe, expect, it } from 'vitest';
import { runCliInProcess } from '../helpers/cli.ts';

describe('run refuses bad load input before the contract suite', () => {
  it.each([
    [['--scenario', 'nope'], 'E_UNKNOWN_SCENARIO'],
    [['--engine', 'node', '--k6-out', 'json=samples.json'], 'E_OUTPUT_CONFIG'],
  ])('%o: exit 2 with %s, no contract stage started', async (args, code) => {
    const res = await runCliInProcess(['run', ...args]);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain(`error ${code}`);
    expect(res.stderr).not.toContain('contract suite against');
  });
});
