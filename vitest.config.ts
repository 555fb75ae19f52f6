import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'contract/**/*.contract.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['test/setup/secrets-per-test.ts'],
    reporters: ['default', './test/closing-line-reporter.ts'],
    // A bound that catches a hang, not a speed target (those are benchmarks): a test that runs a
    // smoke load waits on its profile's wall clock, ~8 s here, and CI's 2 busy cores took 16.5 s of
    // 20 for two of them (scenarios-others), 10 s for one run (run-spec-diff). 60 s is 3.6x the
    // slowest default-bound test seen on CI; a hang still fails, a minute later.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
