// The door of core/, the lowest room: what every other room may use. Everything here is
// imported through this file (lint/rooms.mjs); core itself imports nothing of the project.
export * from './canonical-json.ts';
export * from './coded-error.ts';
export * from './error-catalog.ts';
export * from './read-input-file.ts';
export * from './timer-bounds.ts';
