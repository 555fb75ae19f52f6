// Which response bodies a run validates (`--validate`, or the profile's "validate"): every one;
// none (statuses only); or a sample: the first responses of each operation on each VU, then the
// fraction RATE of the rest. Validating a body costs far more generator CPU than checking a
// status, so at capacity scale a sample keeps the generator from becoming the limit.

export type ValidateMode = { kind: 'all' } | { kind: 'status' } | { kind: 'sample'; rate: number };

/** Responses of each operation validated on each VU before sampling starts. */
export const FIRST_VALIDATED = 10;

const SAMPLE = /^sample:(0|1|0?\.\d+|1\.0+)$/;

/** The mode a text names, or null: "all", "status", "sample:RATE" with RATE from 0 to 1. */
export function parseValidateMode(text: string): ValidateMode | null {
  if (text === 'all' || text === 'status') return { kind: text };
  const m = SAMPLE.exec(text);
  return m ? { kind: 'sample', rate: Number(m[1]) } : null;
}

export function validateModeText(mode: ValidateMode): string {
  return mode.kind === 'sample' ? `sample:${mode.rate}` : mode.kind;
}

/**
 * Whether to validate the next body of `key` (an operation on a VU). Sampling is by count, not by
 * chance: after the first FIRST_VALIDATED, every (1/RATE)-th response, spread evenly, so the same
 * run validates the same responses.
 */
export function bodySampler(mode: ValidateMode): (key: string) => boolean {
  if (mode.kind === 'all') return () => true;
  if (mode.kind === 'status') return () => false;
  const seen: Record<string, number> = {};
  return (key) => {
    const n = (seen[key] = (seen[key] ?? 0) + 1);
    if (n <= FIRST_VALIDATED) return true;
    const k = n - FIRST_VALIDATED;
    return Math.floor(k * mode.rate + 1e-9) > Math.floor((k - 1) * mode.rate + 1e-9);
  };
}
