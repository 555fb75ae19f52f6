// Real k6 prints what the target sent: its end-of-test summary (handleSummary's stdout, a violation
// sample's body among it), its warnings and errors, a remote-write receiver's refusal quoted whole.
// So k6's stdout and stderr are not handed to the terminal as they are: they pass through the
// redactor (core/secrets.ts) line by line on their way to the harness's own.
//
// The price: k6 no longer sees a terminal, so it prints its progress as lines instead of an
// animated bar. A secret a target echoed must not reach a terminal or a CI log, bar or no bar.
import type { Readable } from 'node:stream';
import { type OutputStream, redact } from '../core/index.ts';

/** A line without an end is let through once this long (k6 never writes one): redacted as it is. */
const LONGEST_HELD = 1024 * 1024;

/** Copies `from` to `to` a line at a time (a line ends at \n or \r), each redacted; resolves once `from` ends. */
export function pipeRedacted(from: Readable, to: OutputStream): Promise<void> {
  let held = '';
  from.setEncoding('utf8');
  from.on('data', (chunk: string) => {
    held += chunk;
    const end = Math.max(held.lastIndexOf('\n'), held.lastIndexOf('\r'));
    if (end === -1 && held.length < LONGEST_HELD) return;
    const upTo = end === -1 ? held.length : end + 1;
    to.write(redact(held.slice(0, upTo)));
    held = held.slice(upTo);
  });
  return new Promise((resolve) => {
    const done = () => {
      if (held) to.write(redact(held));
      held = '';
      resolve();
    };
    from.once('end', done);
    from.once('error', done);
  });
}
