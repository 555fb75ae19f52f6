// What a script prints with console.log goes to the terminal as it comes, and a script prints what
// the target answered (a body it logs to debug a check). While the built-in engine runs a script,
// the console redacts (core/secrets.ts): the printed line is captured text like any other.
import { format } from 'node:util';
import { redact } from '../../core/secrets.ts';

const METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;

/** Makes the console redact what it prints; returns what puts it back. */
/* eslint-disable no-console -- the console is what is wrapped here, not used */
export function redactConsole(): () => void {
  const saved = METHODS.map((name) => [name, console[name]] as const);
  for (const [name, print] of saved) console[name] = (...args: unknown[]) => print.call(console, redact(format(...args)));
  return () => {
    for (const [name, print] of saved) console[name] = print;
  };
}
/* eslint-enable no-console */
