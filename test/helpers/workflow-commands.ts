// Reads GitHub Actions workflow commands out of a step's output as the runner does: a line that
// starts with `::` is a command, `::name prop=value,prop=value::message`, its message and property
// values unescaped (`%0D`, `%0A`, `%3A`, `%2C`, then `%25`). Used to check what an annotation says
// and that nothing in a finding starts a command of its own.

export interface WorkflowCommand {
  command: string;
  properties: Record<string, string>;
  message: string;
  /** The output line it was read from. */
  line: string;
}

const unescapeData = (s: string) => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
const unescapeProperty = (s: string) => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');

/** The command a line holds, or null: the runner reads one after leading white space, as it trims. */
export function parseWorkflowCommand(line: string): WorkflowCommand | null {
  const text = line.trim();
  if (!text.startsWith('::')) return null;
  const end = text.indexOf('::', 2);
  if (end === -1) return null;
  const head = text.slice(2, end);
  const space = head.indexOf(' ');
  const command = space === -1 ? head : head.slice(0, space);
  const properties: Record<string, string> = {};
  if (space !== -1) {
    for (const pair of head.slice(space + 1).split(',')) {
      const eq = pair.indexOf('=');
      if (eq > 0) properties[pair.slice(0, eq)] = unescapeProperty(pair.slice(eq + 1));
    }
  }
  return { command, properties, message: unescapeData(text.slice(end + 2)), line };
}

/**
 * Every workflow command in an output, in order, as the runner processes them: after
 * `::stop-commands::TOKEN` none is read until the line `::TOKEN::`.
 */
export function workflowCommands(output: string): WorkflowCommand[] {
  const out: WorkflowCommand[] = [];
  let resumeOn: string | null = null;
  for (const line of output.split(/\r?\n/)) {
    if (resumeOn !== null) {
      if (line.trim() === resumeOn) resumeOn = null;
      continue;
    }
    const c = parseWorkflowCommand(line);
    if (!c) continue;
    out.push(c);
    if (c.command === 'stop-commands' && c.message) resumeOn = `::${c.message}::`;
  }
  return out;
}

/** The annotations (error, warning, notice) in an output. */
export function annotations(output: string): WorkflowCommand[] {
  return workflowCommands(output).filter((c) => ['error', 'warning', 'notice'].includes(c.command));
}
