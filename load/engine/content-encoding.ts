// A response body decoded as k6 decodes it: the codings its Content-Encoding names (gzip, deflate,
// br, zstd; a list is undone last first), whether the script asked for them or not; a name k6
// does not know leaves the body as sent; a body that does not decode fails the request (1701).
import * as zlib from 'node:zlib';

/** What a body that cannot be decoded is: k6's error code and message. */
export interface DecodeFailure {
  code: number;
  message: string;
}

type Decoder = (data: Buffer, options: { maxOutputLength: number }) => Buffer;

/** zstd needs Node 22.15 or newer; on older Nodes a zstd body is a decompression error. */
const zstd = (zlib as unknown as { zstdDecompressSync?: Decoder }).zstdDecompressSync;

const DECODERS: Record<string, Decoder | undefined> = {
  gzip: zlib.gunzipSync,
  // HTTP's "deflate" is zlib-wrapped (RFC 9110), as Go reads it.
  deflate: zlib.inflateSync,
  br: zlib.brotliDecompressSync,
};

/**
 * The body as the script sees it, or why it cannot be had. `limit` bounds what inflating may
 * produce (a small compressed answer can inflate to gigabytes): past it the request fails with
 * `tooLarge`, as an answer that large on the wire does.
 */
export function decodeBody(body: Buffer, contentEncoding: string, limit: number, tooLarge: () => DecodeFailure): Buffer | DecodeFailure {
  const codings = contentEncoding.split(',').map((c) => c.trim()).reverse();
  let out = body;
  for (const coding of codings) {
    const decode = coding === 'zstd' ? (zstd ?? zstdUnsupported) : DECODERS[coding];
    if (!decode) continue;
    try {
      out = decode(out, { maxOutputLength: limit });
    } catch (err) {
      if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') return tooLarge();
      return { code: 1701, message: `error decompressing response body (${describe(err)})` };
    }
  }
  return out;
}

function zstdUnsupported(): Buffer {
  throw new Error(`zstd needs Node 22.15 or newer; this is Node ${process.versions.node}`);
}

function describe(err: unknown): string {
  const e = err as { code?: string; message?: string };
  if (e.code === 'Z_BUF_ERROR') return 'unexpected end of data';
  return e.message ?? String(err);
}
