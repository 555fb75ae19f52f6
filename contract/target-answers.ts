// Whether a target answers HTTP at all, asked once before a run sends it anything. A dead target
// (nothing listening, a name that does not resolve, a host that never answers) is said as such,
// by name, with E_TARGET_UNREACHABLE, on every command: `contract` (its first request), `load` and
// `capacity` on either engine, and `run`. Without it a load against a dead target ended as a
// failed setup() with "status 0", and a contract given --call-id as a target "lost" mid-run.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** The probe's bound when the caller gives none: the contract's request timeout. */
export const ANSWER_TIMEOUT_MS = 10_000;

/**
 * Socket errors that mean no HTTP server answered. A TLS failure or a malformed answer is left to
 * the run itself: something did answer there, and the run reports it on its own terms (k6's 1300...).
 */
const NO_ANSWER: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host name does not resolve (ENOTFOUND)',
  EAI_AGAIN: 'host name does not resolve (EAI_AGAIN)',
  ECONNRESET: 'connection reset (ECONNRESET)',
  EHOSTUNREACH: 'host unreachable (EHOSTUNREACH)',
  ENETUNREACH: 'network unreachable (ENETUNREACH)',
  EPIPE: 'connection reset (EPIPE)',
};

export class TargetUnreachableError extends Error {
  readonly code = 'E_TARGET_UNREACHABLE';
}

/**
 * The target's base URL, asked with one GET: any HTTP answer, whatever its status, counts.
 * node:http rather than fetch, which refuses the ports the fetch standard bars (9, 6000...) before
 * connecting: a closed port 9 would read as "answered".
 */
export function targetAnswers(target: string, timeoutMs = ANSWER_TIMEOUT_MS): Promise<{ answered: true } | { answered: false; why: string }> {
  return new Promise((resolve) => {
    const url = new URL(`${target.replace(/\/+$/, '')}/`);
    // Called only from events after both consts below are set.
    const settle = (answer: { answered: true } | { answered: false; why: string }) => {
      clearTimeout(timer);
      resolve(answer);
      req.destroy();
    };
    const req = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, { method: 'GET', headers: { accept: 'application/json' } }, () => settle({ answered: true }));
    req.on('error', (err: NodeJS.ErrnoException) => {
      const why = NO_ANSWER[err.code ?? ''];
      settle(why ? { answered: false, why } : { answered: true });
    });
    const timer = setTimeout(() => settle({ answered: false, why: `no answer within ${timeoutMs} ms` }), timeoutMs);
    req.end();
  });
}

/** Throws TargetUnreachableError, naming the target and what happened, when it does not answer. */
export async function requireAnsweringTarget(target: string, what: string, timeoutMs = ANSWER_TIMEOUT_MS): Promise<void> {
  const probe = await targetAnswers(target, timeoutMs);
  if (probe.answered) return;
  throw new TargetUnreachableError(`The target ${target} is unreachable: a request to it got no answer (${probe.why}), so ${what}. Check --target (or CALLS_API_BASE_URL), and that the service is up and listening there.`);
}
