// check() results by group, as k6's root_group reports them.
import { createHash } from 'node:crypto';

export interface CheckData {
  name: string;
  path: string;
  id: string;
  passes: number;
  fails: number;
}

export interface GroupData {
  name: string;
  path: string;
  id: string;
  groups: GroupData[];
  checks: CheckData[];
}

const md5 = (s: string) => createHash('md5').update(s).digest('hex');

export class ChecksTree {
  readonly root: GroupData = { name: '', path: '', id: md5(''), groups: [], checks: [] };

  record(groups: string[], name: string, ok: boolean): void {
    const group = this.group(groups);
    let check = group.checks.find((c) => c.name === name);
    if (!check) {
      const path = `${group.path}::${name}`;
      group.checks.push((check = { name, path, id: md5(path), passes: 0, fails: 0 }));
    }
    if (ok) check.passes++;
    else check.fails++;
  }

  /** The group at this path, made (with its parents) when it does not exist yet. */
  group(names: string[]): GroupData {
    let g = this.root;
    for (const name of names) {
      let child = g.groups.find((c) => c.name === name);
      if (!child) {
        const path = `${g.path}::${name}`;
        g.groups.push((child = { name, path, id: md5(path), groups: [], checks: [] }));
      }
      g = child;
    }
    return g;
  }
}
