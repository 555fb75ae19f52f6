// The rules GitHub holds an action's metadata file (action.yml) to, for a composite action, as a
// list of the problems a file has (none: the runner accepts it). From GitHub's "Metadata syntax for
// GitHub Actions": name and description; inputs with a description (and a string default, a
// boolean required); outputs with a description and a value (composite); runs.using composite
// with steps, each a `run` with its `shell` or a `uses` of another action, with the keys such a
// step may have; step ids unique; branding from the allowed colours. And what the runner would
// only find out while running: every `inputs.x` and `steps.id.outputs.y` an expression names exists
// (a step's outputs are read only after it ran, so the id must be an earlier step's), a run step
// writes the outputs read from it, and a `with:` names only inputs the used action has.
import { references } from './action-expressions.ts';
import { usesName, type ActionMetadata, type ActionStep } from './action-runner.ts';

const ID = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const TOP = new Set(['name', 'author', 'description', 'inputs', 'outputs', 'runs', 'branding']);
const INPUT_KEYS = new Set(['description', 'required', 'default', 'deprecationMessage']);
const RUN_KEYS = new Set(['name', 'id', 'if', 'run', 'shell', 'env', 'working-directory', 'continue-on-error']);
const USES_KEYS = new Set(['name', 'id', 'if', 'uses', 'with', 'env', 'continue-on-error']);
const SHELLS = new Set(['bash', 'sh', 'pwsh', 'python', 'cmd', 'powershell']);
const COLOURS = new Set(['white', 'black', 'yellow', 'blue', 'green', 'orange', 'red', 'purple', 'gray-dark']);
const CONTEXTS = new Set(['inputs', 'github', 'runner', 'steps', 'env', 'job', 'strategy', 'matrix']);

/** The inputs of the actions a step may use, as their action.yml files declare them (the required ones marked). */
export type KnownInputs = Record<string, { inputs: string[]; required?: string[] }>;

export function actionProblems(meta: unknown, known: KnownInputs): string[] {
  if (meta === null || typeof meta !== 'object') return ['action.yml is not a mapping'];
  const m = meta as ActionMetadata & Record<string, unknown>;
  const problems = [...topProblems(m), ...Object.entries(m.inputs ?? {}).flatMap(([name, input]) => inputProblems(name, input))];
  const runs = m.runs as ActionMetadata['runs'] | undefined;
  if (runs?.using !== 'composite') problems.push('runs.using must be composite');
  const steps = Array.isArray(runs?.steps) ? runs.steps : [];
  if (!steps.length) problems.push('runs.steps must list the steps');
  const scope: Scope = { inputs: m.inputs ?? {}, ids: new Map(), steps };
  steps.forEach((step, i) => problems.push(...stepProblems(step, i, scope, known)));
  for (const [name, output] of Object.entries(m.outputs ?? {})) problems.push(...outputProblems(name, output, scope));
  return problems;
}

/** What an expression may name: the declared inputs, and the steps with their ids. */
interface Scope {
  inputs: object;
  ids: Map<string, number>;
  steps: ActionStep[];
}

function topProblems(m: Record<string, unknown>): string[] {
  const problems = Object.keys(m).filter((k) => !TOP.has(k)).map((k) => `unknown top-level key ${k}`);
  for (const k of ['name', 'description']) if (typeof m[k] !== 'string' || !m[k]) problems.push(`${k} must be a non-empty string`);
  const branding = m.branding as { icon?: unknown; color?: unknown } | undefined;
  if (branding && (typeof branding.icon !== 'string' || !COLOURS.has(String(branding.color)))) problems.push(`branding needs an icon and one of the colours ${[...COLOURS].join(', ')}`);
  return problems;
}

function inputProblems(name: string, input: unknown): string[] {
  if (input === null || typeof input !== 'object') return [`input ${name} must be a mapping`];
  const i = input as Record<string, unknown>;
  return [
    ...(ID.test(name) ? [] : [`input id ${name} must start with a letter or _ and hold only letters, digits, - and _`]),
    ...Object.keys(i).filter((k) => !INPUT_KEYS.has(k)).map((k) => `input ${name}: unknown key ${k}`),
    ...(typeof i.description === 'string' && i.description ? [] : [`input ${name} needs a description`]),
    ...(i.required === undefined || typeof i.required === 'boolean' ? [] : [`input ${name}: required must be true or false`]),
    ...(i.default === undefined || typeof i.default === 'string' ? [] : [`input ${name}: its default must be a string (quote it), not ${typeof i.default}`]),
  ];
}

