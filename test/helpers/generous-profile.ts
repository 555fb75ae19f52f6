// A load profile whose thresholds no healthy run breaks: only the generator's own state (or a
// stop) can fail a run made with it.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Writes it into `dir` and gives its path; `overrides` changes its fields. */
export function generousProfile(dir: string, overrides: Record<string, unknown> = {}): string {
  const file = join(dir, 'generous.json');
  writeFileSync(file, JSON.stringify({
    description: 'Arrival rate with latency and error limits no healthy run reaches',
    executor: 'constant-arrival-rate', rate: 20, timeUnit: '1s', duration: '9s', preAllocatedVUs: 20, maxVUs: 200,
    latency: { 'p(95)': 60000, 'p(99)': 60000 }, errorRate: 1, maxDroppedIterations: 100000, maxInterruptedIterations: 100000,
    ...overrides,
  }));
  return file;
}
