// The boundary for text the harness did not write: each sink, fed the hostile payloads a target can
// send, gives output that holds none of them raw, and says what was there.
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkWellFormedXml } from '../helpers/well-formed-xml.ts';
import { githubMessage, githubProperty, htmlText, jsonText, markdownCode, markdownText, scriptJson, shellComment, shellQuoted, shellWord, terminalText, xmlAttr, xmlText } from '../../core/index.ts';
import { parseWorkflowCommand } from '../helpers/workflow-commands.ts';

/** What a hostile target sends: each breaks out of some sink when written raw. */
export const HOSTILE = [
  'requested\ntouch owned\n#',
  'a\rb', 'nul\u0000byte', 'tab\there', 'del\u007f', 'csi\u009b2J', 'nel\u0085',
  '\u001b]0;pwned title\u0007', '\u001b[2J\u001b[H', '\u001b[31mred',
  "quote ' and \" and \\", '$(touch x)', '`touch y`', '${IFS}touch${IFS}z', '; touch w #',
  '</script><script>alert(1)</script>', '<!--', ']]>', '<img src=x onerror=alert(1)>', '&amp; &#x3C;',
  'bidi \u202eevil\u202c', 'isolate \u2066x\u2069', 'line\u2028sep\u2029para', 'bom\ufeff', 'lone \ud800 half',
  'tag \u{e0041}\u{e0042}', '| pipe | cell |', '[link](javascript:alert(1))', '**bold** _em_ # heading', '``` fence',
];

/** Raw characters no output may hold: C0 (LF too, for one-line sinks), DEL, C1, bidi, separators, BOM, lone surrogates, tags. */
// eslint-disable-next-line no-control-regex
const RAW = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufeff\ufff9-\ufffb\ufffe\uffff\u{e0000}-\u{e007f}]|\p{Cs}/u;

describe('terminalText', () => {
  it.each(HOSTILE)('%j: one line, nothing a terminal acts on', (p) => {
    expect(terminalText(p)).not.toMatch(RAW);
  });

  it('shows each invisible character as an escape a reader recognises, and leaves text as it was', () => {
    expect(terminalText('requested\ntouch owned\n#')).toBe('requested\\ntouch owned\\n#');
    expect(terminalText('\u001b]0;t\u0007\u001b[2J')).toBe('\\x1b]0;t\\x07\\x1b[2J');
    expect(terminalText('a\u202eb\u2028c\u009b\ud800\u{e0041}')).toBe('a\\u202eb\\u2028c\\x9b\\ud800\\u{e0041}');
    expect(terminalText('Grüße, 東京 🎉 👩‍💻 café 葛\u{e0100}')).toBe('Grüße, 東京 🎉 👩‍💻 café 葛\u{e0100}');
    expect(terminalText('\udc00\ud800x\ud83c')).toBe('\\udc00\\ud800x\\ud83c');
  });
});

