// The run-shaping flags `load` and `run` share (k6's --vus, --duration, --iterations, --stage, and
// --rate, --validate), each value checked here so that a wrong one ends in one clear error before
// anything is bundled or sent.
import { type Command, InvalidArgumentError } from 'commander';
import { LONGEST_MS, LONGEST_TEXT, MOST_PER_RUN, parseDuration, type ShapeFlags, SHORTEST_MS, type Stage } from '../load/index.ts';
import { parseValidateMode, type ValidateMode } from '../scenarios/index.ts';
import { positiveWhole } from './parse-values.ts';

export interface RunShapeFlags {
  vus?: number;
  duration?: string;
  iterations?: number;
  rate?: number;
  stage?: Stage[];
  validate?: ValidateMode;
}

const DURATION_EXAMPLE = 'a k6 duration such as 500ms, 30s, 5m or 1m30s';


/** least: 'zero' allows 0 (a stage may hold), 'positive' any duration above 0, a number that many ms or more. */
function durationText(flag: string, raw: string, least: 'zero' | 'positive' | number): string {
  let ms: number;
  try {
    ms = parseDuration(raw);
  } catch {
    throw new InvalidArgumentError(`${flag} takes ${DURATION_EXAMPLE} (a number needs its unit), got "${raw}".`);
  }
  if (least === 'positive' && ms <= 0) throw new InvalidArgumentError(`${flag} takes a duration above 0, got "${raw}".`);
  if (typeof least === 'number' && ms < least) throw new InvalidArgumentError(`${flag} takes a duration of at least ${least / 1000}s, got "${raw}".`);
  if (ms > LONGEST_MS) throw new InvalidArgumentError(`${flag} takes a duration of at most ${LONGEST_TEXT} (the longest a Node timer waits), got "${raw}".`);
  return raw.trim();
}

/** A commander parser of a duration flag: above 0, or at least leastMs. */
export function durationFlag(flag: string, leastMs?: number): (raw: string) => string {
  return (raw) => durationText(flag, raw, leastMs ?? 'positive');
}

/** Whole iterations per second: k6's arrival-rate executors take an integer rate. */
function rate(raw: string): number {
  if (!/^\d+$/.test(raw.trim()) || Number(raw) < 1 || Number(raw) > MOST_PER_RUN) throw new InvalidArgumentError(`--rate takes iterations per second as a whole number of 1 or more, at most ${MOST_PER_RUN} (for more, split the test with --runners or --execution-segment), got "${raw}".`);
  return Number(raw);
}

/** "30s:100": ramp to 100 (VUs, or iterations/s with --rate) over 30 seconds; repeatable. */
function stage(raw: string, previous: Stage[] = []): Stage[] {
  const m = /^([^:]+):(\d+)$/.exec(raw.trim());
  if (!m || Number(m[2]) > MOST_PER_RUN) throw new InvalidArgumentError(`--stage takes DURATION:TARGET with TARGET from 0 to ${MOST_PER_RUN}, e.g. --stage 30s:100 (ramp to 100 over 30 s), got "${raw}".`);
  return [...previous, { duration: durationText('--stage', m[1] as string, 'zero'), target: Number(m[2]) }];
}

/** --validate all | status | sample:RATE. */
export function validateFlag(raw: string): ValidateMode {
  const mode = parseValidateMode(raw.trim());
  if (!mode) throw new InvalidArgumentError(`--validate takes all, status or sample:RATE with RATE a fraction from 0 to 1 (e.g. sample:0.1), got "${raw}".`);
  return mode;
}

export function addRunShapeOptions(cmd: Command): Command {
  return cmd
    .option('--vus <n>', 'VUs (k6 --vus): with --duration a constant-VUs run; alone, the profile executor\'s VUs', positiveWhole('--vus', MOST_PER_RUN, ' (for more, split the test with --runners or --execution-segment)'))
    .option('--duration <d>', 'run length, e.g. 30s (k6 --duration): a constant-VUs run, or with --rate a constant-arrival-rate run', durationFlag('--duration', SHORTEST_MS))
    .option('--iterations <n>', 'iterations shared by the VUs (k6 --iterations)', positiveWhole('--iterations'))
    .option('--rate <n>', 'iterations started per second: a constant-arrival-rate run (with --stage, ramping from this rate)', rate)
    .option('--stage <duration:target>', 'a ramp stage, e.g. 30s:100 (repeatable): VUs, or iterations/s with --rate (k6 --stage)', stage)
    .option('--validate <mode>', 'response bodies validated: all, status (statuses only) or sample:RATE (the first 10 per operation and VU, then that fraction); default: the profile\'s', validateFlag);
}

export function shapeFlagsOf(f: RunShapeFlags): ShapeFlags {
  return {
    ...(f.vus !== undefined ? { vus: f.vus } : {}),
    ...(f.duration !== undefined ? { duration: f.duration } : {}),
    ...(f.iterations !== undefined ? { iterations: f.iterations } : {}),
    ...(f.rate !== undefined ? { rate: f.rate } : {}),
    ...(f.stage ? { stages: f.stage } : {}),
    ...(f.validate ? { validate: f.validate } : {}),
  };
}
