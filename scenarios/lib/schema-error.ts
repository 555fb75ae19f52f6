// The first schema violation of an ajv error list, as the field it concerns (a JSON pointer) and
// what is wrong: shared by the harness and the bundles, so a profile error reads the same in both.

export interface SchemaErrorLike {
  instancePath: string;
  keyword?: string;
  message?: string;
  params?: Record<string, unknown>;
}

export function firstSchemaError(errors: SchemaErrorLike[] | null | undefined): { field: string; message: string } {
  // `if`/`then` failures repeat the real error (a missing field) in vaguer words: skip them.
  const e = (errors ?? []).find((x) => x.keyword !== 'if') ?? (errors ?? [])[0];
  if (!e) return { field: '/', message: 'invalid' };
  const params = e.params ?? {};
  const child = (params.missingProperty ?? params.additionalProperty) as string | undefined;
  const field = `${e.instancePath}${child ? `/${child}` : ''}` || '/';
  const allowed = params.allowedValues ? ` (${(params.allowedValues as unknown[]).join(', ')})` : '';
  const extra = params.additionalProperty ? ' (no such field)' : '';
  return { field, message: `${e.message ?? 'invalid'}${allowed}${extra}` };
}
