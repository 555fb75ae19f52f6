// JSON text that two equal values always share: object keys sorted at every depth. Equality by
// plain JSON.stringify depends on insertion order, and k6 builds its summary from Go maps, so the
// same thresholds arrive in a different order from run to run (issue 24).
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value)) ?? 'undefined';
}

/** Whether two JSON values are equal whatever the order of their objects' keys (arrays keep order). */
export function sameJson(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  // toJSON first (a Date), as JSON.stringify would, so the canonical text is of what is written.
  const plain = typeof (value as { toJSON?: unknown }).toJSON === 'function' ? (value as { toJSON: () => unknown }).toJSON() : value;
  if (plain !== value) return sortKeys(plain);
  // No prototype, so a key "__proto__" is a key like any other.
  const out = Object.create(null) as Record<string, unknown>;
  for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key]);
  return out;
}