describe('markdownText and markdownCode', () => {
  it.each(HOSTILE)('%j: one line, no markup, no table cell ended', (p) => {
    const text = markdownText(p);
    expect(text).not.toMatch(RAW);
    // Every special character is escaped: none stands after an even number of backslashes.
    expect(text).not.toMatch(/(^|[^\\])(\\\\)*[`*_{}[\]<>|#!~&]/);
  });

  it.each(HOSTILE)('%j in a code span: a fence longer than any backtick run, pipes escaped', (p) => {
    const code = markdownCode(p);
    expect(code).not.toMatch(RAW);
    const fence = /^`+/.exec(code)?.[0] as string;
    expect(code.endsWith(fence)).toBe(true);
    expect(code.slice(fence.length, -fence.length)).not.toContain(fence);
    expect(code).not.toMatch(/(^|[^\\])\|/);
  });
});

describe('htmlText and scriptJson', () => {
  it.each(HOSTILE)('%j: no markup, no entity of the target, nothing invisible', (p) => {
    const html = htmlText(p);
    expect(html).not.toMatch(RAW);
    expect(html).not.toMatch(/[<>"']/);
    expect(html).not.toMatch(/&(?!(amp|lt|gt|quot|#39);)/);
  });

  it.each(HOSTILE)('%j inside <script>: the same value back, nothing that ends the element or a line', (p) => {
    const json = scriptJson({ p, nested: [p] });
    expect(json).not.toMatch(/<|>|&/);
    expect(json).not.toMatch(RAW);
    expect(JSON.parse(json)).toEqual({ p, nested: [p] });
  });
});

describe('jsonText', () => {
  it('the same values as JSON.stringify, indented or not, with nothing invisible raw', () => {
    fc.assert(fc.property(fc.jsonValue(), fc.string({ unit: 'binary' }), (value, s) => {
      for (const indent of [undefined, 2]) {
        const text = jsonText({ value, s, hostile: HOSTILE }, indent);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify({ value, s, hostile: HOSTILE })));
        // Only the line feeds of indentation, never one inside a value.
        expect(text.replace(/\n */g, '')).not.toMatch(RAW);
      }
    }), { numRuns: 100 });
  });
});

describe('xmlText and xmlAttr', () => {
  it.each(HOSTILE)('%j: no character XML 1.0 forbids, no markup, no CDATA end', (p) => {
    for (const text of [xmlText(p), xmlAttr(p)]) {
      expect(text.replace(/[\n\t]/g, '')).not.toMatch(RAW);
      expect(text).not.toMatch(/[<>"']/);
      expect(text).not.toContain(']]>');
      expect(text).not.toMatch(/&(?!(amp|lt|gt|quot|apos);)/);
    }
    // An attribute is one line: a parser would turn a raw line feed into a space.
    expect(xmlAttr(p)).not.toMatch(/[\n\t]/);
  });
});

describe('a JUnit-like document built with xmlText and xmlAttr', () => {
  it('is well-formed XML 1.0 whatever the payloads; the checker itself refuses what is not', () => {
    const cases = HOSTILE.map((p) => `<testcase name="${xmlAttr(p)}"><failure message="${xmlAttr(p)}">${xmlText(p)}</failure></testcase>`);
    expect(() => checkWellFormedXml(`<?xml version="1.0" encoding="UTF-8"?>\n<testsuite>${cases.join('\n')}</testsuite>\n`)).not.toThrow();
    for (const bad of ['<a>\u001b</a>', '<a>&</a>', '<a>&nbsp;</a>', '<a>]]></a>', '<a><b></a>', '<a x=1/>', '<a/><b/>', '<a>&#27;</a>', '<a>\ud800</a>']) {
      expect(() => checkWellFormedXml(bad), bad).toThrow();
    }
  });
});

/** What bash makes of a line of words: each argument, as printf prints it, NUL-separated. */
function bashArgs(words: string[]): string[] {
  const run = spawnSync('bash', ['-c', `printf '%s\\0' ${words.join(' ')}`], { encoding: 'utf8', timeout: 10_000 });
  expect(run.status, run.stderr).toBe(0);
  return run.stdout.split('\0').slice(0, -1);
}

describe('shellWord, shellQuoted and shellComment', () => {
  it.each(HOSTILE)('%j: one printable line', (p) => {
    for (const word of [shellWord(p), shellQuoted(p), shellComment(p)]) expect(word).not.toMatch(RAW);
  });

  it('bash reads each hostile payload back as one word, exactly (NUL aside: no argument can hold one)', () => {
    const texts = HOSTILE.map((p) => p.replace(/\0/g, '0').replace(/\p{Cs}/gu, '?'));
    expect(bashArgs(texts.map(shellWord))).toEqual(texts);
    expect(bashArgs(texts.map(shellQuoted))).toEqual(texts);
  });

  it('any text is one word to bash, the same text back (fast-check, one bash per batch)', () => {
    fc.assert(fc.property(fc.array(fc.string({ unit: 'grapheme' }), { minLength: 1, maxLength: 40 }), (texts) => {
      const clean = texts.map((t) => t.replace(/\0/g, ''));
      expect(bashArgs(clean.map(shellWord))).toEqual(clean);
    }), { numRuns: 15 });
  });

  it('a comment stays a comment: bash runs nothing of it', () => {
    const run = spawnSync('bash', ['-c', `${HOSTILE.map(shellComment).join('\n')}\necho done`], { encoding: 'utf8', cwd: '/', timeout: 10_000 });
    expect(run.stdout).toBe('done\n');
    expect(run.stderr).toBe('');
  });

  it('plain words stay plain, the rest quoted', () => {
    expect(shellWord('getCall')).toBe('getCall');
    expect(shellWord('http://127.0.0.1:8080')).toBe('http://127.0.0.1:8080');
    expect(shellQuoted('http://127.0.0.1:8080')).toBe("'http://127.0.0.1:8080'");
    expect(shellWord("it's")).toBe("'it'\\''s'");
    expect(shellWord('a\u001bb')).toBe("'a'$'\\x1b''b'");
    expect(shellWord('')).toBe("''");
  });
});

describe('githubMessage and githubProperty', () => {
  it.each(HOSTILE)('%j: one output line, one command, read back as the text (shown where invisible)', (p) => {
    const line = `::error title=${githubProperty(p)},file=${githubProperty(p)}::${githubMessage(p)}`;
    expect(line).not.toMatch(RAW);
    const read = parseWorkflowCommand(line);
    expect(read?.command).toBe('error');
    expect(Object.keys(read?.properties ?? {})).toEqual(['title', 'file']);
    expect(read?.properties.title).toBe(terminalText(p));
    expect(read?.message.split('\n')).toEqual(p.split('\n').map(terminalText));
  });

  it('keeps a message\'s lines and the runner\'s escapes as text; a property is one line with : and , escaped', () => {
    expect(githubMessage('expected 200\nreceived 500 %0A::add-mask::x\r')).toBe('expected 200%0Areceived 500 %250A::add-mask::x\\r');
    expect(githubProperty('main:openapi.yaml, v2%\n')).toBe('main%3Aopenapi.yaml%2C v2%25\\n');
    expect(parseWorkflowCommand(`::warning title=${githubProperty('a:b,c=d')}::${githubMessage('one\ntwo %0D')}`)).toMatchObject({ command: 'warning', properties: { title: 'a:b,c=d' }, message: 'one\ntwo %0D' });
  });

  it('any text comes back from the runner as it was, invisible characters shown (fast-check)', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'grapheme' }), (title, message) => {
      const line = `::notice title=${githubProperty(title)}::${githubMessage(message)}`;
      expect(line.split(/\r|\n/)).toHaveLength(1);
      const read = parseWorkflowCommand(line);
      expect(read?.properties.title).toBe(terminalText(title));
      // The runner trims the line it reads, so white space at the message's very end is not kept.
      expect(read?.message).toBe(message.split('\n').map(terminalText).join('\n').trimEnd());
    }), { numRuns: 200 });
  });
});
