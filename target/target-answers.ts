// Whether a target can be reached at all, asked once before a run sends it anything. A dead target
// (nothing listening, a name that does not resolve, a host that never accepts) is said as such,
// by name, with E_TARGET_UNREACHABLE, on every command: `contract` given call ids, `load` and
// `capacity` on either engine, and `run`. Without it a load against a dead target ended as a
// failed setup() with "status 0", and a contract given --call-id called the target "lost" mid-run.
//
// A TCP connection, not a request: the target sees no extra request (tests and servers that count
// them agree with the engine's count), and whatever it answers over that connection (TLS that is
// not trusted, a redirect, a 404) is left for the run to report on its own terms.
import { connect } from 'node:net';

/** The probe's bound when the caller gives none: the contract's request timeout. */
export const ANSWER_TIMEOUT_MS = 10_000;

/** Socket errors that mean nothing can be reached there. */
const UNREACHABLE: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host name does not resolve (ENOTFOUND)',
  EAI_AGAIN: 'host name does not resolve (EAI_AGAIN)',
  ECONNRESET: 'connection reset (ECONNRESET)',
  EHOSTUNREACH: 'host unreachable (EHOSTUNREACH)',
  ENETUNREACH: 'network unreachable (ENETUNREACH)',
  EADDRNOTAVAIL: 'address not available (EADDRNOTAVAIL)',
};

export class TargetUnreachableError extends Error {
  readonly code = 'E_TARGET_UNREACHABLE';
}

/**
 * Whether a TCP connection to the target's host and port opens within the bound. node:net rather
 * than fetch, which refuses the ports the fetch standard bars (9, 6000...) before connecting.
 */
export function targetAnswers(target: string, timeoutMs = ANSWER_TIMEOUT_MS): Promise<{ answered: true } | { answered: false; why: string }> {
  const url = new URL(target);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  return new Promise((resolve) => {
    // Called only from events, once both consts below are set.
    const settle = (answer: { answered: true } | { answered: false; why: string }) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(answer);
    };
    const socket = connect({ host, port }, () => settle({ answered: true }));
    socket.on('error', (err: NodeJS.ErrnoException) => {
      const why = UNREACHABLE[err.code ?? ''];
      // Any other error came from something there: the run says what.
      settle(why ? { answered: false, why } : { answered: true });
    });
    const timer = setTimeout(() => settle({ answered: false, why: `no connection within ${timeoutMs} ms` }), timeoutMs);
  });
}

/** Throws TargetUnreachableError, naming the target and what happened, when it cannot be reached. */
export async function requireAnsweringTarget(target: string, what: string, timeoutMs = ANSWER_TIMEOUT_MS): Promise<void> {
  const probe = await targetAnswers(target, timeoutMs);
  if (probe.answered) return;
  throw new TargetUnreachableError(`The target ${target} is unreachable: a connection to it failed (${probe.why}), so ${what}. Check --target (or CALLS_API_BASE_URL), and that the service is up and listening there.`);
}
