// Where a run's requests go, resolved once for every command: the URL, token and agent the user
// gave, or a reference server embedded for this run, its own key and agent, stopped with close().
import { start, type RunningServer, type ServerOptions } from '../server/index.ts';

export interface OpenTarget {
  url: string;
  /** The user's token, or the embedded server's first key. */
  token: string | undefined;
  agentId: string | undefined;
  /** The embedded server; null when the user named a target. */
  server: RunningServer | null;
  close(): Promise<void>;
}

export interface GivenTarget {
  target?: string | undefined;
  token?: string | undefined;
  agentId?: string | undefined;
}

/**
 * The given target as is, or a new embedded server on a free loopback port. Transfers step through
 * their states every 50 ms there unless `embedded` says otherwise: fast enough for a smoke run,
 * slow enough that a flow sees each state.
 */
export async function openTarget(given: GivenTarget, embedded: Partial<ServerOptions> = {}): Promise<OpenTarget> {
  if (given.target !== undefined) return { url: given.target, token: given.token, agentId: given.agentId, server: null, close: async () => {} };
  const server = await start({ port: 0, transferStepMs: 50, ...embedded });
  return { url: server.url, token: server.apiKeys[0], agentId: server.agentIds[0], server, close: () => server.close() };
}
