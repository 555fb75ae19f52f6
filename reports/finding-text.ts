// One finding as plain text: the title, what was declared, what came back, how to reproduce it.
// Each line goes through the boundary (core/untrusted-text.ts): most of a finding is what the
// target answered, and this text reaches terminals (contract's console) and JUnit bodies.
import { terminalText } from '../core/index.ts';
import type { Finding } from '../contract/index.ts';

export function findingText(f: Finding): string {
  return findingLines(f).map(terminalText).join('\n');
}

function findingLines(f: Finding): string[] {
  const lines = [
    `[${f.severity}] ${f.operationId} ${f.check}: ${f.title}`,
    `  expected: ${f.expected}`,
    `  received: ${f.received}`,
  ];
  if (f.instancePath) lines.push(`  at: ${f.instancePath}`);
  if (f.sequence?.length) {
    lines.push('  smallest failing sequence:');
    for (const s of f.sequence) lines.push(`    ${s.n}. ${s.command}: ${s.request.method} ${s.request.url}${s.request.body === undefined ? '' : ` ${JSON.stringify(s.request.body)}`} -> ${s.status ?? 'no response'}${s.broke ? `  <- ${s.broke}` : ''}`);
  }
  lines.push(`  reproduce: ${f.curl}`);
  if (f.reproduce) lines.push(`  run again: ${f.reproduce}`);
  return lines;
}
