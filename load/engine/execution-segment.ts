// k6's execution segments (lib/execution_segment.go, v0.48): a runner's (from, to] share of a test,
// as exact rationals, and the striped "execution tuple" that gives each segment of a sequence its
// VUs, iterations and arrivals so that N runners together do exactly what one would.

/** An exact, normalised fraction (denominator > 0). */
export interface Rational {
  num: bigint;
  den: bigint;
}

export interface ExecutionSegment {
  from: Rational;
  to: Rational;
}

export class ExecutionSegmentError extends Error {}

const ZERO: Rational = { num: 0n, den: 1n };
const ONE: Rational = { num: 1n, den: 1n };

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y) [x, y] = [y, x % y];
  return x || 1n;
}

export function rational(num: bigint, den: bigint): Rational {
  if (den === 0n) throw new ExecutionSegmentError('a fraction cannot have a denominator of 0');
  const sign = den < 0n ? -1n : 1n;
  const g = gcd(num, den);
  return { num: (sign * num) / g, den: (sign * den) / g };
}

const cmp = (a: Rational, b: Rational): number => {
  const d = a.num * b.den - b.num * a.den;
  return d < 0n ? -1 : d > 0n ? 1 : 0;
};
const sub = (a: Rational, b: Rational): Rational => rational(a.num * b.den - b.num * a.den, a.den * b.den);

/** As Go's big.Rat RatString: "1/2", or "1" for an integer. */
export function ratText(r: Rational): string {
  return r.den === 1n ? String(r.num) : `${r.num}/${r.den}`;
}

/**
 * The longest value and the largest power of ten read: a denominator past MAX_LCD (10^7) is refused
 * anyway, so 100 digits leave room for any value that reduces to a usable one.
 */
const MAX_VALUE_CHARS = 100;

/** A percentage (integer only, as k6 reads it), a fraction or a decimal (k6's stringToRat). */
export function parseRational(text: string): Rational {
  const s = text.trim();
  // A value is a few digits: "0:1e-30000000" built 10^30000000 (16 s, 0.5 GB, a 30 MB error line)
  // before the denominator could be refused, and a runner's merge.json is read the same way.
  if (s.length > MAX_VALUE_CHARS) throw new ExecutionSegmentError(`'${s.slice(0, 40)}…' (${s.length} characters) is longer than the ${MAX_VALUE_CHARS} characters a segment value may take`);
  const percent = /^([+-]?\d+)%$/.exec(s);
  if (percent) return rational(BigInt(percent[1] as string), 100n);
  if (s.endsWith('%')) throw new ExecutionSegmentError(`'${text}' is not a valid percentage`);
  const fraction = /^([+-]?\d+)\/(\d+)$/.exec(s);
  if (fraction) return rational(BigInt(fraction[1] as string), BigInt(fraction[2] as string));
  const decimal = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(s);
  if (decimal && `${decimal[2]}${decimal[3] ?? ''}` !== '') {
    const digits = `${decimal[2]}${decimal[3] ?? ''}`;
    const exp = Number(decimal[4] ?? 0) - (decimal[3] ?? '').length;
    if (Math.abs(exp) > MAX_VALUE_CHARS) throw new ExecutionSegmentError(`'${s}' has an exponent past ${MAX_VALUE_CHARS}: no execution segment is that small or that large`);
    const num = BigInt(digits) * (decimal[1] === '-' ? -1n : 1n);
    return exp >= 0 ? rational(num * 10n ** BigInt(exp), 1n) : rational(num, 10n ** BigInt(-exp));
  }
  throw new ExecutionSegmentError(`'${text}' is not a valid percentage, decimal, fraction or interval value`);
}

export function newSegment(from: Rational, to: Rational): ExecutionSegment {
  if (cmp(from, ZERO) < 0) throw new ExecutionSegmentError(`segment start value must be at least 0 but was ${ratText(from)}`);
  if (cmp(from, to) >= 0) throw new ExecutionSegmentError(`segment start (${ratText(from)}) must be less than its end (${ratText(to)})`);
  if (cmp(to, ONE) > 0) throw new ExecutionSegmentError(`segment end value can't be more than 1 but was ${ratText(to)}`);
  return { from, to };
}

