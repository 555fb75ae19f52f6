// Run shaping: k6's own flags (--vus, --duration, --iterations, --stage) and the harness's --rate
// and --validate, applied to a profile. The result is the profile the run really uses: checked
// against the profile schema, passed to the bundle as data (CALLS_PROFILE_JSON, so both engines
// read the same thing), kept in the run folder and named in the reports.
//
// Without --rate the flags mean what they mean to `k6 run`: --duration, --iterations or --stage
// replace the profile's executor with one closed-model scenario (constant-vus, shared-iterations,
// ramping-vus). With --rate the run is open-model: constant-arrival-rate, or ramping-arrival-rate
// from that rate when stages are given. --vus alone keeps the executor and sets its VUs.
import { CodedError } from '../core/index.ts';
import { type Profile, type ValidateMode, validateModeText } from '../scenarios/index.ts';
import { parseDuration } from './engine/durations.ts';
import { checkProfile, loadProfile, PROFILES_DIR } from './profile-files.ts';

export interface Stage {
  duration: string;
  target: number;
}

export interface ShapeFlags {
  vus?: number;
  duration?: string;
  iterations?: number;
  /** Iterations started per second (open model). */
  rate?: number;
  stages?: Stage[];
  validate?: ValidateMode;
  /** A first part at the same load before the duration, kept out of the thresholds (capacity steps). */
  warmUp?: string;
}

/** The run as it executes: kept in <run folder>/profile.json and in the result's load section. */
export interface RunShape {
  /** The profile's name, or a file's base name without .json. */
  label: string;
  /** The file the base profile came from. */
  source: string;
  /** The effective profile, valid against schemas/harness/profile.schema.json. */
  profile: Profile;
  /** The flags that changed it, as a user types them. */
  flags: string[];
  /** One line: executor, load, length, VUs, validation. */
  description: string;
}

export class RunShapeError extends CodedError {
  constructor(message: string) {
    super('E_BAD_SHAPE', message);
  }
}

const ARRIVAL_RATE = new Set(['constant-arrival-rate', 'ramping-arrival-rate']);

/** What says how a profile runs; replaced as a whole when a flag changes the executor. */
const EXECUTION_FIELDS = ['executor', 'rate', 'startRate', 'timeUnit', 'duration', 'vus', 'startVUs', 'iterations', 'stages', 'preAllocatedVUs', 'maxVUs', 'maxDuration'] as const;

export function isArrivalRate(p: Profile): boolean {
  return ARRIVAL_RATE.has(p.executor);
}

/** The base profile reshaped by the flags (pure). Thresholds, gracefulStop and description are kept. */
export function shapeProfile(base: Profile, f: ShapeFlags): Profile {
  if (f.iterations !== undefined && f.rate !== undefined) throw new RunShapeError('--iterations and --rate cannot be combined: --iterations runs a fixed number of iterations on VUs, --rate starts iterations at a rate. Keep one.');
  if (f.iterations !== undefined && f.stages) throw new RunShapeError('--iterations and --stage cannot be combined (k6 refuses them together too). Keep one.');
  if (f.stages && f.duration !== undefined) throw new RunShapeError('--stage and --duration cannot be combined: the stages give the run its length. Drop --duration, or the stages.');
  const shaped = executionOf(base, f);
  if (f.validate) shaped.validate = validateModeText(f.validate);
  if (f.warmUp) shaped.warmUp = f.warmUp;
  return shaped;
}

function executionOf(base: Profile, f: ShapeFlags): Profile {
  if (f.rate !== undefined) return f.stages ? rampingRate(base, f.rate, f.stages, f.vus) : constantRate(base, f.rate, f.duration, f.vus);
  if (f.iterations !== undefined) {
    const vus = f.vus ?? base.vus ?? 1;
    if (vus > f.iterations) throw new RunShapeError(`--iterations ${f.iterations} is fewer than the ${vus} VUs that would run them (as k6, the harness refuses it). Raise --iterations or lower --vus.`);
    return replaceExecution(base, { executor: 'shared-iterations', vus, iterations: f.iterations, ...(f.duration ? { maxDuration: f.duration } : {}) });
  }
  if (f.stages) return replaceExecution(base, { executor: 'ramping-vus', startVUs: f.vus ?? base.vus ?? 1, stages: f.stages });
  if (f.duration !== undefined) return replaceExecution(base, { executor: 'constant-vus', vus: f.vus ?? base.vus ?? 1, duration: f.duration });
  if (f.vus !== undefined) return withVus(base, f.vus);
  return { ...base };
}

function constantRate(base: Profile, rate: number, duration: string | undefined, vus: number | undefined): Profile {
  const length = duration ?? base.duration ?? stagesLength(base);
  if (!length) throw new RunShapeError(`--rate needs a duration: the profile's ${base.executor} executor has none. Add --duration, e.g. --duration 30s.`);
  return replaceExecution(base, { executor: 'constant-arrival-rate', rate, timeUnit: '1s', duration: length, ...arrivalVus(base, rate, vus) });
}

function rampingRate(base: Profile, rate: number, stages: Stage[], vus: number | undefined): Profile {
  const peak = Math.max(rate, ...stages.map((s) => s.target));
  return replaceExecution(base, { executor: 'ramping-arrival-rate', startRate: rate, timeUnit: '1s', stages, ...arrivalVus(base, peak, vus) });
}

