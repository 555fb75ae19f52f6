// Live progress: one rewritten line on a TTY, a plain line every few seconds otherwise (CI).
import { output, type OutputStream } from '../core/index.ts';
import type { Progress } from '../load/index.ts';

const PLAIN_EVERY_MS = 5000;

/** Progress on the command's stderr (or `out`). */
export function progressPrinter(out: OutputStream = output().stderr) {
  let lastPlain = 0;
  const line = (p: Progress) => `${(p.elapsedMs / 1000).toFixed(0)}s  iterations ${p.iterations}  rate ${(p.iterations / Math.max(1, p.elapsedMs / 1000)).toFixed(1)}/s  VUs ${p.vus}  requests ${p.httpReqs}  p95 ${p.p95Ms.toFixed(1)} ms  errors ${(p.failedRate * 100).toFixed(2)}%  dropped ${p.dropped}`;
  let lastLine = 0;
  return {
    /** A free-form progress line (contract: checks done of total). */
    line: (text: string) => {
      if (out.isTTY) out.write(`\r\x1b[2K${text}`);
      else if (performance.now() - lastLine >= PLAIN_EVERY_MS) {
        lastLine = performance.now();
        out.write(`${text}\n`);
      }
    },
    update: (p: Progress) => {
      if (out.isTTY) out.write(`\r\x1b[2K${line(p)}`);
      else if (p.elapsedMs - lastPlain >= PLAIN_EVERY_MS) {
        lastPlain = p.elapsedMs;
        out.write(`${line(p)}\n`);
      }
    },
    done: () => {
      if (out.isTTY) out.write('\n');
    },
  };
}
