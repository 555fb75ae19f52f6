// The mutations switched on, parsed from "NAME" or "NAME:operationId".
import { ServerConfigError } from '../config-error.ts';
import { MUTATIONS, MUTATION_NAMES, mutationAppliesTo, type MutationDef, type MutationStage } from './catalog.ts';

export interface ActiveMutation {
  def: MutationDef;
  /** undefined: every operation it applies to. */
  operationId?: string;
}

export function parseMutations(specs: string[], operationIds: string[]): ActiveMutation[] {
  return specs.map((spec) => {
    const [name, operationId] = spec.split(':') as [string, string | undefined];
    const def = MUTATIONS.find((m) => m.name === name);
    if (!def) {
      throw new ServerConfigError('E_UNKNOWN_MUTATION', `Unknown mutation "${name}". Known mutations: ${MUTATION_NAMES.join(', ')} (list them with \`calls-harness serve --list-mutations\`); scope one to an operation as NAME:operationId.`);
    }
    if (operationId !== undefined) {
      if (!operationIds.includes(operationId)) {
        throw new ServerConfigError('E_UNKNOWN_OPERATION', `Mutation "${spec}" names an unknown operation "${operationId}". Known operations: ${operationIds.join(', ')}.`);
      }
      if (!mutationAppliesTo(def, operationId)) {
        throw new ServerConfigError('E_MUTATION_NOT_APPLICABLE', `Mutation "${name}" cannot apply to ${operationId}: its body has no such field. Pick another operation (see \`calls-harness serve --list-mutations\`).`);
      }
    }
    return operationId === undefined ? { def } : { def, operationId };
  });
}

export function activeFor(active: ActiveMutation[], stage: MutationStage, operationId: string): MutationDef[] {
  return active
    .filter((a) => a.def.stage === stage && (a.operationId === undefined ? mutationAppliesTo(a.def, operationId) : a.operationId === operationId))
    .map((a) => a.def);
}

export function describeMutations(operationIds: string[]) {
  return MUTATIONS.map((m) => ({ name: m.name, description: m.description, stage: m.stage, operations: operationIds.filter((op) => mutationAppliesTo(m, op)) }));
}
