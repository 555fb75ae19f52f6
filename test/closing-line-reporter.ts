// Prints "Tests: N passed, N failed, N skipped" as the run's last line: the plain closing line that
// CI reads to tell a run that tested something from one that tested nothing. A suite that failed
// outside its tests (a beforeAll that threw leaves its tests skipped) and an unhandled error count
// as failures too: the line must never read "0 failed" for a run that failed.
import type { Reporter, SerializedError, TestModule } from 'vitest/node';

export default class ClosingLineReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError> = []): void {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    let suiteErrors = 0;
    for (const mod of modules) {
      let failedHere = 0;
      for (const test of mod.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') counts.passed++;
        else if (state === 'failed') failedHere++;
        else counts.skipped++;
      }
      counts.failed += failedHere;
      if (failedHere === 0 && mod.state() === 'failed') suiteErrors++;
    }
    const errors = suiteErrors + unhandledErrors.length;
    const extra = errors ? ` (${suiteErrors} suite(s) failed outside their tests, ${unhandledErrors.length} unhandled error(s))` : '';
    process.stdout.write(`\nTests: ${counts.passed} passed, ${counts.failed + errors} failed, ${counts.skipped} skipped${extra}\n`);
  }
}
