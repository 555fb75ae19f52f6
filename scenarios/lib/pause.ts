// A pause that works on every k6 from v0.48: the global setTimeout exists from v0.50; before
// that only k6/experimental/timers has it (removed after v0.54). `sleep` would block the VU.

type Timer = (fn: () => void, ms: number) => unknown;
declare const require: (id: string) => { setTimeout: Timer };
declare const setTimeout: Timer | undefined;

const timer: Timer =
  typeof setTimeout === 'function' ? setTimeout : require('k6/experimental/timers').setTimeout;

export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => {
    timer(resolve, ms);
  });
}
