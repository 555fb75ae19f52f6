// Reads the --severity-levels file (`schemas diff`, `run --spec-from`), turning a file it cannot
// read or a line it cannot mean into one clear error that names the file, the line and the fix.
import { parseSeverityLevels, SeverityLevelsError, type LevelOverride } from '../openapi/index.ts';
import { HarnessError } from './errors.ts';
import { INPUT_KINDS, InputFileError, readInputFile } from '../core/index.ts';

const FIX = 'Write one "check-id level" a line (levels: err, warn, info, none), as oasdiff\'s severity-levels file.';

export function readSeverityLevels(file: string): Map<string, LevelOverride> {
  let text: string;
  try {
    text = readInputFile(file, INPUT_KINDS.severityLevels);
  } catch (err) {
    if (err instanceof InputFileError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a folder, not a file' : (code ?? (err as Error).message);
    throw new HarnessError('E_SEVERITY_LEVELS', `Cannot read the severity levels ${file} (${why}). Give the path of a file you can read. ${FIX}`);
  }
  try {
    return parseSeverityLevels(text);
  } catch (err) {
    if (!(err instanceof SeverityLevelsError)) throw err;
    throw new HarnessError('E_SEVERITY_LEVELS', `The severity levels ${file}, ${err.message}. ${FIX}`);
  }
}
