// XML attributes for the JUnit renderers; the escaping itself is the boundary's (core/untrusted-text.ts).
import { xmlAttr } from '../core/index.ts';

export function attrs(values: Record<string, string | number>): string {
  return Object.entries(values).map(([k, v]) => ` ${k}="${xmlAttr(String(v))}"`).join('');
}
