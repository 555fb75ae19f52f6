// Whether a target answers HTTP at all, asked once before a run sends it anything. A dead target
// (nothing listening, a name that does not resolve, a host that never answers) is said as such,
// by name, with E_TARGET_UNREACHABLE, on every command: `contract` (its first request), `load` and
// `capacity` on either engine, and `run`. Without it a load against a dead target ended as a
// failed setup() with "status 0", and a contract given --call-id as a target "lost" mid-run.
import { classify } from './api-client.ts';
import type { FailureKind } from './exchange.ts';

/** The probe's bound when the caller gives none: the contract's request timeout. */
export const ANSWER_TIMEOUT_MS = 10_000;

/**
 * Failures that mean no HTTP server answered. A TLS failure or a malformed answer is left to the
 * run itself: something did answer there, and the run reports it on its own terms (k6's 1300...).
 */
const NO_ANSWER: readonly FailureKind[] = ['refused', 'dns', 'timeout', 'reset'];

export class TargetUnreachableError extends Error {
  readonly code = 'E_TARGET_UNREACHABLE';
}

/** The target's base URL, asked with one GET: any HTTP answer, whatever its status, counts. */
export async function targetAnswers(target: string, timeoutMs = ANSWER_TIMEOUT_MS): Promise<{ answered: true } | { answered: false; why: string }> {
  try {
    const res = await fetch(`${target.replace(/\/+$/, '')}/`, { method: 'GET', redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
    // Only the status line matters: the body is never read.
    await res.body?.cancel().catch(() => undefined);
    return { answered: true };
  } catch (err) {
    const failure = classify(err, timeoutMs);
    return NO_ANSWER.includes(failure.kind) ? { answered: false, why: failure.message } : { answered: true };
  }
}

/** Throws TargetUnreachableError, naming the target and what happened, when it does not answer. */
export async function requireAnsweringTarget(target: string, what: string, timeoutMs = ANSWER_TIMEOUT_MS): Promise<void> {
  const probe = await targetAnswers(target, timeoutMs);
  if (probe.answered) return;
  throw new TargetUnreachableError(`The target ${target} is unreachable: a request to it got no answer (${probe.why}), so ${what}. Check --target (or CALLS_API_BASE_URL), and that the service is up and listening there.`);
}
