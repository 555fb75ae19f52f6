// Checks by group of several runners: the same group and check names add their passes and fails.
import type { CheckData, GroupData } from '../engine/checks-tree.ts';

export function mergeGroups(groups: GroupData[]): GroupData {
  const [first] = groups;
  const out: GroupData = { name: first?.name ?? '', path: first?.path ?? '', id: first?.id ?? '', groups: [], checks: [] };
  for (const g of groups) {
    for (const c of g.checks) {
      const into = out.checks.find((x) => x.name === c.name);
      if (into) {
        into.passes += c.passes;
        into.fails += c.fails;
      } else out.checks.push({ ...c } as CheckData);
    }
  }
  const names = [...new Set(groups.flatMap((g) => g.groups.map((c) => c.name)))];
  out.groups = names.map((name) => mergeGroups(groups.flatMap((g) => g.groups.filter((c) => c.name === name))));
  return out;
}