/** `1/2:3/4`, `50%:75%`, `0.5:0.75`; a single value is the end of a segment from 0; empty is 0:1. */
export function parseSegment(text: string): ExecutionSegment {
  const s = text.trim() || '1';
  const colon = s.indexOf(':');
  return colon >= 0 ? newSegment(parseRational(s.slice(0, colon)), parseRational(s.slice(colon + 1))) : newSegment(ZERO, parseRational(s));
}

export function segmentText(s: ExecutionSegment): string {
  return `${ratText(s.from)}:${ratText(s.to)}`;
}

export const FULL_SEGMENT: ExecutionSegment = { from: ZERO, to: ONE };

export function segmentsEqual(a: ExecutionSegment, b: ExecutionSegment): boolean {
  return cmp(a.from, b.from) === 0 && cmp(a.to, b.to) === 0;
}

/** "r1,r2,...,rn": the segments (r1,r2], (r2,r3], ...; empty is no sequence (null). */
export function parseSequence(text: string): ExecutionSegment[] | null {
  if (!text.trim()) return null;
  const points = text.split(',');
  if (points.length < 2) throw new ExecutionSegmentError(`at least 2 points are needed for an execution segment sequence, ${points.length} given`);
  const rats = points.map(parseRational);
  return rats.slice(1).map((to, i) => newSegment(rats[i] as Rational, to));
}

export function sequenceText(seq: ExecutionSegment[]): string {
  return [ratText((seq[0] as ExecutionSegment).from), ...seq.map((s) => ratText(s.to))].join(',');
}

/** The sequence with the gaps before its first and after its last segment filled (GetFilledExecutionSegmentSequence). */
export function filledSequence(sequence: ExecutionSegment[] | null, segment: ExecutionSegment | null): ExecutionSegment[] {
  const length = segment ? sub(segment.to, segment.from) : ONE;
  if (!sequence?.length && (!segment || cmp(length, ONE) === 0)) return [FULL_SEGMENT];
  const result = sequence?.length ? [...sequence] : [segment as ExecutionSegment];
  const first = result[0] as ExecutionSegment;
  const last = result[result.length - 1] as ExecutionSegment;
  if (cmp(first.from, ZERO) !== 0) result.unshift({ from: ZERO, to: first.from });
  if (cmp(last.to, ONE) !== 0) result.push({ from: last.to, to: ONE });
  return result;
}

/** Past this many elements per stripe cycle the offsets would not fit in memory sensibly. */
const MAX_LCD = 10_000_000;

/** A full sequence with its striping precomputed (ExecutionSegmentSequenceWrapper). */
export class StripedSequence {
  readonly lcd: number;
  /** Per segment: the first element it owns, then the distance to each next one (one cycle). */
  private readonly offsets: number[][];

  constructor(readonly segments: ExecutionSegment[]) {
    const first = segments[0];
    const last = segments[segments.length - 1];
    if (!first || !last || cmp(first.from, ZERO) !== 0 || cmp(last.to, ONE) !== 0) throw new ExecutionSegmentError(`the execution segment sequence ${segments.length ? sequenceText(segments) : '(empty)'} does not cover 0 to 1`);
    for (let i = 1; i < segments.length; i++) {
      if (cmp((segments[i] as ExecutionSegment).from, (segments[i - 1] as ExecutionSegment).to) !== 0) {
        throw new ExecutionSegmentError(`the start value ${ratText((segments[i] as ExecutionSegment).from)} of segment #${i} must be equal to the end value of the previous one, but it is ${ratText((segments[i - 1] as ExecutionSegment).to)}`);
      }
    }
    const lengths = segments.map((s) => sub(s.to, s.from));
    let lcd = lengths[0]?.den ?? 1n;
    for (const l of lengths.slice(1)) lcd = (lcd * l.den) / gcd(lcd, l.den);
    if (lcd > BigInt(MAX_LCD)) throw new ExecutionSegmentError(`the execution segment sequence ${sequenceText(segments)} has a common denominator of ${lcd}: use segments with denominators whose least common multiple is at most ${MAX_LCD}`);
    this.lcd = Number(lcd);
    const numerators = lengths.map((l) => Number(l.num * (lcd / l.den)));
    this.offsets = stripe(numerators, this.lcd);
  }

  /** How many of the first `value` elements segment `index` owns (ScaleInt64). */
  scale(index: number, value: number): number {
    const [start, ...offsets] = this.offsets[index] as number[];
    let result = Math.floor(value / this.lcd) * offsets.length;
    const rest = value % this.lcd;
    for (let gi = 0, i = start as number; i < rest; i += offsets[gi] as number, gi++) result++;
    return result;
  }

