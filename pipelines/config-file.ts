// Reads a JSON configuration file, turning every way it can fail into one clear error.
import { CodedError, INPUT_KINDS, InputFileError, type InputKind, readInputFile } from '../core/index.ts';

export function readJsonConfig(path: string, what: string, kind: InputKind = INPUT_KINDS.config): Record<string, unknown> {
  if (!path.trim()) throw new CodedError('E_CONFIG_FILE', `The flag --config is empty. Give it the path of the ${what}, or leave it out to use the defaults.`);
  let text: string;
  try {
    text = readInputFile(path, kind);
  } catch (err) {
    if (err instanceof InputFileError) throw err;
    throw new CodedError('E_CONFIG_FILE', `Cannot read the ${what} ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}. Check the path given to --config.`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new CodedError('E_CONFIG_FILE', `The ${what} ${path} is not valid JSON (${(err as Error).message}). Fix the file, or leave out --config to use the defaults.`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new CodedError('E_CONFIG_FILE', `The ${what} ${path} must hold a JSON object of options, not ${Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value}. Write its options as { "field": value, ... }.`);
  }
  return value as Record<string, unknown>;
}
