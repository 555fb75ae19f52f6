// What JSON.parse forgives but clients trip on: a key given twice (JSON.parse keeps the last, other
// parsers the first: RFC 8259 §4 calls the outcome unpredictable), an integer beyond 2^53 (read
// rounded by JavaScript and by any double-based parser: RFC 7493 §2.2), and nesting deep enough
// to overflow a recursive parser or validator. One pass over the text, no recursion, so that the
// scan itself cannot overflow on the body it judges.
import { joinPointer } from '../core/index.ts';

export const JSON_LIMITS = {
  /** Deeper than this, the body is not parsed at all: Python's json and serde fail well before Go's 10000. */
  maxDepth: 1000,
  /** Hazards reported per body: one is enough to act on, a few show the pattern. */
  maxReported: 5,
} as const;

export type JsonHazardKind = 'duplicate-key' | 'unsafe-integer' | 'too-deep';

export interface JsonHazard {
  kind: JsonHazardKind;
  /** JSON Pointer of the value (for too-deep, its first levels). */
  path: string;
  message: string;
}

interface Frame {
  /** Keys seen so far: objects only. */
  keys: Set<string> | null;
  /** The current key or index. */
  at: string | number;
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const NUMBER = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
const PATH_LEVELS_SHOWN = 6;

export function jsonHazards(text: string, limits: { maxDepth: number; maxReported: number } = JSON_LIMITS): JsonHazard[] {
  return new Scan(text, limits).run();
}

/** One left-to-right pass: containers on a stack, strings and numbers skipped whole. */
class Scan {
  readonly found: JsonHazard[] = [];
  private readonly stack: Frame[] = [];
  private i = 0;

  constructor(private readonly text: string, private readonly limits: { maxDepth: number; maxReported: number }) {}

  run(): JsonHazard[] {
    while (this.i < this.text.length && this.found.length < this.limits.maxReported) {
      if (!this.step(this.text.charCodeAt(this.i))) break;
    }
    return this.found;
  }

  /** Takes one token (or one character of none); false when the scan must end here. */
  private step(c: number): boolean {
    if (c === 0x7b || c === 0x5b) return this.open(c === 0x7b); // { [
    if (c === 0x22) return this.string(); // "
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return this.number();
    if (c === 0x7d || c === 0x5d) this.stack.pop(); // } ]
    else if (c === 0x2c) this.nextElement(); // ,
    this.i++;
    return true;
  }

  private open(isObject: boolean): boolean {
    this.stack.push(isObject ? { keys: new Set(), at: '' } : { keys: null, at: 0 });
    this.i++;
    if (this.stack.length <= this.limits.maxDepth) return true;
    this.found.push({ kind: 'too-deep', path: pathOf(this.stack, PATH_LEVELS_SHOWN), message: `nested deeper than ${this.limits.maxDepth} levels` });
    return false;
  }

  private nextElement(): void {
    const top = this.stack[this.stack.length - 1];
    if (top && top.keys === null) top.at = (top.at as number) + 1;
  }

  /** A string is a key when a colon follows it. */
  private string(): boolean {
    const end = stringEnd(this.text, this.i);
    if (end < 0) return false;
    if (this.text.charCodeAt(skipSpace(this.text, end + 1)) === 0x3a) this.key(this.text.slice(this.i, end + 1));
    this.i = end + 1;
    return true;
  }

  private key(literal: string): void {
    const top = this.stack[this.stack.length - 1];
    if (!top?.keys) return;
    const key = literal.includes('\\') ? (parsed(literal) ?? literal) : literal.slice(1, -1);
    top.at = key;
    if (top.keys.has(key)) this.found.push({ kind: 'duplicate-key', path: pathOf(this.stack), message: `the key "${key}" appears more than once in one object: JSON.parse keeps the last, other parsers the first` });
    top.keys.add(key);
  }

  private number(): boolean {
    NUMBER.lastIndex = this.i;
    const m = NUMBER.exec(this.text);
    if (!m) return false;
    const integer = m[1] === undefined && m[2] === undefined;
    if (integer && m[0].replace('-', '').length >= 16 && abs(BigInt(m[0])) > MAX_SAFE) {
      this.found.push({ kind: 'unsafe-integer', path: pathOf(this.stack), message: `the integer ${m[0]} is beyond 2^53: JavaScript reads it as ${Number(m[0])}` });
    }
    this.i = NUMBER.lastIndex;
    return true;
  }
}

function parsed(literal: string): string | null {
  try {
    return JSON.parse(literal) as string;
  } catch {
    return null;
  }
}

const abs = (v: bigint) => (v < 0n ? -v : v);

/** Index of the quote that closes the string opening at `start`, or -1. */
function stringEnd(text: string, start: number): number {
  let j = start + 1;
  for (;;) {
    const q = text.indexOf('"', j);
    if (q < 0) return -1;
    let slashes = 0;
    while (text.charCodeAt(q - 1 - slashes) === 0x5c) slashes++;
    if (slashes % 2 === 0) return q;
    j = q + 1;
  }
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && /\s/.test(text[i] as string)) i++;
  return i;
}

function pathOf(stack: Frame[], levels = Infinity): string {
  const shown = stack.length > levels ? stack.slice(0, levels) : stack;
  const pointer = joinPointer('', ...shown.map((f) => f.at));
  return stack.length > levels ? `${pointer}/… (${stack.length} levels)` : pointer;
}
