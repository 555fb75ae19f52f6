// Execution segment arithmetic against the expected values of k6 v0.48's own tests
// (lib/execution_segment_test.go), so that a runner here takes the very share a k6 runner takes.
import { describe, expect, it } from 'vitest';
import { executionTuple, ExecutionSegmentError, parseSegment, parseSequence, segmentText, sequenceText, StripedSequence } from '../../load/engine/execution-segment.ts';

describe('execution segments, as k6 reads them', () => {
  it.each([
    ['0:1', '0:1'], ['0.5:0.75', '1/2:3/4'], ['1/2:3/4', '1/2:3/4'], ['50%:75%', '1/2:3/4'], ['2/4:75%', '1/2:3/4'], ['75%', '0:3/4'], ['', '0:1'],
  ])('parses %j as %s', (text, expected) => {
    expect(segmentText(parseSegment(text))).toBe(expected);
    expect(segmentText(parseSegment(segmentText(parseSegment(text))))).toBe(expected);
  });

  it.each(['125%', '1a5%', '1a5', '1a5%:2/3', '125%:250%', '55%:50%'])('refuses the segment %j', (text) => {
    expect(() => parseSegment(text)).toThrow(ExecutionSegmentError);
  });

  it.each([
    ['0.5,1', ['1/2:1']], ['1/2,1', ['1/2:1']], ['1/3,2/3', ['1/3:2/3']], ['0,1/3,2/3,1', ['0:1/3', '1/3:2/3', '2/3:1']], ['0.5,0.7,1', ['1/2:7/10', '7/10:1']],
    ['0,1/13,2/13,1/3,1/2,3/4,1', ['0:1/13', '1/13:2/13', '2/13:1/3', '1/3:1/2', '1/2:3/4', '3/4:1']],
  ])('parses the sequence %j', (text, segments) => {
    expect(parseSequence(text)?.map(segmentText)).toEqual(segments);
  });

  it.each(['0.5', '1,1', '-0.5,1', '1/2,1/2', '1/2,1/3', '0,1,1/2'])('refuses the sequence %j', (text) => {
    expect(() => parseSequence(text)).toThrow(ExecutionSegmentError);
  });

  it('an empty sequence is none', () => expect(parseSequence('')).toBeNull());

  // "0:1e-30000000" built 10^30000000 before its denominator was refused: 16 s, 0.5 GB and a 30 MB
  // error line; a runner's merge.json is parsed the same way. Each is refused on its text now.
  it.each(['0:1e-30000000', '1e300000000', `0:1/${'9'.repeat(200_000)}`, `0.${'0'.repeat(200_000)}1`, '0,1e-1000000,1'])('refuses a value too long or too small to be a segment at once (%#)', (text) => {
    const parse = () => (text.includes(',') ? parseSequence(text) : parseSegment(text));
    expect(parse).toThrow(ExecutionSegmentError);
    expect(() => parse()).toThrow(/longer than the 100 characters|exponent past 100/);
    try { parse(); } catch (err) { expect((err as Error).message.length).toBeLessThan(400); }
  });

  it('still reads a long way of writing a usable value', () => {
    expect(segmentText(parseSegment(`0:0.5${'0'.repeat(60)}`))).toBe('0:1/2');
    expect(segmentText(parseSegment('0:25e-2'))).toBe('0:1/4');
  });

  it.each([
    ['0,0.3,0.5,0.6,0.7,0.8,0.9,1', 10], ['0,0.1,0.5,0.6,0.7,0.8,0.9,1', 10], ['0,0.2,0.5,0.6,0.7,0.8,0.9,1', 10], ['0,1/3,5/6,1', 6], ['0,1/3,4/7,1', 21],
  ])('the sequence %s has the common denominator %d', (text, lcd) => {
    expect(new StripedSequence(parseSequence(text) ?? []).lcd).toBe(lcd);
  });
});

describe('striping (TestGetStripedOffsets)', () => {
  it.each([
    ['0,0.3,0.5,0.6,0.7,0.8,0.9,1', '0:0.3', 0, [4, 3, 3], 10],
    ['0,0.3,0.5,0.6,0.7,0.8,0.9,1', '0.3:0.5', 1, [4, 6], 10],
    ['0,0.3,0.5,0.6,0.7,0.8,0.9,1', '0.5:0.6', 2, [10], 10],
    ['0,0.3,0.5,0.6,0.7,0.8,0.9,1', '0.6:0.7', 3, [10], 10],
    ['0,0.3,0.5,0.6,0.7,0.8,0.9,1', '0.8:0.9', 8, [10], 10],
    ['0,0.3,0.5,0.6,0.7,0.8,0.9,1', '0.9:1', 9, [10], 10],
    ['0,0.2,0.5,0.6,0.7,0.8,0.9,1', '0.9:1', 9, [10], 10],
    ['0,0.2,0.5,0.6,0.7,0.8,0.9,1', '0:0.2', 1, [4, 6], 10],
    ['0,0.2,0.5,0.6,0.7,0.8,0.9,1', '0.6:0.7', 3, [10], 10],
    ['0,0.2,0.5', '0:0.2', 3, [6, 4], 10],
    ['0,0.2,0.5', '0.2:0.5', 1, [4, 2, 4], 10],
    ['0,2/5,4/5', '0:2/5', 0, [3, 2], 5],
    ['0,2/5,4/5', '2/5:4/5', 1, [3, 2], 5],
    ['', '0:0.2', 1, [5], 5],
    ['', '0:1/5', 1, [5], 5],
    ['', '0:2/10', 1, [5], 5],
    ['', '0:0.4', 1, [2, 3], 5],
    ['', '0:2/5', 1, [2, 3], 5],
    ['', '2/5:4/5', 1, [3, 2], 5],
    ['', '0:4/10', 1, [2, 3], 5],
    ['', '1/10:5/10', 1, [2, 2, 4, 2], 10],
  ])('sequence %j, segment %s: start %d, offsets %j, lcd %d', (seq, seg, start, offsets, lcd) => {
    expect(executionTuple(seg, seq).stripedOffsets()).toEqual({ start, offsets, lcd });
  });
});

