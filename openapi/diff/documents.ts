// The two API documents a diff compares, whole: a $ref inside an operation resolves against its own.
export interface Documents {
  oldDoc: unknown;
  newDoc: unknown;
}
