// The `k6/execution` module for scenarios run by the built-in engine.
import { runtime } from './runtime-handle.ts';

const execution = {
  get vu() {
    const it = runtime().iteration();
    return {
      idInInstance: it?.vu.id ?? 0,
      idInTest: it?.vu.id ?? 0,
      iterationInInstance: it?.vu.iterations ?? 0,
      iterationInScenario: it?.vu.scenarioIterations ?? 0,
      tags: it?.scenario.tags ?? {},
    };
  },
  get scenario() {
    const it = runtime().iteration();
    return {
      name: it?.scenario.name ?? '',
      executor: it?.scenario.executor ?? '',
      startTime: it?.scenario.startTime ?? 0,
      iterationInInstance: it?.iterationInScenario ?? 0,
      iterationInTest: it?.iterationInScenario ?? 0,
    };
  },
  get instance() {
    return runtime().instanceInfo();
  },
  test: {
    abort(reason = 'test aborted'): void {
      runtime().abortTest(reason);
    },
  },
};

export default execution;
