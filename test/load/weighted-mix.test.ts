// A weighted mix is taken by count, not by chance: every run, and every stretch of one, holds each
// entry's share, so a short run requests every operation of read-mix and a capacity step gets the
// samples it was planned for.
import { describe, expect, it } from 'vitest';
import { mixEntry, mixRoll, type WeightedMix } from '../../scenarios/lib/weighted-mix.ts';
import { smoke } from '../helpers/smoke-run.ts';

/** read-mix's weights, as scenarios/read-mix.ts gives them. */
const READ_MIX: WeightedMix<string> = [[0.5, 'getCall'], [0.7, 'listCallEvents'], [0.9, 'getCallReport'], [1, 'getCallRecording']];
const SHARES: Record<string, number> = { getCall: 0.5, listCallEvents: 0.2, getCallReport: 0.2, getCallRecording: 0.1 };

/** The entries taken by the iterations first, first + stride, ... (`count` of them). */
function taken(first: number, stride: number, count: number): Record<string, number> {
  const n: Record<string, number> = {};
  for (let k = 0; k < count; k++) {
    const op = mixEntry(READ_MIX, first + k * stride);
    n[op] = (n[op] ?? 0) + 1;
  }
  return n;
}

describe('a weighted mix', () => {
  it('gives every stretch of iterations each share, give or take 4, also to every k-th iteration (an execution segment)', () => {
    let worst = 0;
    for (const stride of [1, 2, 3, 4]) {
      for (let first = 0; first < 20_000; first += 997) {
        for (const count of [10, 34, 100, 333, 1000, 4000]) {
          const n = taken(first, stride, count);
          for (const [op, share] of Object.entries(SHARES)) worst = Math.max(worst, Math.abs((n[op] ?? 0) - count * share));
        }
      }
    }
    expect(worst).toBeLessThanOrEqual(4);
  });

  it('requests every entry within 30 consecutive iterations, wherever they start', () => {
    // Every start of a run's first 2,000 iterations, then a sample of the next 50,000.
    const starts = [...Array.from({ length: 2_000 }, (_, i) => i), ...Array.from({ length: 500 }, (_, i) => 2_000 + i * 97)];
    for (const stride of [1, 2, 3, 4]) {
      for (const first of starts) {
        const n = taken(first * stride, stride, 30);
        expect(Object.keys(n).sort(), `from iteration ${first * stride}, every ${stride}`).toEqual(Object.keys(SHARES).sort());
      }
    }
  });

  it('rolls in [0, 1) at any iteration a run reaches', () => {
    for (const i of [0, 1, 2 ** 31 - 1, 2 ** 40]) {
      expect(mixRoll(i)).toBeGreaterThanOrEqual(0);
      expect(mixRoll(i)).toBeLessThan(1);
    }
  });
});

describe('read-mix on the smoke profile', () => {
  it('requests each operation its share of the iterations (a random draw left a 10% read out of one run in 36)', async () => {
    const { result, values } = await smoke('read-mix');
    expect(result.exitCode, result.problems.join('\n')).toBe(0);
    const iterations = values('iterations').count ?? 0;
    expect(iterations).toBeGreaterThan(30);
    for (const [op, share] of Object.entries(SHARES)) {
      const requests = values(`http_reqs{name:${op}}`).count ?? 0;
      expect(requests, op).toBeGreaterThan(0);
      expect(Math.abs(requests - iterations * share), op).toBeLessThanOrEqual(4);
    }
  });
});
