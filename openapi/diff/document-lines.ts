// Where a JSON pointer of a diff is in the document's text: the line of its key, so that an
// annotation (`schemas diff --format githubactions`) lands on that line of the pull request's
// file. JSON and YAML alike (YAML's parser keeps positions, and reads JSON too).
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { INPUT_KINDS, parsePointer, readInputFile } from '../../core/index.ts';

/** The 1-based line of a pointer's key (or list item) in a document; undefined where it cannot say. */
export type LineOf = (pointer: string) => number | undefined;

/** A document's line finder; one that finds nothing when the file cannot be read or parsed again. */
export function documentLines(file: string): LineOf {
  let lineCounter: LineCounter;
  let root: unknown;
  try {
    const text = readInputFile(file, INPUT_KINDS.specDocument);
    lineCounter = new LineCounter();
    root = parseDocument(text, { lineCounter, uniqueKeys: false, prettyErrors: false }).contents;
  } catch {
    return () => undefined;
  }
  return (pointer) => {
    let tokens: string[];
    try {
      tokens = parsePointer(pointer);
    } catch {
      return undefined;
    }
    const at = offsetOf(root, tokens);
    return at === undefined ? undefined : lineCounter.linePos(at).line;
  };
}

/** The offset of the last token's key (or item) reached; the deepest one found when the rest is not there. */
function offsetOf(root: unknown, tokens: string[]): number | undefined {
  let node = root;
  let offset: number | undefined = (root as Node | null)?.range?.[0];
  for (const token of tokens) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? String(p.key.value) : String(p.key)) === token);
      if (!pair) return offset;
      offset = (pair.key as Node | null)?.range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node) && /^\d+$/.test(token)) {
      const item = node.items[Number(token)] as Node | undefined;
      if (!item) return offset;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else {
      return offset;
    }
  }
  return offset;
}
