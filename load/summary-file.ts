// A run's summary.json, read so that a missing or half-written one (a disk that filled up while k6
// wrote it, a crash) is said so and judged as no data, never parsed into a crash or taken as a run.
import { INPUT_KINDS, InputFileError, readInputFile, redactValue } from '../core/index.ts';
import type { SummaryLike } from './summary-metrics.ts';

export interface SummaryRead {
  /** null when there is no usable summary. */
  summary: SummaryLike | null;
  /** Why there is none, for the run's problems. */
  problem: string | null;
}

export function readSummaryFile(file: string): SummaryRead {
  let text: string;
  try {
    text = readInputFile(file, INPUT_KINDS.summary);
  } catch (err) {
    if (err instanceof InputFileError) return { summary: null, problem: err.message };
    const code = (err as NodeJS.ErrnoException).code;
    return { summary: null, problem: code === 'ENOENT' ? `no summary data was written (${file})` : `the summary data ${file} cannot be read (${code ?? (err as Error).message})` };
  }
  try {
    const summary = JSON.parse(text) as unknown;
    // Redacted as it is read: summary data written by k6 (or by hand) holds what the target sent.
    if (summary && typeof summary === 'object' && !Array.isArray(summary)) return { summary: redactValue(summary) as SummaryLike, problem: null };
  } catch {
    // Reported below, as an object that is not one.
  }
  return { summary: null, problem: `the summary data ${file} is damaged (${text.length} bytes, not a whole JSON object: a write cut short, a full disk?), so nothing in it was judged` };
}
