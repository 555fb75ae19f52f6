// The body scans the contract checks rest on: what they flag, and what they must leave alone.
import { describe, expect, it } from 'vitest';
import { jsonHazards } from '../../contract/json-hazards.ts';
import { decode, firstInvalidUtf8 } from '../../contract/read-body.ts';

describe('jsonHazards', () => {
  it('finds a duplicate key, with its path, however it is escaped', () => {
    expect(jsonHazards('{"a":{"b":1,"\\u0062":2}}')).toEqual([expect.objectContaining({ kind: 'duplicate-key', path: '/a/b' })]);
  });

  it('leaves alone equal keys in different objects, and braces or quotes inside strings', () => {
    expect(jsonHazards('[{"id":1},{"id":2},{"x":"{\\"id\\":1, \\"id\\":2}","y":"]]]"}]')).toEqual([]);
  });

  it('finds an integer beyond 2^53 (either sign), at its array index; not 2^53 - 1, decimals or exponents', () => {
    const found = jsonHazards('{"n":[1, 9007199254740991, -9007199254740993, 1.5e300, 12345678901234567890.5]}');
    expect(found.map((h) => [h.kind, h.path])).toEqual([['unsafe-integer', '/n/2']]);
    expect(found[0]?.message).toContain('-9007199254740993');
  });

  it('stops at the depth limit without recursing, whatever the depth', () => {
    const deep = `${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}`;
    const found = jsonHazards(deep, { maxDepth: 1000, maxReported: 5 });
    expect(found).toEqual([expect.objectContaining({ kind: 'too-deep', path: '/0/0/0/0/0/0/… (1001 levels)' })]);
    expect(jsonHazards(`${'['.repeat(1000)}${']'.repeat(1000)}`)).toEqual([]);
  });

  it('ends quietly on text that is not JSON', () => {
    expect(jsonHazards('{"a": "unterminated')).toEqual([]);
    expect(jsonHazards('<html>{{{</html>')).toEqual([]);
  });
});

describe('firstInvalidUtf8 and decode', () => {
  it.each([
    ['ascii', [0x7b, 0x7d], -1],
    ['a 4-byte emoji', [0xf0, 0x9f, 0x98, 0x80], -1],
    ['a lone continuation byte', [0x41, 0x80], 1],
    ['an overlong slash', [0xc0, 0xaf], 0],
    ['a surrogate (ED A0 80)', [0x41, 0xed, 0xa0, 0x80], 1],
    ['past U+10FFFF (F4 90)', [0xf4, 0x90, 0x80, 0x80], 0],
    ['a cut sequence', [0x41, 0xe2, 0x82], 1],
  ])('%s', (_name, bytes, at) => {
    expect(firstInvalidUtf8(Uint8Array.from(bytes))).toBe(at);
  });

  it('a byte order mark is left out of the text and reported; offsets count it', () => {
    expect(decode(Buffer.from([0xef, 0xbb, 0xbf, 0x7b, 0x7d]))).toEqual({ text: '{}', bom: true });
    expect(decode(Buffer.from([0xef, 0xbb, 0xbf, 0x7b, 0xff]))).toMatchObject({ bom: true, notUtf8At: 4 });
  });
});
