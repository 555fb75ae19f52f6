// A loopback server that records when each request arrived, for executor schedule tests.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Arrival {
  at: number;
  path: string;
}

export async function arrivalRecorder(delayMs = 0): Promise<{ url: string; arrivals: Arrival[]; inFlightMax: () => number; close: () => Promise<void> }> {
  const arrivals: Arrival[] = [];
  let inFlight = 0;
  let max = 0;
  const server = createServer((req, res) => {
    arrivals.push({ at: performance.now(), path: req.url ?? '' });
    inFlight++;
    max = Math.max(max, inFlight);
    const wait = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('delay') ?? delayMs);
    setTimeout(() => {
      inFlight--;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    }, wait);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    arrivals,
    inFlightMax: () => max,
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}
