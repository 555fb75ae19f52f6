// The built-in engine sends a script's console to stderr, as k6 does, never to stdout (where
// `run --json` keeps its one JSON document); with --quiet (scriptConsole 'none') nowhere. The
// harness's own console is put back once the run is over.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runFixture } from '../helpers/engine.ts';

describe('a script\'s console on the built-in engine', () => {
  let out: string[];
  let err: string[];
  beforeEach(() => {
    out = [];
    err = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => out.push(String(chunk)) > 0);
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => err.push(String(chunk)) > 0);
  });
  afterEach(() => vi.restoreAllMocks());

  it('goes to stderr, every stage of it, and never to stdout', async () => {
    const before = globalThis.console;
    const result = await runFixture('logs-to-console', {});
    expect(result.exitCode).toBe(0);
    expect(out.join('')).not.toContain('SCRIPT-LOG');
    expect(err.join('').match(/SCRIPT-LOG \w+/g)).toEqual(['SCRIPT-LOG setup', 'SCRIPT-LOG iteration', 'SCRIPT-LOG error', 'SCRIPT-LOG iteration', 'SCRIPT-LOG error']);
    expect(globalThis.console).toBe(before);
  });

  it('goes nowhere when asked (--quiet)', async () => {
    const result = await runFixture('logs-to-console', {}, { scriptConsole: 'none' });
    expect(result.exitCode).toBe(0);
    expect([...out, ...err].join('')).not.toContain('SCRIPT-LOG');
  });
});
