// `k6/experimental/timers` for scenarios run by the built-in engine: Node's own timers.
export const { setTimeout, clearTimeout, setInterval, clearInterval } = globalThis;
export default { setTimeout, clearTimeout, setInterval, clearInterval };
