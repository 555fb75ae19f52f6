// The contract mutations the server offers: each breaks one documented promise on purpose, so
// that the harness's own tests can prove it catches that kind of broken API.
import { deleteAt, getAt, setAt } from '../../core/index.ts';
import { BAD_DATE, BODY_TARGETS } from './body-targets.ts';
import { LIFECYCLE_MUTATIONS } from './lifecycle.ts';
import type { MutationDef } from './mutation-def.ts';

export type { MutationDef, MutationStage } from './mutation-def.ts';

const targets = (op: string) => BODY_TARGETS[op];
const present = (body: unknown, pointer: string) => getAt(body, pointer) !== undefined;

export const MUTATIONS: MutationDef[] = [
  {
    name: 'drop-required-field',
    description: 'removes a required field from the success body',
    stage: 'body',
    mutate: (op, body) => { const t = targets(op); return !!t && deleteAt(body, t.dropRequired); },
  },
  {
    name: 'wrong-type',
    description: 'sends a field with the wrong JSON type',
    stage: 'body',
    mutate: (op, body) => { const t = targets(op); return !!t && present(body, t.wrongType[0]) && setAt(body, t.wrongType[0], t.wrongType[1]); },
  },
  {
    name: 'enum-violation',
    description: 'sends a value outside its enum',
    stage: 'body',
    appliesTo: (op) => !!targets(op)?.enumViolation,
    mutate: (op, body) => { const e = targets(op)?.enumViolation; return !!e && present(body, e[0]) && setAt(body, e[0], e[1]); },
  },
  {
    name: 'null-not-allowed',
    description: 'sends null for a required field that is not nullable',
    stage: 'body',
    mutate: (op, body) => { const t = targets(op); return !!t && present(body, t.nullNotAllowed) && setAt(body, t.nullNotAllowed, null); },
  },
  {
    name: 'malformed-date-time',
    description: `sends a date-time that is not RFC 3339 ("${BAD_DATE}")`,
    stage: 'body',
    appliesTo: (op) => !!targets(op)?.malformedDateTime,
    mutate: (op, body) => { const p = targets(op)?.malformedDateTime; return !!p && present(body, p) && setAt(body, p, BAD_DATE); },
  },
  { name: 'wrong-success-status', description: 'answers success with another 2xx (200 for 201, 202 for 200)', stage: 'status' },
  { name: 'non-json-content-type', description: 'sends the success body as text/html', stage: 'content-type' },
  { name: 'bad-401-body', description: 'answers 401 with a body that is not the documented Error shape', stage: 'auth-body' },
  { name: 'auth-ignored', description: 'skips authentication: 2xx where 401 is due', stage: 'auth-bypass' },
  ...LIFECYCLE_MUTATIONS,
];

export const MUTATION_NAMES = MUTATIONS.map((m) => m.name);

export function mutationAppliesTo(def: MutationDef, operationId: string): boolean {
  return def.appliesTo ? def.appliesTo(operationId) : true;
}