/**
 * VUs for an arrival-rate run: --vus, else the profile's, else one per iteration started each
 * second (enough while an iteration takes under a second); maxVUs never below preAllocatedVUs.
 */
function arrivalVus(base: Profile, peakRate: number, vus: number | undefined): { preAllocatedVUs: number; maxVUs: number } {
  const pre = vus ?? base.preAllocatedVUs ?? base.vus ?? Math.max(1, Math.ceil(peakRate));
  return { preAllocatedVUs: pre, maxVUs: Math.max(pre, base.maxVUs ?? pre) };
}

function withVus(base: Profile, vus: number): Profile {
  if (isArrivalRate(base)) return { ...base, preAllocatedVUs: vus, maxVUs: Math.max(vus, base.maxVUs ?? vus) };
  if (base.executor === 'ramping-vus') return { ...base, startVUs: vus };
  if (base.executor === 'shared-iterations' && base.iterations !== undefined && vus > base.iterations) {
    throw new RunShapeError(`--vus ${vus} is more than the profile's ${base.iterations} shared iterations. Lower --vus or add --iterations.`);
  }
  return { ...base, vus };
}

function replaceExecution(base: Profile, execution: Partial<Profile> & { executor: string }): Profile {
  const replaced = new Set<string>(EXECUTION_FIELDS);
  const kept = Object.fromEntries(Object.entries(base).filter(([field]) => !replaced.has(field))) as unknown as Profile;
  return { ...kept, ...execution };
}

function stagesLength(p: Profile): string | undefined {
  if (!p.stages?.length) return undefined;
  const ms = p.stages.reduce((sum, s) => sum + parseDuration(s.duration), 0);
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

/** The flags as a user types them, for the reports. */
export function shapeFlagsText(f: ShapeFlags): string[] {
  return [
    ...(f.vus !== undefined ? [`--vus ${f.vus}`] : []),
    ...(f.duration !== undefined ? [`--duration ${f.duration}`] : []),
    ...(f.iterations !== undefined ? [`--iterations ${f.iterations}`] : []),
    ...(f.rate !== undefined ? [`--rate ${f.rate}`] : []),
    ...(f.stages ?? []).map((s) => `--stage ${s.duration}:${s.target}`),
    ...(f.validate ? [`--validate ${validateModeText(f.validate)}`] : []),
    ...(f.warmUp ? [`warm-up ${f.warmUp}`] : []),
  ];
}

/**
 * The profile as reports and the history name it: the label, then the flags that reshaped it
 * ("smoke --rate 40 --duration 30s"), so that a baseline is only ever a run of the same shape.
 */
export function shapedProfileName(shape: RunShape): string {
  return [shape.label, ...shape.flags].join(' ');
}

/** One line: "constant-arrival-rate 4/s for 8s (8 to 40 VUs); validate all". */
export function describeProfile(p: Profile): string {
  const per = p.timeUnit && p.timeUnit !== '1s' ? `/${p.timeUnit}` : '/s';
  const vus = (n: number | undefined) => `${n} VU${n === 1 ? '' : 's'}`;
  const vuRange = `${p.preAllocatedVUs} to ${vus(p.maxVUs ?? p.preAllocatedVUs)}`;
  const stages = (unit: string) => (p.stages ?? []).map((s) => `${s.target}${unit} over ${s.duration}`).join(', ');
  const byExecutor: Record<string, () => string> = {
    'constant-arrival-rate': () => `${p.rate}${per} for ${p.duration} (${vuRange})`,
    'ramping-arrival-rate': () => `from ${p.startRate ?? 0}${per}: ${stages(per)} (${vuRange})`,
    'constant-vus': () => `${vus(p.vus)} for ${p.duration}`,
    'ramping-vus': () => `from ${vus(p.startVUs ?? 1)}: ${stages(' VUs')}`,
    'per-vu-iterations': () => `${p.iterations} iterations on each of ${vus(p.vus)}${p.maxDuration ? `, at most ${p.maxDuration}` : ''}`,
    'shared-iterations': () => `${p.iterations} iterations shared by ${vus(p.vus)}${p.maxDuration ? `, at most ${p.maxDuration}` : ''}`,
  };
  const warmUp = p.warmUp ? `, after a ${p.warmUp} warm-up` : '';
  return `${p.executor} ${byExecutor[p.executor]?.() ?? ''}${warmUp}; validate ${p.validate ?? 'all'}`.replace(/ ([;,])/, '$1');
}

/**
 * The run shape of a profile (a name in load/profiles/ or a path to a JSON file) with the flags
 * applied. Only this one profile file is read; the shaped result is validated again.
 */
export function resolveRunShape(profile: string, flags: ShapeFlags = {}, dir = PROFILES_DIR): RunShape {
  const file = loadProfile(profile, dir);
  const typed = shapeFlagsText(flags);
  const shaped = checkProfile(shapeProfile(file.profile, flags), `The profile ${file.file} shaped by ${typed.join(' ') || 'no flags'}`);
  return { label: file.label, source: file.file, profile: shaped, flags: typed, description: describeProfile(shaped) };
}
