// Whether this process ran out of file descriptors while the built-in engine ran: every VU's socket
// is one, and past `ulimit -n` a request cannot open its socket (EMFILE) and fails on the generator,
// not on the API. Sampled from /proc/self/fd (Linux); elsewhere it has nothing to say.
import { readdirSync } from 'node:fs';
import { openFileLimit } from '../core/index.ts';

const EVERY_MS = 250;

export interface DescriptorReading {
  limit: number;
  peak: number;
}

export class DescriptorWatch {
  private readonly limit = openFileLimit();
  private peak = 0;
  private exhausted = false;
  private timer: NodeJS.Timeout | null = null;

  start(): void {
    if (this.limit === null || this.timer) return;
    this.sample();
    this.timer = setInterval(() => this.sample(), EVERY_MS);
    this.timer.unref();
  }

  /** The limit and the most descriptors seen open, when the limit was reached; else null. */
  stop(): DescriptorReading | null {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (this.limit === null) return null;
    this.sample();
    // The listing counts its own descriptor: at the limit, the next open fails (EMFILE).
    return this.exhausted || this.peak >= this.limit ? { limit: this.limit, peak: Math.min(this.peak, this.limit) } : null;
  }

  private sample(): void {
    try {
      this.peak = Math.max(this.peak, readdirSync('/proc/self/fd').length);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EMFILE' || code === 'ENFILE') {
        this.exhausted = true;
        this.peak = this.limit ?? this.peak;
      }
    }
  }
}

/** The signal, short: what ran out. */
export function descriptorSignal(r: DescriptorReading): string {
  return `it ran out of file descriptors (${r.peak} open of its limit of ${r.limit}, \`ulimit -n\`)`;
}

/** The problem, in words: what ran out, what it did, and the fix. */
export function descriptorProblem(r: DescriptorReading): string {
  return `the generator ran out of file descriptors (${r.peak} open of its limit of ${r.limit}, \`ulimit -n\`): requests that could not open a socket failed on this machine (EMFILE), not on the API. Raise the limit (\`ulimit -n 65536\` in the shell that runs calls-harness, or LimitNOFILE= for a service), or run fewer VUs`;
}
