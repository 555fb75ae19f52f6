// GitHub Actions expressions (`${{ … }}` and `if:`), evaluated as the runner does for the subset an
// action's metadata uses: contexts (inputs, github, runner, steps, env), string, number and boolean
// literals, ==, !=, &&, ||, !, parentheses, and the status functions. Anything else is refused
// with an error naming it, so that a test fails where the runner might read the action otherwise.

export type Value = string | number | boolean | null | { [key: string]: Value };

export interface Contexts {
  [context: string]: Value;
}

/** What the status functions see: whether a step before this one failed. */
export interface Status {
  failed: boolean;
}

type Token = { kind: 'string' | 'number' | 'ident' | 'op' | 'paren' | 'dot' | 'comma'; text: string; value?: Value };

const OPERATORS = ['==', '!=', '&&', '||', '!', '<=', '>=', '<', '>'];

/** A string literal from its opening quote: its text, and where it ends; '' is a quote inside it. */
function readString(source: string, from: number): { text: string; end: number } {
  let text = '';
  let i = from + 1;
  for (;;) {
    if (i >= source.length) throw new Error(`unterminated string in expression: ${source}`);
    if (source[i] === "'" && source[i + 1] === "'") {
      text += "'";
      i += 2;
    } else if (source[i] === "'") {
      return { text, end: i + 1 };
    } else {
      text += source[i++];
    }
  }
}

const PUNCTUATION: Record<string, Token['kind']> = { '(': 'paren', ')': 'paren', '.': 'dot', ',': 'comma' };

/** One token at `i` that is not a string: a number, a name (names of inputs and outputs may hold dashes), punctuation or an operator. */
function readToken(source: string, i: number): Token {
  const rest = source.slice(i);
  const number = /^[0-9]+(\.[0-9]+)?/.exec(rest);
  if (number) return { kind: 'number', text: number[0], value: Number(number[0]) };
  const name = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(rest);
  if (name) return { kind: 'ident', text: name[0] };
  const c = source[i] as string;
  if (PUNCTUATION[c]) return { kind: PUNCTUATION[c], text: c };
  const op = OPERATORS.find((o) => rest.startsWith(o));
  if (!op) throw new Error(`unsupported character "${c}" in expression: ${source}`);
  return { kind: 'op', text: op };
}

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    if (/\s/.test(source[i] as string)) {
      i++;
    } else if (source[i] === "'") {
      const { text, end } = readString(source, i);
      tokens.push({ kind: 'string', text, value: text });
      i = end;
    } else {
      const t = readToken(source, i);
      tokens.push(t);
      i += t.text.length;
    }
  }
  return tokens;
}

/** GitHub's coercion to a number, for == and != between different types. */
function toNumber(v: Value): number {
  if (v === null) return 0;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return v.trim() === '' ? 0 : Number(v);
  return Number.NaN;
}

/** ==: strings compare ignoring case; other types meet as numbers; objects only as themselves. */
function looselyEqual(a: Value, b: Value): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase();
  if (typeof a === typeof b && typeof a !== 'object') return a === b;
  if ((a !== null && typeof a === 'object') || (b !== null && typeof b === 'object')) return a === b;
  return toNumber(a) === toNumber(b);
}

export function truthy(v: Value): boolean {
  return !(v === null || v === false || v === 0 || v === '' || (typeof v === 'number' && Number.isNaN(v)));
}