describe('scaling (TestExecutionTupleScale, TestNewExecutionTuple)', () => {
  it('halves as k6 does, with and without a sequence', () => {
    for (const seq of ['', '0,0.5,1']) {
      expect([2, 3].map((v) => executionTuple('0.5', seq).scale(v))).toEqual([1, 2]);
      expect([2, 3].map((v) => executionTuple('0.5:1.0', seq).scale(v))).toEqual([1, 1]);
    }
  });

  const thirds = '0,1/3,2/3,1';
  it.each([
    ['0:1/3', { 50: 17, 3: 1, 2: 1, 1: 1, 0: 0 }, { 50: { 50: 17, 1: 1, 0: 0 }, 20: { 50: 18, 1: 1, 0: 0 }, 3: { 50: 17, 1: 1, 0: 0 }, 2: { 50: 25, 1: 1, 0: 0 }, 1: { 50: 50, 1: 1, 0: 0 }, 0: null }],
    ['1/3:2/3', { 50: 17, 3: 1, 2: 1, 1: 0, 0: 0 }, { 50: { 50: 17, 1: 0, 0: 0 }, 20: { 50: 17, 1: 0, 0: 0 }, 3: { 50: 17, 1: 0, 0: 0 }, 2: { 50: 25, 1: 0, 0: 0 }, 1: null, 0: null }],
    ['2/3:1', { 50: 16, 3: 1, 2: 0, 1: 0, 0: 0 }, { 50: { 50: 16, 1: 0, 0: 0 }, 20: { 50: 15, 1: 0, 0: 0 }, 3: { 50: 16, 1: 0, 0: 0 }, 2: null, 1: null, 0: null }],
  ] as const)('%s of thirds', (seg, scaled, rescaled) => {
    const tuple = executionTuple(seg, thirds);
    for (const [value, share] of Object.entries(scaled)) expect(tuple.scale(Number(value))).toBe(share);
    for (const [value, table] of Object.entries(rescaled)) {
      const re = tuple.forValue(Number(value));
      if (table === null) {
        expect(re).toBeNull();
        continue;
      }
      for (const [v, share] of Object.entries(table)) expect(re?.scale(Number(v))).toBe(share);
    }
  });

  it('re-cuts a sequence by a value (TestGetNewExecutionTupleBesedOnValue)', () => {
    expect(sequenceText(executionTuple('0:1/3', thirds).forValue(20)?.sequence.segments ?? [])).toBe('0,7/20,7/10,1');
  });

  it('the shares of every segment add up to the whole and never shrink as the whole grows', () => {
    const seq = '0,1/7,3/10,1/2,2/3,1';
    const segments = parseSequence(seq)?.map(segmentText) ?? [];
    let last = segments.map(() => 0);
    for (let value = 0; value < 500; value++) {
      const shares = segments.map((s) => executionTuple(s, seq).scale(value));
      expect(shares.reduce((a, b) => a + b, 0)).toBe(value);
      shares.forEach((s, i) => expect(s).toBeGreaterThanOrEqual(last[i] as number));
      last = shares;
    }
  });

  it('the segments of a sequence own every index exactly once (the segmented iterators)', () => {
    const seq = '0,1/2,3/4,1';
    const owners = new Map<number, string>();
    for (const seg of ['0:1/2', '1/2:3/4', '3/4:1']) {
      const it = executionTuple(seg, seq).indices();
      for (let k = 0; k < 50; k++) {
        const index = it.next().value as number;
        expect(owners.has(index)).toBe(false);
        owners.set(index, seg);
      }
    }
    // k6's own picture of this sequence: 1/2 takes 0,2,4..., 1/2:3/4 takes 1,5,9..., 3/4:1 takes 3,7,11... (0-based).
    expect([1, 2, 3, 4, 5, 6].map((i) => owners.get(i))).toEqual(['0:1/2', '1/2:3/4', '0:1/2', '3/4:1', '0:1/2', '1/2:3/4']);
  });

  it('refuses a segment that is not one of the sequence\'s', () => {
    expect(() => executionTuple('0:1/3', '0,1/2,1')).toThrow(/couldn't find segment 0:1\/3 in sequence 0,1\/2,1/);
  });
});
