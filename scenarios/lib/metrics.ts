// The custom metrics every scenario shares.
import { Counter, Rate, Trend } from 'k6/metrics';

/** A whole flow, warm transfer to its end, tagged flow:complete|cancel|cancel_try_next. */
export const flowDuration = new Trend('flow_duration', true);
/** From starting a warm transfer to seeing it bridging. */
export const timeToBridging = new Trend('time_to_bridging', true);
/** One sample per response: true when it broke its contract (status or schema). */
export const contractViolations = new Rate('contract_violations');
/** How transfers ended, tagged outcome. */
export const transferOutcomes = new Counter('transfer_outcomes');
/** Response bodies validated against their schema, tagged name (fewer than responses under --validate sample or status). */
export const bodiesValidated = new Counter('bodies_validated');
/**
 * Iterations started and never finished: k6 counts only finished ones (`iterations`) and has no
 * metric for those it interrupts at gracefulStop. Recorded by counting-interruptions.ts; its
 * samples are +1 and -1, so an output that keeps it as a Prometheus counter sees it go down too.
 */
export const interruptedIterations = new Counter('interrupted_iterations');
/**
 * 1 when setup() failed. k6 gives a rejected setup() no code of its own (exit 255, v0.48 and v1.3), so the
 * harness reads this from the summary (which k6 still writes) to end the run with 107, as the
 * built-in engine does (load/k6-exit.ts).
 */
export const setupFailures = new Counter('setup_failures');
