// What a contract mutation is: the catalog (catalog.ts) lists them; lifecycle.ts defines some.
// 'lifecycle': every response stays schema-valid; the break shows only across several requests.
export type MutationStage = 'body' | 'status' | 'content-type' | 'auth-body' | 'auth-bypass' | 'lifecycle';

export interface MutationDef {
  name: string;
  description: string;
  stage: MutationStage;
  /** For body mutations: breaks the body in place and returns true when there was something to break. */
  mutate?: (operationId: string, body: unknown) => boolean;
  /** Operations it can apply to (undefined: every operation). */
  appliesTo?: (operationId: string) => boolean;
}
