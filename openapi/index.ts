// The door of openapi/: what other rooms may use. Everything else in openapi/ is its own business.
export type { AgentCallListEntry, CallDetail, CallEvent, CallReport, CallTranscriptEntry, CallTransfer, CallTransferResponse } from './calls-api-types.generated.ts';
export { buildCatalog, type CatalogOperation } from './catalog.ts';
export { dereference } from './dereference.ts';
export { diffFiles } from './diff/diff-documents.ts';
export { documentLines } from './diff/document-lines.ts';
export { type DocumentProblem, SpecDocumentError } from './diff/load-document.ts';
export { breakingChanges, type FailOn, failsGate, gateFailures, type OperationDiff, type SpecChange, type SpecDiff } from './diff/model.ts';
export { applySeverityLevels, type LevelOverride, parseSeverityLevels, SeverityLevelsError } from './diff/severity-levels.ts';
export { validDateTime } from './formats.ts';
export { harnessSchemaFile, harnessValidator } from './harness-schemas.ts';
export { type Catalog, convertComponents, importSpec, readSpecSource, SCHEMA_BASE_ID, SpecImportError, SpecTooLargeError } from './import.ts';
export { type JsonSchema, schemaFileName } from './openapi-to-json-schema.ts';
export type { Correction, Overlay } from './overlay.ts';
export { loadSchemaRegistry, type SchemaIssue, SchemaRegistry } from './schema-registry.ts';
export { driftedSchemaFiles, writeSchemaFiles } from './write-schemas.ts';