function outputProblems(name: string, output: { description?: unknown; value?: unknown } | null, scope: Scope): string[] {
  const problems = ID.test(name) ? [] : [`output id ${name} is not a valid id`];
  if (typeof output?.description !== 'string' || !output.description) problems.push(`output ${name} needs a description`);
  if (typeof output?.value !== 'string' || !/\$\{\{/.test(output.value)) return [...problems, `output ${name} needs a value, an expression such as \${{ steps.x.outputs.y }}`];
  return [...problems, ...referenceProblems(references(output.value), `output ${name}`, scope, scope.steps.length)];
}

function stepProblems(step: ActionStep, i: number, scope: Scope, known: KnownInputs): string[] {
  const where = `step ${i + 1} (${step.name ?? step.id ?? step.uses ?? 'unnamed'})`;
  const hasRun = typeof step.run === 'string';
  const problems = hasRun === (typeof step.uses === 'string') ? [`${where} must have either run or uses`] : [];
  const allowed = hasRun ? RUN_KEYS : USES_KEYS;
  problems.push(...Object.keys(step).filter((k) => !allowed.has(k)).map((k) => `${where}: ${k} is not a key of a ${hasRun ? 'run' : 'uses'} step`));
  if (hasRun && !SHELLS.has(String(step.shell))) problems.push(`${where}: a run step of a composite action needs shell (bash, sh, pwsh, python…)`);
  problems.push(...idProblems(step, i, where, scope));
  for (const [what, text] of stepTexts(step, where)) problems.push(...referenceProblems(references(text), what, scope, i));
  if (typeof step.uses === 'string') problems.push(...usesProblems(step, step.uses, where, known));
  return problems;
}

function idProblems(step: ActionStep, i: number, where: string, scope: Scope): string[] {
  if (step.id === undefined) return [];
  const problems = ID.test(step.id) ? [] : [`${where}: id ${step.id} is not a valid id`];
  if (scope.ids.has(step.id)) problems.push(`${where}: id ${step.id} is used twice`);
  else scope.ids.set(step.id, i);
  return problems;
}

/** Every text of a step the runner evaluates expressions in: if (with or without ${{ }}), run, env, with. */
function stepTexts(step: ActionStep, where: string): [string, string][] {
  const condition = typeof step.if === 'string' ? [[`${where} if`, /\$\{\{/.test(step.if) ? step.if : `\${{ ${step.if} }}`] as [string, string]] : [];
  const script = typeof step.run === 'string' ? [[`${where} run`, step.run] as [string, string]] : [];
  const env = Object.entries(step.env ?? {}).map(([k, v]): [string, string] => [`${where} env ${k}`, String(v)]);
  const given = Object.entries(step.with ?? {}).map(([k, v]): [string, string] => [`${where} with ${k}`, String(v)]);
  return [...condition, ...script, ...env, ...given];
}

function usesProblems(step: ActionStep, uses: string, where: string, known: KnownInputs): string[] {
  const problems = /^([\w.-]+\/[\w.-]+(\/[\w./-]+)?@[\w./-]+|\.\/.+|docker:\/\/.+)$/.test(uses) ? [] : [`${where}: uses ${uses} is not owner/repo[/path]@ref, ./path or docker://image`];
  const action = known[usesName(uses)];
  if (!action) return [...problems, `${where}: ${uses} is not an action whose inputs are known here`];
  problems.push(...Object.keys(step.with ?? {}).filter((k) => !action.inputs.includes(k)).map((k) => `${where}: ${usesName(uses)} has no input ${k}`));
  problems.push(...(action.required ?? []).filter((k) => !(k in (step.with ?? {}))).map((k) => `${where}: ${usesName(uses)} needs its input ${k}`));
  return problems;
}

/** Each context a text names exists: a declared input, an earlier step (with that output written). */
function referenceProblems(refs: string[][], where: string, scope: Scope, before: number): string[] {
  return refs.flatMap((ref) => referenceProblem(ref, where, scope, before));
}

function referenceProblem([context, name, part, output]: string[], where: string, scope: Scope, before: number): string[] {
  if (!CONTEXTS.has(context as string)) return [`${where}: unknown context ${context}`];
  if (context === 'inputs') return name && name in scope.inputs ? [] : [`${where}: inputs.${name} is not a declared input`];
  if (context !== 'steps') return [];
  const at = scope.ids.get(name as string);
  if (at === undefined || at >= before) return [`${where}: steps.${name} is not an earlier step's id`];
  if (!['outputs', 'outcome', 'conclusion'].includes(part as string)) return [`${where}: steps.${name}.${part} is not outputs, outcome or conclusion`];
  const source = scope.steps[at];
  // A run step's outputs are the names it writes to GITHUB_OUTPUT.
  if (part === 'outputs' && typeof source?.run === 'string' && !new RegExp(`(^|[\\s"'{;])${output}=`, 'm').test(source.run)) return [`${where}: step ${name} never writes the output ${output}`];
  return [];
}
