// The door of core/, the lowest room: what every other room may use, imported through this file
// (lint/rooms.mjs); core imports nothing of the project. One line a module.
export * from './canonical-json.ts';
export * from './coded-error.ts';
export * from './environment-secrets.ts';
export * from './error-catalog.ts';
export * from './portable.ts';
export * from './read-input-file.ts';
export * from './timer-bounds.ts';
export * from './url-credentials.ts';
