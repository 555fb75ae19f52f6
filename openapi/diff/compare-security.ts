// Security requirements of one operation, old against new. A requirement gone (or a scope added)
// refuses clients that authenticate the old way; a requirement added is one more way in. When the
// new document lets calls without credentials through, nothing it drops can refuse anyone.
import type { SpecChange } from './model.ts';
import { operationChange } from './operation-change.ts';
import type { Security } from './operation-security.ts';

export function compareSecurity(before: Security, after: Security, emit: (c: SpecChange) => void): void {
  if (before.anonymous && !after.anonymous) emit(operationChange('api-security-removed', 'security', '(calls without credentials)', before.pointer, after.pointer));
  const now = new Map(after.requirements.map((r) => [r.key, r]));
  const was = new Map(before.requirements.map((r) => [r.key, r]));
  for (const old of before.requirements) {
    const same = now.get(old.key);
    if (!same) {
      if (!after.anonymous) emit(operationChange('api-security-removed', 'security', `(${old.key})`, old.pointer, after.pointer));
      continue;
    }
    for (const [scheme, scopes] of same.scopes) {
      const had = old.scopes.get(scheme) ?? [];
      // With calls without credentials let through, a scope added refuses no one.
      const added = after.anonymous ? [] : scopes.filter((s) => !had.includes(s));
      for (const scope of added) emit(operationChange('api-security-scope-added', 'security', `(${scheme}: ${scope})`, old.pointer, same.pointer));
      for (const scope of had.filter((s) => !scopes.includes(s))) emit(operationChange('api-security-scope-removed', 'security', `(${scheme}: ${scope})`, old.pointer, same.pointer));
    }
  }
  for (const added of after.requirements) {
    if (!was.has(added.key)) emit(operationChange('api-security-added', 'security', `(${added.key})`, before.pointer, added.pointer));
  }
}
