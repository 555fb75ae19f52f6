// How the bundled k6 shims reach the engine that runs them (see ../runtime.ts).
import type { K6Runtime } from '../runtime.ts';

export function runtime(): K6Runtime {
  const rt = (globalThis as Record<symbol, unknown>)[Symbol.for('calls-harness.k6-runtime')] as K6Runtime | undefined;
  if (!rt) throw new Error('this bundle runs only inside the calls-harness built-in engine (or under k6 with the k6-targeted bundle)');
  return rt;
}

/** What the engine cannot offer in Node's event loop; also found by name before a run starts. */
export function unsupported(what: string, instead: string): never {
  throw new Error(`${what} is not supported by the built-in engine: ${instead}`);
}
