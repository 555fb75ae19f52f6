// A change to an operation as such (not inside a schema), built from its rule in rules.ts.
import type { SpecChange } from './model.ts';
import { OPERATION_RULES, ruleText, severityOf, type OperationRuleId } from './rules.ts';

export function operationChange(id: OperationRuleId, target: string | null, detail: string, from: string | null, to: string | null): SpecChange {
  const rule = OPERATION_RULES[id];
  return { id, level: rule.level, severity: severityOf(rule), target, message: ruleText(rule, detail), from, to };
}