/** A value as the runner writes it into a string: null as empty. */
export function asText(v: Value): string {
  if (v === null) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

const LITERALS: Record<string, Value> = { true: true, false: false, null: null };

class Parser {
  private at = 0;
  usesStatus = false;
  constructor(private readonly tokens: Token[], private readonly contexts: Contexts, private readonly status: Status, private readonly source: string) {}

  parse(): Value {
    const v = this.or();
    if (this.at !== this.tokens.length) throw new Error(`unexpected "${this.tokens[this.at]?.text}" in expression: ${this.source}`);
    return v;
  }

  private peek(): Token | undefined {
    return this.tokens[this.at];
  }

  private or(): Value {
    let left = this.and();
    while (this.peek()?.text === '||') {
      this.at++;
      const right = this.and();
      left = truthy(left) ? left : right;
    }
    return left;
  }

  private and(): Value {
    let left = this.equality();
    while (this.peek()?.text === '&&') {
      this.at++;
      const right = this.equality();
      left = truthy(left) ? right : left;
    }
    return left;
  }

  private equality(): Value {
    const left = this.unary();
    const op = this.peek();
    if (op?.kind === 'op' && (op.text === '==' || op.text === '!=')) {
      this.at++;
      const right = this.unary();
      return op.text === '==' ? looselyEqual(left, right) : !looselyEqual(left, right);
    }
    if (op?.kind === 'op' && ['<', '>', '<=', '>='].includes(op.text)) throw new Error(`comparison ${op.text} is not supported here: ${this.source}`);
    return left;
  }

  private unary(): Value {
    if (this.peek()?.text === '!') {
      this.at++;
      return !truthy(this.unary());
    }
    return this.primary();
  }

  private primary(): Value {
    const t = this.tokens[this.at++];
    if (!t) throw new Error(`expression ends early: ${this.source}`);
    if (t.kind === 'string' || t.kind === 'number') return t.value as Value;
    if (t.kind === 'paren' && t.text === '(') {
      const v = this.or();
      if (this.tokens[this.at++]?.text !== ')') throw new Error(`missing ) in expression: ${this.source}`);
      return v;
    }
    if (t.kind !== 'ident') throw new Error(`unexpected "${t.text}" in expression: ${this.source}`);
    if (t.text in LITERALS) return LITERALS[t.text] as Value;
    if (this.peek()?.text === '(') return this.call(t.text);
    return this.property(t.text);
  }

  /** A context and the properties after it; a missing one is null, as the runner has it. */
  private property(context: string): Value {
    if (!(context in this.contexts)) throw new Error(`unknown context "${context}" in expression: ${this.source}`);
    let v: Value = this.contexts[context] as Value;
    while (this.peek()?.kind === 'dot') {
      this.at++;
      const name = this.tokens[this.at++];
      if (name?.kind !== 'ident') throw new Error(`a property name must follow "." in expression: ${this.source}`);
      v = v !== null && typeof v === 'object' && name.text in v ? (v[name.text] as Value) : null;
    }
    return v;
  }

  private call(name: string): Value {
    this.at++;
    if (this.tokens[this.at++]?.text !== ')') throw new Error(`only functions without arguments are supported (${name}): ${this.source}`);
    this.usesStatus = true;
    switch (name) {
      case 'always': return true;
      case 'success': return !this.status.failed;
      case 'failure': return this.status.failed;
      case 'cancelled': return false;
      default: throw new Error(`function ${name}() is not supported: ${this.source}`);
    }
  }
}

export function evaluate(expression: string, contexts: Contexts, status: Status = { failed: false }): { value: Value; usesStatus: boolean } {
  const parser = new Parser(tokenize(expression), contexts, status, expression);
  const value = parser.parse();
  return { value, usesStatus: parser.usesStatus };
}

/** A step's `if:`: an expression (its `${{ }}` optional); without a status function, success() && it. */
export function condition(text: string | boolean | undefined, contexts: Contexts, status: Status): boolean {
  if (text === undefined) return !status.failed;
  if (typeof text === 'boolean') return text && !status.failed;
  const inner = /^\s*\$\{\{([\s\S]*)\}\}\s*$/.exec(text)?.[1] ?? text;
  const { value, usesStatus } = evaluate(inner, contexts, status);
  return usesStatus ? truthy(value) : !status.failed && truthy(value);
}

/** Every `${{ … }}` in a string replaced by its value, as text. */
export function interpolate(text: string, contexts: Contexts, status: Status = { failed: false }): string {
  return text.replace(/\$\{\{([\s\S]*?)\}\}/g, (_m, inner: string) => asText(evaluate(inner, contexts, status).value));
}

/** The context references (`inputs.x`, `steps.a.outputs.b`) an expression text names. */
export function references(text: string): string[][] {
  const out: string[][] = [];
  for (const m of text.matchAll(/\$\{\{([\s\S]*?)\}\}/g)) out.push(...referencesIn(m[1] as string));
  return out;
}

export function referencesIn(expression: string): string[][] {
  const tokens = tokenize(expression);
  const out: string[][] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if (t.kind !== 'ident' || tokens[i - 1]?.kind === 'dot' || tokens[i + 1]?.text === '(') continue;
    const path = [t.text];
    while (tokens[i + 1]?.kind === 'dot' && tokens[i + 2]?.kind === 'ident') {
      path.push((tokens[i + 2] as Token).text);
      i += 2;
    }
    if (!['true', 'false', 'null'].includes(t.text)) out.push(path);
  }
  return out;
}
