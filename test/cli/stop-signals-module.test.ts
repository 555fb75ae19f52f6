// cli/stop-signals.ts in a real process with real signals: a signal while the reports are written
// never turns into exit 0, a second signal exits at once, and a stopped command exits even when a
// socket is left open.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EXIT_AFTER_SETTLE_MS } from '../../cli/stop-signals.ts';

const CHILD = fileURLToPath(new URL('../fixtures/stop-signals-child.ts', import.meta.url));

interface Outcome { code: number | null; stderr: string; msAfterLastSignal: number }

/** Starts the child; once it prints its first line, sends each signal `gapMs` apart. */
function run(mode: string, signals: NodeJS.Signals[], gapMs = 200): Promise<Outcome> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, mode], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let lastAt = performance.now();
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.once('data', () => {
      signals.forEach((sig, i) => setTimeout(() => { lastAt = performance.now(); child.kill(sig); }, 100 + i * gapMs));
    });
    child.on('close', (code) => resolve({ code, stderr, msAfterLastSignal: performance.now() - lastAt }));
  });
}

describe('handleStopSignals', () => {
  it('a SIGTERM while the reports are written: the command settles 0, the process exits 105', async () => {
    const out = await run('writing', ['SIGTERM']);
    expect(out.code).toBe(105);
    expect(out.stderr).toContain('stopping (SIGTERM)');
  }, 20_000);

  it('a second signal exits at once with the interrupted code', async () => {
    const out = await run('running', ['SIGINT', 'SIGINT']);
    expect(out.code).toBe(105);
    expect(out.stderr).toContain('SIGINT again: exiting at once');
  }, 20_000);

  it('a command that settles without a signal exits with its code even with a handle left open, and says so', async () => {
    const out = await run('settle-with-linger', []);
    expect(out.code).toBe(0);
    expect(out.stderr).toContain(`something was still open ${EXIT_AFTER_SETTLE_MS / 1000} s after the run ended`);
  }, 20_000);

  it('that exit never cuts the output a slow reader has not taken yet', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, 'settle-with-output'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.once('data', (d: Buffer) => {
      stdout += d.toString();
      // The reader stalls past the exit bound, then reads the rest.
      child.stdout.pause();
      setTimeout(() => child.stdout.resume(), EXIT_AFTER_SETTLE_MS + 2000);
      child.stdout.on('data', (more: Buffer) => (stdout += more.toString()));
    });
    const code = await new Promise<number | null>((r) => child.on('close', (c) => r(c)));
    expect(code).toBe(0);
    expect(stdout.length).toBe('settled\n'.length + 2_000_001);
  }, 30_000);

  it('a stopped command exits after it settles, even with a handle left open', async () => {
    const out = await run('settle-on-stop', ['SIGHUP']);
    expect(out.code).toBe(105);
    expect(out.stderr).toContain('stopping (SIGHUP)');
  }, 20_000);
});
