// A number as Go's strconv.ParseFloat(s, 64) reads it, which is how k6 reads the numbers of a
// threshold expression: `p(95)<+5`, `avg<.5`, `med<1.5e2`, `avg<1_000`, `avg<0x1p4`, `avg<Inf`
// and `avg<NaN` are all k6 thresholds; `avg<1e400` (out of range) and `avg<0x10` are not.

const DECIMAL = /^[+-]?(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?$/;
const HEX = /^[+-]?0[xX](?:_?[0-9a-fA-F])*(?:\.[0-9a-fA-F](?:_?[0-9a-fA-F])*|\.)?[pP][+-]?\d(?:_?\d)*$/;
const INFINITY = /^[+-]?(?:inf|infinity)$/i;

/** The number, or null where Go's ParseFloat fails (syntax, or beyond the largest float64). */
export function parseGoFloat(text: string): number | null {
  if (/^nan$/i.test(text)) return Number.NaN;
  if (INFINITY.test(text)) return text.startsWith('-') ? -Infinity : Infinity;
  let value: number;
  if (DECIMAL.test(text)) value = Number(text.replace(/_/g, ''));
  else if (HEX.test(text)) value = hexFloat(text.replace(/_/g, ''));
  else return null;
  // Go answers ErrRange for a finite literal too large for a float64; a tiny one rounds to 0.
  return Number.isFinite(value) ? value : null;
}

function hexFloat(text: string): number {
  const m = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?[pP]([+-]?\d+)$/.exec(text) as RegExpExecArray;
  const [, sign, whole = '', frac = '', exp] = m;
  if (!whole && !frac) return Number.NaN;
  const mantissa = parseInt(`${whole}${frac}` || '0', 16) / 16 ** frac.length;
  return (sign === '-' ? -1 : 1) * mantissa * 2 ** Number(exp);
}
