// start({ port: 0 }): the reference Calls API on a real socket, with its controls.
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ADMIN_PREFIX, handleAdminRequest } from './admin.ts';
import { ServerConfigError } from './config-error.ts';
import type { FaultConfig } from './faults.ts';
import { handleApiRequest } from './handle-request.ts';
import type { DelayStats, LatencyConfig } from './latency.ts';
import { resolveServerOptions, type ServerOptions } from './options.ts';
import { ServerRuntime } from './runtime.ts';

export interface RunningServer {
  url: string;
  port: number;
  apiKeys: string[];
  agentIds: string[];
  /** The operations, as the catalog names them. */
  operationIds: string[];
  setFaults(faults: FaultConfig): void;
  setLatency(latency: LatencyConfig): void;
  setMutations(mutations: string[]): void;
  revokeKey(key: string): void;
  delayStats(): Record<string, DelayStats>;
  delays(operationId: string): Float64Array;
  clearDelays(): void;
  close(): Promise<void>;
}

export interface StartContext {
  /** Where the options came from, and how to name a field, for error messages. */
  origin?: string;
  label?: (field: string) => string;
}

export async function start(partial: Partial<ServerOptions> = {}, ctx: StartContext = {}): Promise<RunningServer> {
  const opts = resolveServerOptions(partial, ctx.origin, ctx.label);
  const rt = new ServerRuntime(opts);
  const hung = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://reference.invalid');
    const handled = url.pathname.startsWith(ADMIN_PREFIX) ? handleAdminRequest(rt, req, res, url) : handleApiRequest(rt, req, res, url, hung);
    handled.catch((err: unknown) => {
      // A bug in the server must show as a 500, as a real service's would, not kill the process.
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: `internal error: ${(err as Error).message}`, code: 'INTERNAL_ERROR' }));
    });
  });
  server.keepAliveTimeout = 65_000;
  await listen(server, opts.port, opts.host);
  const port = (server.address() as AddressInfo).port;
  const host = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  return {
    url: `http://${host}:${port}`,
    port,
    apiKeys: rt.apiKeys,
    agentIds: [...rt.store.agents.keys()],
    operationIds: rt.operationIds,
    setFaults: (f) => rt.setFaults(f),
    setLatency: (l) => rt.setLatency(l),
    setMutations: (m) => rt.setMutations(m),
    revokeKey: (k) => rt.keys.revoke(k),
    delayStats: () => rt.delays.stats(),
    delays: (op) => rt.delays.values(op),
    clearDelays: () => rt.delays.clear(),
    close: () => new Promise<void>((resolve) => {
      for (const res of hung) res.destroy();
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

function listen(server: ReturnType<typeof createServer>, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE') reject(new ServerConfigError('E_PORT_IN_USE', `Port ${port} on ${host} is already in use. Stop whatever holds it, or choose another with --port (0 picks a free one).`));
      else if (err.code === 'EADDRNOTAVAIL' || err.code === 'ENOTFOUND') reject(new ServerConfigError('E_BAD_HOST', `Cannot listen on host "${host}": no such local address. Use 127.0.0.1 or another address of this machine with --host.`));
      // A link-local IPv6 address without its interface (fe80::1 rather than fe80::1%eth0), for one.
      else if (err.code === 'EINVAL') reject(new ServerConfigError('E_BAD_HOST', `Cannot listen on host "${host}": the system refuses that address (EINVAL; a link-local IPv6 address needs its interface, e.g. fe80::1%eth0). Use 127.0.0.1 or another address of this machine with --host.`));
      else if (err.code === 'EACCES') reject(new ServerConfigError('E_PORT_DENIED', `Not allowed to listen on port ${port}. Use a port above 1023 with --port, or 0 for a free one.`));
      // Whatever else stops it (out of file descriptors or memory): said, never taken for a bug of the harness.
      else reject(new ServerConfigError('E_SERVER_START', `The reference server could not listen on ${host}:${port}: ${err.code ?? 'error'}: ${err.message}. Check the machine's limits (\`ulimit -n\`, free memory), then run again.`));
    });
    server.listen(port, host, () => resolve());
  });
}
