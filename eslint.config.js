import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import rooms from './lint/rooms.mjs';

export default tseslint.config(
  // Generated code is checked for drift by a test, not linted.
  { ignores: ['node_modules/', 'dist/', 'reports/out/', 'coverage/', '**/*.generated.js', '**/*.generated.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', URL: 'readonly', Buffer: 'readonly' },
    },
    rules: {
      complexity: ['error', 15],
      'max-lines': ['error', { max: 300, skipBlankLines: true, skipComments: true }],
      'no-console': 'error',
    },
  },
  {
    // The house rules: doors, floors, no cycles (lint/rooms.mjs, docs/architecture.md).
    plugins: { rooms },
    rules: { 'rooms/doors': 'error', 'rooms/no-cycle': 'error' },
  },
  {
    // The CLI and the benchmark are the only places that print (measuring and rendering stay apart).
    files: ['cli/**', 'bench/**', 'bin/**', 'build.mjs'],
    rules: { 'no-console': 'off' },
  },
);
