// A strict check that a document is well-formed XML 1.0 (no XML parser is a dependency): tags
// nest and close, attributes are quoted, `&` starts only a known or numeric reference, `]]>` never
// stands in text, and no character XML 1.0 forbids appears, raw or as a reference.

/** Characters XML 1.0 allows (its production Char). */
const XML_CHAR = /^[\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]*$/u;
const NAME = '[A-Za-z_][\\w.:-]*';
const TOKEN = new RegExp(`<\\?xml[^?]*\\?>|<!\\[CDATA\\[([\\s\\S]*?)\\]\\]>|<!--([\\s\\S]*?)-->|</(${NAME})\\s*>|<(${NAME})((?:\\s+${NAME}\\s*=\\s*"[^"<]*")*)\\s*(/?)>|([^<]+)`, 'y');

function checkCharacters(text: string, where: number): void {
  if (!XML_CHAR.test(text)) throw new Error(`a character XML 1.0 forbids near offset ${where}: ${JSON.stringify(text.slice(0, 80))}`);
  for (const m of text.matchAll(/&(#x[0-9a-fA-F]+|#\d+|[A-Za-z]+)?;?/g)) {
    const ref = m[1];
    if (!m[0].endsWith(';') || ref === undefined) throw new Error(`a bare & near offset ${where + (m.index ?? 0)}`);
    if (/^[A-Za-z]/.test(ref) && !['amp', 'lt', 'gt', 'quot', 'apos'].includes(ref)) throw new Error(`the undeclared entity &${ref}; near offset ${where}`);
    if (ref.startsWith('#')) {
      const code = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      if (!XML_CHAR.test(String.fromCodePoint(code))) throw new Error(`&${ref}; names a character XML 1.0 forbids`);
    }
  }
}

/** Throws, saying where, unless `xml` is one well-formed XML 1.0 element (after an optional declaration). */
export function checkWellFormedXml(xml: string): void {
  const open: string[] = [];
  let roots = 0;
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < xml.length) {
    const at = TOKEN.lastIndex;
    const m = TOKEN.exec(xml);
    if (!m) throw new Error(`not well-formed at offset ${at}: ${JSON.stringify(xml.slice(at, at + 80))}`);
    if (m[4] !== undefined && !open.length) roots++;
    checkToken(m, at, open);
  }
  if (open.length) throw new Error(`<${open[open.length - 1]}> is never closed`);
  if (roots !== 1) throw new Error(`${roots} root elements, where XML has one`);
}

/** One token: CDATA, a comment, a closing tag, an opening tag (pushed on `open`) or text. */
function checkToken(m: RegExpExecArray, at: number, open: string[]): void {
  const [, cdata, comment, close, start, attributes, selfClosing, text] = m;
  if (cdata !== undefined) return checkCharacters(cdata.replace(/&/g, ''), at);
  if (comment !== undefined) {
    if (comment.includes('--')) throw new Error(`"--" inside a comment at offset ${at}`);
    return;
  }
  if (close !== undefined) {
    if (open.pop() !== close) throw new Error(`</${close}> closes nothing open at offset ${at}`);
    return;
  }
  if (start !== undefined) {
    for (const value of (attributes ?? '').matchAll(/"([^"]*)"/g)) checkCharacters(value[1] as string, at);
    if (!selfClosing) open.push(start);
    return;
  }
  if (text === undefined) return;
  if (!open.length && text.trim()) throw new Error(`text outside the root element at offset ${at}`);
  if (text.includes(']]>')) throw new Error(`"]]>" in text at offset ${at}`);
  checkCharacters(text, at);
}
