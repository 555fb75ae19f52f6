// The engine's HttpClient and a raw server (raw-http-server.ts) for one test file, both closed
// after each test: what the transport tests send through and answer with.
import { afterEach } from 'vitest';
import { HttpClient, type K6Response } from '../../load/engine/http-client.ts';
import { startRawServer, type RawHandler, type RawServer } from './raw-http-server.ts';

export interface Send { body?: string; headers?: Record<string, string>; timeoutMs?: number }

export interface TransportClient {
  /** Starts the raw server of this test (closed after it). */
  serve(handler: RawHandler): Promise<RawServer>;
  /** One request through the engine's client, resolved with the response a k6 script would see. */
  send(method: string, url: string, options?: Send): Promise<K6Response>;
}

/** Registers the cleanup (afterEach) and returns the test file's client. */
export function useTransportClient(): TransportClient {
  let client = new HttpClient();
  let server: RawServer | null = null;
  afterEach(async () => {
    await client.close();
    await server?.close();
    client = new HttpClient();
    server = null;
  });
  return {
    serve: async (handler) => (server = await startRawServer(handler)),
    send: (method, url, { body, headers, timeoutMs = 5000 } = {}) => client.request(method, url, body ?? null, { headers }, timeoutMs, null, null, (outcome) => outcome.response),
  };
}

/** Waits until `done()` holds, failing after `ms`. */
export async function until(done: () => boolean, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!done()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
