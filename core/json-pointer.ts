// RFC 6901 JSON Pointers, for overlay targets and for mutations.

export function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new Error(`JSON pointer "${pointer}" must start with "/"`);
  return pointer.slice(1).split('/').map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

export function getAt(root: unknown, pointer: string): unknown {
  let node = root;
  for (const token of parsePointer(pointer)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[token];
  }
  return node;
}

/** Replaces the value at pointer (which must name an existing parent) and returns true when it could. */
export function setAt(root: unknown, pointer: string, value: unknown): boolean {
  const tokens = parsePointer(pointer);
  const last = tokens.pop();
  if (last === undefined) return false;
  const parent = getAt(root, tokens.length ? '/' + tokens.join('/') : '');
  if (parent === null || typeof parent !== 'object') return false;
  (parent as Record<string, unknown>)[last] = value;
  return true;
}

export function deleteAt(root: unknown, pointer: string): boolean {
  const tokens = parsePointer(pointer);
  const last = tokens.pop();
  if (last === undefined) return false;
  const parent = getAt(root, tokens.length ? '/' + tokens.join('/') : '');
  if (parent === null || typeof parent !== 'object' || !(last in parent)) return false;
  return Reflect.deleteProperty(parent, last);
}

/** Appends tokens to a pointer, escaping "~" and "/" as RFC 6901 says. */
export function joinPointer(base: string, ...tokens: (string | number)[]): string {
  return base + tokens.map((t) => '/' + String(t).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}
