// The security an operation asks for: its own `security`, else the document's. The list is a
// choice (any one requirement will do); each requirement needs all its schemes, with their scopes.
import { joinPointer } from '../../core/index.ts';
import type { JsonSchema } from '../openapi-to-json-schema.ts';
import type { Located } from './schema-view.ts';

export interface Requirement {
  /** Its schemes, sorted and joined: `apiKey + bearerAuth`. */
  key: string;
  scopes: Map<string, string[]>;
  pointer: string;
}

export interface Security {
  requirements: Requirement[];
  /** No security, or an empty requirement `{}` among the choices: a call without credentials is allowed. */
  anonymous: boolean;
  /** Where the list in force is written: the operation's, the document's, or the operation when neither has one. */
  pointer: string;
}

export function securityOf(doc: unknown, op: Located): Security {
  const own = op.node.security;
  const global = (doc as { security?: unknown }).security;
  const [list, pointer] = Array.isArray(own) ? [own, joinPointer(op.pointer, 'security')] : Array.isArray(global) ? [global, '/security'] : [[], op.pointer];
  const requirements: Requirement[] = [];
  for (const [i, raw] of (list as JsonSchema[]).entries()) {
    const entries = raw && typeof raw === 'object' ? Object.entries(raw) : [];
    if (!entries.length) continue;
    const scopes = new Map(entries.map(([scheme, s]) => [scheme, Array.isArray(s) ? s.map(String) : []]));
    requirements.push({ key: [...scopes.keys()].sort().join(' + '), scopes, pointer: joinPointer(pointer, i) });
  }
  return { requirements, anonymous: requirements.length < list.length || list.length === 0, pointer };
}
