// --format, as `contract`, `run` and `schemas diff` take it: `githubactions` adds a GitHub Actions
// annotation (a workflow command) per finding, failed threshold or change, as oasdiff's format of
// that name does, before the usual text.
import { Option } from 'commander';

export const FORMATS = ['text', 'githubactions'] as const;
export type Format = (typeof FORMATS)[number];

export function formatOption(what: string): Option {
  return new Option('--format <format>', `text, or githubactions: also print a GitHub Actions annotation (::error title=...::) per ${what}, as oasdiff --format githubactions`).choices(FORMATS).default('text');
}
