// The command lines a Markdown page shows: every `calls-harness <command> [<subcommand>]` (also
// `npx calls-harness`, `bin/calls-harness.js`) and every `npm start` or `npm run start` (the `run` command), with the
// --options written after it on the same code line (a fenced line, with its `\` continuations,
// or an inline code span). Shell comments are left out: they quote other tools' flags (k6's).

export interface DocOption {
  /** "run", "report merge"... */
  command: string;
  option: string;
  /** file:line, for the failure message. */
  where: string;
}

/** Commands, and the subcommands of those that have them. */
export type CommandTree = Record<string, string[]>;

export function docOptions(file: string, text: string, tree: CommandTree): DocOption[] {
  const out: DocOption[] = [];
  for (const { code, line } of codeLines(text)) {
    for (const { command, rest } of invocations(code, tree)) {
      // A command the CLI does not have: named as such, its options not checked.
      if (command.startsWith('?')) {
        out.push({ command, option: '', where: `${file}:${line}` });
        continue;
      }
      for (const m of rest.matchAll(/(?:^|[\s[(])(--[a-z][a-z0-9-]*)/g)) out.push({ command, option: m[1] as string, where: `${file}:${line}` });
    }
  }
  return out;
}

/** Fenced lines (continuations joined) and inline code spans, each with its line number. */
function codeLines(text: string): { code: string; line: number }[] {
  const out: { code: string; line: number }[] = [];
  const lines = text.split('\n');
  let fenced = false;
  let pending: { code: string; line: number } | null = null;
  lines.forEach((raw, i) => {
    if (/^\s*(```|~~~)/.test(raw)) {
      fenced = !fenced;
      return;
    }
    if (fenced) {
      const code = raw.replace(/(^|\s)#(\s.*)?$/, '');
      pending = pending ? { code: `${pending.code} ${code}`, line: pending.line } : { code, line: i + 1 };
      if (/\\\s*$/.test(code)) pending.code = pending.code.replace(/\\\s*$/, '');
      else {
        out.push(pending);
        pending = null;
      }
      return;
    }
    for (const m of raw.matchAll(/`([^`]+)`/g)) out.push({ code: m[1] as string, line: i + 1 });
  });
  return out;
}

/** Each invocation in a code line: its command and what follows it, up to the next one or a shell separator. */
function invocations(code: string, tree: CommandTree): { command: string; rest: string }[] {
  const out: { command: string; rest: string }[] = [];
  const starts = [...code.matchAll(/calls-harness(?:\.js)?\s+([a-z][a-z-]*)(?:\s+([a-z][a-z-]*))?|npm\s+(?:run\s+)?start\b/g)];
  starts.forEach((m, k) => {
    const end = k + 1 < starts.length ? (starts[k + 1] as RegExpMatchArray).index : code.length;
    const rest = (code.slice((m.index as number) + m[0].length, end).split(/\s(?:\||&&|;|\|\|)\s/)[0] as string);
    if (m[0].startsWith('npm')) return out.push({ command: 'run', rest });
    const [cmd, sub] = [m[1] as string, m[2]];
    const subs = tree[cmd];
    // `calls-harness help` is commander's own.
    if (!subs) return cmd === 'help' ? undefined : out.push({ command: `?${cmd}`, rest: '' });
    if (sub && subs.includes(sub)) return out.push({ command: `${cmd} ${sub}`, rest });
    // A second word that is not a subcommand is an argument of the command.
    out.push({ command: cmd, rest: `${sub ?? ''} ${rest}` });
  });
  return out;
}
