import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'contract/**/*.contract.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    reporters: ['default', './test/closing-line-reporter.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
