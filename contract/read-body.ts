// Reads a response body as the contract checks need it, within a bound: a target that sends 50 MB
// or an endless chunked body must not take the harness's memory with it. What is wrong with the
// bytes themselves (too many, not UTF-8, a byte order mark) is kept for the checks to report.
import { isUtf8 } from 'node:buffer';

/** The most of one body the harness reads; the documented bodies are a few kilobytes. */
export const BODY_LIMIT_BYTES = 10 * 1024 * 1024;

export const limitText = (bytes: number) => `${bytes / (1024 * 1024)} MiB`;

export interface BodyBytes {
  /** The body as text (invalid bytes shown as U+FFFD, a byte order mark left out). */
  text: string;
  /** More than the limit came (or was announced): `text` holds only the first part, or nothing. */
  oversize?: { limitBytes: number; announcedBytes: number | null; encoding?: string };
  /** Offset of the first byte that is not UTF-8. */
  notUtf8At?: number;
  /** The body began with a UTF-8 byte order mark, which JSON text must not (RFC 8259 §8.1). */
  bom?: boolean;
}

const BOM = [0xef, 0xbb, 0xbf];

/** Reads at most `limitBytes`; stops reading (and lets the connection go) at once past it. */
export async function readBody(res: Response, limitBytes = BODY_LIMIT_BYTES): Promise<BodyBytes> {
  const announced = Number(res.headers.get('content-length') ?? NaN);
  const announcedBytes = Number.isFinite(announced) ? announced : null;
  if (announcedBytes !== null && announcedBytes > limitBytes) {
    await res.body?.cancel().catch(() => undefined);
    return { text: '', oversize: { limitBytes, announcedBytes } };
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = res.body?.getReader();
  while (reader) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limitBytes) {
      await reader.cancel().catch(() => undefined);
      // What was announced (if anything) was the compressed size: the text is what it inflated to.
      const encoding = res.headers.get('content-encoding');
      return { text: Buffer.concat(chunks).toString('utf8'), oversize: { limitBytes, announcedBytes: null, ...(encoding ? { encoding } : {}) } };
    }
    chunks.push(value);
  }
  return decode(Buffer.concat(chunks));
}

/** The bytes as text, with what is wrong with their encoding. */
export function decode(bytes: Buffer): BodyBytes {
  const bom = BOM.every((b, i) => bytes[i] === b);
  const body = bom ? bytes.subarray(BOM.length) : bytes;
  const text = body.toString('utf8');
  const bad = isUtf8(body) ? -1 : firstInvalidUtf8(body);
  return { text, ...(bom ? { bom } : {}), ...(bad >= 0 ? { notUtf8At: bad + (bom ? BOM.length : 0) } : {}) };
}

/** Offset of the first byte that does not belong to a well-formed UTF-8 sequence, or -1. */
export function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const length = sequenceLength(b, i);
    if (!length) return i;
    i += length;
  }
  return -1;
}

/** Bytes of the well-formed sequence starting at `i`, or 0 when it is not one. */
function sequenceLength(b: Uint8Array, i: number): number {
  const c = b[i] as number;
  if (c < 0x80) return 1;
  const need = continuationBytes(c);
  if (!need) return 0;
  // The second byte's range rules out overlong forms, surrogates and code points past U+10FFFF.
  const [lo, hi] = SECOND_BYTE[c] ?? [0x80, 0xbf];
  const second = b[i + 1] ?? 0;
  if (second < lo || second > hi) return 0;
  for (let k = 2; k <= need; k++) if (((b[i + k] ?? 0) & 0xc0) !== 0x80) return 0;
  return need + 1;
}

/** Bytes that follow a lead byte `c`; 0 when `c` cannot lead a sequence. */
function continuationBytes(c: number): number {
  if (c >= 0xc2 && c <= 0xdf) return 1;
  if (c >= 0xe0 && c <= 0xef) return 2;
  return c >= 0xf0 && c <= 0xf4 ? 3 : 0;
}

const SECOND_BYTE: Record<number, [number, number]> = { 0xe0: [0xa0, 0xbf], 0xed: [0x80, 0x9f], 0xf0: [0x90, 0xbf], 0xf4: [0x80, 0x8f] };
