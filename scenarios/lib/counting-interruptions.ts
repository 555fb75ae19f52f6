// Interrupted iterations, counted by the scenario itself so that a threshold can judge them on
// real k6 and on the built-in engine alike. Each iteration adds 1 when it starts and -1 when it
// ends, however it ends (a thrown error is a finished iteration, as k6 counts it). Once an
// iteration is interrupted both engines drop its samples (k6 pushes none after its context is
// done), so the sum is the number of iterations that were started and never finished.
import { interruptedIterations } from './metrics.ts';

export function countingInterruptions<T>(iteration: (data: T) => Promise<void>): (data: T) => Promise<void> {
  return async (data: T) => {
    interruptedIterations.add(1);
    try {
      await iteration(data);
    } finally {
      interruptedIterations.add(-1);
    }
  };
}
