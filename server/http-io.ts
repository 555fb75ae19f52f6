// Reading request bodies and writing responses, with the limits a public API would have.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from './api-error.ts';

const MAX_BODY_BYTES = 1024 * 1024;

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new ApiError(413, 'PAYLOAD_TOO_LARGE', `request body is over ${MAX_BODY_BYTES} bytes`));
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Parses a JSON request body; an empty body is `undefined`. */
export function parseJsonBody(req: IncomingMessage, raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/([\w.+-]+\+)?json\b/i.test(type)) {
    throw new ApiError(400, 'VALIDATION_ERROR', 'invalid request body', [{ path: '', message: `content type must be application/json, got "${type}"` }]);
  }
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new ApiError(400, 'VALIDATION_ERROR', 'invalid request body', [{ path: '', message: 'body is not valid JSON' }]);
  }
}

export function send(res: ServerResponse, status: number, json: string, contentType = 'application/json; charset=utf-8', headers: Record<string, string> = {}): void {
  if (res.destroyed) return;
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(json), ...headers });
  res.end(json);
}
