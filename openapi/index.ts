// The door of openapi/: what other rooms may use. Everything else in openapi/ is its own business.
export * from './calls-api-types.generated.ts';
export * from './catalog.ts';
export * from './dereference.ts';
export * from './diff/diff-documents.ts';
export * from './diff/document-lines.ts';
export * from './diff/load-document.ts';
export * from './diff/model.ts';
export * from './diff/severity-levels.ts';
export * from './formats.ts';
export * from './harness-schemas.ts';
export * from './import.ts';
export * from './openapi-to-json-schema.ts';
export * from './overlay.ts';
export * from './schema-registry.ts';
export * from './write-schemas.ts';
