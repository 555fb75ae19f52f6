// The door of core/, the lowest room: what every other room may use, imported through this file
// (lint/rooms.mjs); core imports nothing of the project. One line a module.
export * from './atomic-write.ts';
export * from './canonical-json.ts';
export * from './claim-run-folder.ts';
export * from './coded-error.ts';
export * from './describe-error.ts';
export * from './environment-secrets.ts';
export * from './error-catalog.ts';
export * from './json-pointer.ts';
export * from './make-folder.ts';
export * from './open-file-limit.ts';
export * from './output.ts';
export * from './paths.ts';
export * from './portable.ts';
export * from './read-input-file.ts';
export * from './timer-bounds.ts';
export * from './url-credentials.ts';
export * from './write-output.ts';
