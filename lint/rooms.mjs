// The house rules as lint rules (docs/architecture.md): a room is a top-level folder whose door is
// its index.ts. Another room imports only through that door, only from a room on a lower floor,
// and no import closes a cycle, between rooms or inside one. Tests and benchmarks may use a room's
// internals (they test them), but not close cycles.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The floor of each room: a room imports only rooms on lower floors. */
export const FLOORS = { core: 0, openapi: 1, server: 2, scenarios: 2, target: 3, contract: 4, load: 4, reports: 5, pipelines: 6, cli: 7, bin: 8 };
/** Rooms that may use any room's internals and are imported by none. */
const OUTSIDE = new Set(['test', 'bench']);
const SOURCE = /\.(ts|mts|js|mjs)$/;
const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"`;]*?from\s*['"]([^'"]+)['"]|(?:^|\n)\s*import\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

/** A test file kept beside its code (contract/*.contract.test.ts) is a test: outside every room. */
const roomOf = (file) => (/\.test\.ts$/.test(file) ? 'test' : relative(ROOT, file).split(sep)[0]);
/**
 * A room's doors: index.ts, and portable.ts where the room offers code with no Node API, which the
 * k6 bundles (scenarios/) may carry (k6 has no node:fs; index.ts may re-export modules that use it).
 */
const DOORS = new Set(['index.ts', 'portable.ts']);
const isDoor = (file, room) => DOORS.has(relative(join(ROOT, room), file));

/** The imports of a file that lead to another file of the project, resolved. */
export function projectImports(file, text = readFileSync(file, 'utf8')) {
  const out = [];
  for (const m of text.matchAll(IMPORT)) {
    const spec = m[1] ?? m[2] ?? m[3];
    if (!spec || !spec.startsWith('.')) continue;
    const target = resolve(dirname(file), spec);
    if (target.startsWith(ROOT + sep) && !target.includes(`${sep}node_modules${sep}`)) out.push({ spec, target });
  }
  return out;
}

/** What rule, if any, an import from `file` to `target` breaks. */
export function roomProblem(file, target) {
  const from = roomOf(file);
  const to = roomOf(target);
  if (from === to || !(to in FLOORS) || OUTSIDE.has(from) || !(from in FLOORS)) return null;
  if (FLOORS[to] >= FLOORS[from]) return `${FLOORS[to] > FLOORS[from] ? 'upward' : 'sideways'}: ${from}/ (floor ${FLOORS[from]}) imports only rooms on lower floors, not ${to}/ (floor ${FLOORS[to]}); move what both need down to a lower room`;
  if (!isDoor(target, to)) return `past the door: import it from ${to}/index.ts, which names what other rooms may use`;
  return null;
}

function sourceFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) return [];
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return SOURCE.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

let diskEdges = null;
/** The project's import graph as the files on disk have it, read once per lint run. */
function edgesOnDisk() {
  diskEdges ??= new Map(sourceFiles(ROOT).map((f) => [f, projectImports(f).map((i) => i.target).filter((t) => existsSync(t))]));
  return diskEdges;
}

/** Whether `to` is reached from `from` through imports (a cycle, when `to` imports `from`). */
export function reaches(from, to, edges = edgesOnDisk()) {
  const seen = new Set([from]);
  const queue = [from];
  while (queue.length) {
    const node = queue.pop();
    if (node === to) return true;
    for (const next of edges.get(node) ?? []) if (!seen.has(next)) { seen.add(next); queue.push(next); }
  }
  return false;
}

let graph = null;
/** The strongly connected components of the import graph (Tarjan), built once per lint run. */
function componentOf() {
  if (graph) return graph;
  const edges = edgesOnDisk();
  const files = [...edges.keys()];
  const index = new Map();
  const low = new Map();
  const onStack = new Set();
  const stack = [];
  const component = new Map();
  let next = 0;
  const visit = (v) => {
    // Iterative so that a long chain of imports cannot overflow the call stack.
    const work = [[v, 0]];
    index.set(v, next); low.set(v, next); next++; stack.push(v); onStack.add(v);
    while (work.length) {
      const frame = work[work.length - 1];
      const [node, i] = frame;
      const outs = edges.get(node) ?? [];
      if (i < outs.length) {
        frame[1]++;
        const w = outs[i];
        if (!index.has(w)) {
          index.set(w, next); low.set(w, next); next++; stack.push(w); onStack.add(w);
          work.push([w, 0]);
        } else if (onStack.has(w)) low.set(node, Math.min(low.get(node), index.get(w)));
        continue;
      }
      work.pop();
      if (work.length) low.set(work[work.length - 1][0], Math.min(low.get(work[work.length - 1][0]), low.get(node)));
      if (low.get(node) === index.get(node)) {
        let w;
        do { w = stack.pop(); onStack.delete(w); component.set(w, node); } while (w !== node);
      }
    }
  };
  for (const f of files) if (!index.has(f)) visit(f);
  graph = component;
  return graph;
}

/** Every import of the project that breaks a rule, as `file -> specifier` lines (none, in a clean tree). */
export function currentViolations() {
  const component = componentOf();
  const out = [];
  for (const file of sourceFiles(ROOT)) {
    for (const { spec, target } of projectImports(file)) {
      const cyclic = component.get(file) !== undefined && component.get(file) === component.get(target);
      if (roomProblem(file, target) || cyclic) out.push(`${relative(ROOT, file)} -> ${spec}`);
    }
  }
  return out.sort();
}

function importRule(check) {
  return {
    meta: { type: 'problem', schema: [] },
    create(context) {
      const file = context.filename;
      const report = (node) => {
        const spec = node.source?.value;
        if (typeof spec !== 'string' || !spec.startsWith('.')) return;
        const target = resolve(dirname(file), spec);
        const problem = check(file, target);
        if (problem) context.report({ node: node.source, message: `${spec}: ${problem}.` });
      };
      return { ImportDeclaration: report, ExportNamedDeclaration: report, ExportAllDeclaration: report, ImportExpression: report };
    },
  };
}

export default {
  rules: {
    doors: importRule(roomProblem),
    // The linted text's import of `target` closes a cycle when `target` already leads back here.
    'no-cycle': importRule((file, target) => (reaches(target, file) ? 'closes an import cycle; break it by moving what both sides need into a module neither imports' : null)),
  },
};