  stripedOffsets(index: number): { start: number; offsets: number[]; lcd: number } {
    const [start, ...offsets] = this.offsets[index] as number[];
    return { start: start as number, offsets, lcd: this.lcd };
  }
}

/**
 * k6's striping: element i (0..lcd-1) goes to the biggest segment (by numerator over the LCD)
 * that is not ahead of its share yet, so each segment's elements are spread over the cycle.
 */
function stripe(numerators: number[], lcd: number): number[][] {
  const sorted = numerators.map((n, i) => ({ n, i })).sort((a, b) => b.n - a.n);
  const offsets: number[][] = numerators.map(() => []);
  const prev = numerators.map(() => 0);
  const chosen = sorted.map(() => 0);
  for (let i = 0; i < lcd; i++) {
    for (let s = 0; s < sorted.length; s++) {
      const { n: denom, i: index } = sorted[s] as { n: number; i: number };
      const num = (chosen[s] as number) * lcd;
      const q = Math.floor(num / denom);
      if (i > q || (i === q && num % denom === 0)) {
        chosen[s] = (chosen[s] as number) + 1;
        const own = offsets[index] as number[];
        own.push(i - (prev[index] as number));
        prev[index] = i;
        if (own.length === denom) own.push((own[0] as number) + lcd - i);
        break;
      }
    }
  }
  return offsets;
}

/** One segment of a (filled) sequence: what a runner uses to take its share (ExecutionTuple). */
export class ExecutionTuple {
  private constructor(readonly sequence: StripedSequence, readonly index: number) {}

  get segment(): ExecutionSegment {
    return this.sequence.segments[this.index] as ExecutionSegment;
  }

  /** The tuple of `segment` (default 0:1) in `sequence` (default: the segment with its gaps filled). */
  static of(segment: ExecutionSegment | null = null, sequence: ExecutionSegment[] | null = null): ExecutionTuple {
    const striped = new StripedSequence(filledSequence(sequence, segment));
    const own = segment ?? FULL_SEGMENT;
    const index = striped.segments.findIndex((s) => cmp(s.from, own.from) >= 0);
    if (index < 0 || !segmentsEqual(striped.segments[index] as ExecutionSegment, own)) {
      throw new ExecutionSegmentError(`couldn't find segment ${segmentText(own)} in sequence ${sequenceText(striped.segments)}: the segment must be one of the sequence's`);
    }
    return new ExecutionTuple(striped, index);
  }

  /** This segment's share of an integer `value` (VUs, iterations): the shares of a sequence add up to it. */
  scale(value: number): number {
    return this.sequence.segments.length === 1 ? value : this.sequence.scale(this.index, value);
  }

  stripedOffsets(): { start: number; offsets: number[]; lcd: number } {
    return this.sequence.stripedOffsets(this.index);
  }

  /**
   * The sequence re-cut by how `value` splits between the segments (GetNewExecutionTupleFromValue);
   * null when this segment gets none of it (k6's executors then have no work in this segment).
   */
  forValue(value: number): ExecutionTuple | null {
    if (value < 1) return null;
    if (value % this.sequence.lcd === 0) return this;
    const segments: ExecutionSegment[] = [];
    let index = -1;
    let prev = 0;
    this.sequence.segments.forEach((_, i) => {
      const share = this.sequence.scale(i, value);
      if (share === 0) return;
      if (i === this.index) index = segments.length;
      segments.push({ from: rational(BigInt(prev), BigInt(value)), to: rational(BigInt(prev + share), BigInt(value)) });
      prev += share;
    });
    return index < 0 ? null : new ExecutionTuple(new StripedSequence(segments), index);
  }

  /** The 1-based global indices this segment owns, in order (SegmentedIndex.Next's unscaled values). */
  *indices(): Generator<number> {
    const { start, offsets } = this.stripedOffsets();
    let unscaled = start + 1;
    for (let k = 0; ; k++) {
      yield unscaled;
      unscaled += offsets[k % offsets.length] as number;
    }
  }
}

/** The tuple a runner uses from its --execution-segment and --execution-segment-sequence texts. */
export function executionTuple(segment?: string, sequence?: string): ExecutionTuple {
  return ExecutionTuple.of(segment ? parseSegment(segment) : null, sequence ? parseSequence(sequence) : null);
}
