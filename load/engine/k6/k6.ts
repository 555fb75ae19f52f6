// The `k6` module for scenarios run by the built-in engine.
import type { Tags } from '../metrics/registry.ts';
import { runtime, unsupported } from './runtime-handle.ts';

type Checkers<T> = Record<string, ((value: T) => unknown) | unknown>;

export function check<T>(value: T, sets: Checkers<T>, tags?: Tags): boolean {
  const rt = runtime();
  const it = rt.iteration();
  const groups = it?.groups ?? [];
  const base = rt.baseTagsOf(it);
  const checks = rt.registry.metric('checks');
  let all = true;
  for (const name in sets) {
    const fn = sets[name];
    const ok = Boolean(typeof fn === 'function' ? (fn as (v: T) => unknown)(value) : fn);
    all = all && ok;
    // k6 counts a check only while its iteration runs: none once it was interrupted.
    if (it?.interrupted) continue;
    rt.checks.record(groups, name, ok);
    rt.sample(checks, ok ? 1 : 0, tags ? { ...base, ...tags, check: name } : { ...base, check: name }, it);
  }
  return all;
}

export function group<T>(name: string, fn: () => T): T {
  const rt = runtime();
  const it = rt.iteration();
  if (!it) return fn();
  it.groups.push(name);
  // k6 lists a group in root_group once it ran, with or without checks in it.
  if (!it.interrupted) rt.checks.group(it.groups);
  const t0 = performance.now();
  const done = () => {
    rt.emit('group_duration', performance.now() - t0, { ...rt.baseTags() });
    it.groups.pop();
  };
  const result = fn();
  if (result instanceof Promise) return result.finally(done) as T;
  done();
  return result;
}

export function fail(message = ''): never {
  throw new Error(message);
}

export function sleep(): never {
  return unsupported('sleep()', 'it blocks the VU; await a timer instead (see scenarios/lib/pause.ts)');
}

export default { check, group, fail, sleep };
