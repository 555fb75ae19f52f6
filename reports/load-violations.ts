// Contract violations under load, by check and operation, from the checks tree of the summary:
// "getCall body is a valid CallDetail: 13 fails" rather than only "contract_violations failed".
import { redactValue, SCHEMAS_DIR } from '../core/index.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SAMPLE_GROUP_PREFIX } from '../scenarios/index.ts';
import type { LoadViolation } from './model.ts';

let operationIds: string[] | undefined;

/** The catalog's operationIds, longest first so that a name is never matched by its prefix. */
function knownOperations(): string[] {
  operationIds ??= (JSON.parse(readFileSync(join(SCHEMAS_DIR, 'catalog.json'), 'utf8')) as { operations: { operationId: string }[] }).operations
    .map((o) => o.operationId).sort((a, b) => b.length - a.length);
  return operationIds;
}

/** Every check that failed at least once, most failures first, with the operation it names and a sample when one was kept. */
export function loadViolations(checks: { name: string; passes: number; fails: number }[], rootGroup: unknown): LoadViolation[] {
  const samples = violationSamples(rootGroup);
  return checks
    .filter((c) => c.fails > 0)
    .map((c) => {
      const sample = samples.get(c.name);
      return { operationId: knownOperations().find((op) => c.name.startsWith(`${op} `)) ?? null, check: c.name, fails: c.fails, passes: c.passes, ...(sample ? { sample } : {}) };
    })
    .sort((a, b) => b.fails - a.fails || a.check.localeCompare(b.check));
}

type Group = { name?: unknown; groups?: Group[] };
type Sample = NonNullable<LoadViolation['sample']>;

/** The samples scenarios/lib/violation-sample.ts kept as group names, by check; anything malformed is ignored. */
function violationSamples(root: unknown): Map<string, Sample> {
  const out = new Map<string, Sample>();
  const walk = (g: Group | undefined) => {
    for (const child of Array.isArray(g?.groups) ? g.groups : []) {
      const name = typeof child?.name === 'string' ? child.name : '';
      if (name.startsWith(SAMPLE_GROUP_PREFIX)) {
        const parsed = parseSample(name.slice(SAMPLE_GROUP_PREFIX.length));
        if (parsed && !out.has(parsed.check)) out.set(parsed.check, parsed.sample);
      } else walk(child);
    }
  };
  walk(root as Group | undefined);
  return out;
}

function parseSample(text: string): { check: string; sample: Sample } | null {
  let v: { check?: unknown; status?: unknown; errors?: unknown; body?: unknown };
  try {
    // The sample is JSON inside a group name: parsing decodes its escapes, so its values are redacted again.
    v = redactValue(JSON.parse(text)) as typeof v;
  } catch {
    return null;
  }
  if (typeof v?.check !== 'string' || typeof v.status !== 'number' || !Array.isArray(v.errors) || typeof v.body !== 'string') return null;
  return { check: v.check, sample: { status: v.status, errors: v.errors.filter((e): e is string => typeof e === 'string').slice(0, 5), body: v.body.slice(0, 2048) } };
}
