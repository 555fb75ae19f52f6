// A loopback TCP server (port 0) that reads HTTP/1.1 requests and lets each test write the exact
// bytes of the answer, so a transport test controls every framing detail (splits, delays, closes).
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';

/** One request as the server read it off its connection. */
export interface RawRequest {
  method: string;
  path: string;
  /** Header names lower-cased, as sent. */
  headers: Record<string, string>;
  body: string;
  /** Which connection it came on (0 for the first the server accepted). */
  connection: number;
  /** Its place on that connection (0 for the first request). */
  index: number;
}

/** Answers one request by writing to (or closing, or ignoring) its socket. */
export type RawHandler = (request: RawRequest, socket: Socket) => void | Promise<void>;

export interface RawServer {
  url: string;
  requests: RawRequest[];
  /** Connections accepted, and how many of them have closed. */
  counts: { connections: number; closed: number };
  close(): Promise<void>;
}

export async function startRawServer(handler: RawHandler): Promise<RawServer> {
  const requests: RawRequest[] = [];
  const counts = { connections: 0, closed: 0 };
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    const connection = counts.connections++;
    sockets.add(socket);
    socket.on('close', () => { counts.closed++; sockets.delete(socket); });
    socket.on('error', () => undefined);
    let pending = Buffer.alloc(0);
    let index = 0;
    socket.on('data', (data: Buffer) => {
      pending = Buffer.concat([pending, data]);
      for (;;) {
        const end = pending.indexOf('\r\n\r\n');
        if (end < 0) return;
        const request = parseRequest(pending.toString('latin1', 0, end), connection, index);
        const length = Number(request.headers['content-length'] ?? 0);
        if (pending.length < end + 4 + length) return;
        request.body = pending.toString('utf8', end + 4, end + 4 + length);
        pending = pending.subarray(end + 4 + length);
        index++;
        requests.push(request);
        void handler(request, socket);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    counts,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function parseRequest(head: string, connection: number, index: number): RawRequest {
  const [start = '', ...lines] = head.split('\r\n');
  const [method = '', path = ''] = start.split(' ');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { method, path, headers, body: '', connection, index };
}

/** Writes `parts` one after another, `delayMs` apart (each its own TCP segment: Nagle is off). */
export async function writeInParts(socket: Socket, parts: (string | Buffer)[], delayMs = 15): Promise<void> {
  socket.setNoDelay(true);
  for (const [i, part] of parts.entries()) {
    if (i > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    if (socket.destroyed) return;
    socket.write(part);
  }
}
