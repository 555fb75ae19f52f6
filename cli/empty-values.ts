// A flag given an empty value (`--report-dir ""`, `--junit "$UNSET_VAR"`) is refused, never
// read as "not given": a run that silently drops its JUnit file or its replay is worse than none.
import type { Command, Option } from 'commander';
import { HarnessError } from './errors.ts';

/** Flags whose empty value has an error of its own, with its own code (E_BAD_TARGET). */
const OWN_MESSAGE = new Set(['--target']);

export function refuseEmptyValues(cmd: Command): void {
  for (const option of cmd.options as readonly Option[]) {
    if (!(option.required || option.optional) || !option.long || OWN_MESSAGE.has(option.long)) continue;
    const key = option.attributeName();
    if (cmd.getOptionValueSource(key) !== 'cli') continue;
    const value: unknown = cmd.getOptionValue(key);
    const values = Array.isArray(value) ? (value as unknown[]) : [value];
    if (values.some((v) => typeof v === 'string' && v.trim() === '')) {
      const what = /[<[]([^>\]]+)[>\]]/.exec(option.flags)?.[1] ?? 'a value';
      throw new HarnessError('E_USAGE', `${option.long} was given an empty value (an unset shell variable?): give it ${/^[aeiou]/i.test(what) ? 'an' : 'a'} ${what}, or leave the flag out. See --help.`);
    }
  }
}
