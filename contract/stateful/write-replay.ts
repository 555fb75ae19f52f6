// What a lifecycle finding leaves behind: the replay file `contract --replay` runs again, and a
// curl script of the same requests (the token stays the shell variable, never its value). What the
// target answered (a status, an id, the break it showed) is in neither file raw: the script holds
// it only in comments that cannot end early and in quoted words (core/untrusted-text.ts).
import { join } from 'node:path';
import { jsonText, makeFolderToWrite, shellComment, writeFileAtomic } from '../../core/index.ts';
import type { Finding } from '../finding.ts';

export function writeReplayFiles(dir: string, findings: Finding[]): string[] {
  const written: string[] = [];
  for (const f of findings) {
    if (!f.replay || !f.sequence) continue;
    // Whole or absent, and a full disk is E_OUTPUT_NOT_WRITABLE naming the file, never a crash.
    makeFolderToWrite(dir);
    const base = join(dir, `lifecycle-replay-${f.operationId}`);
    writeFileAtomic(`${base}.json`, jsonText(f.replay, 2) + '\n');
    writeFileAtomic(`${base}.sh`, curlScript(f), 0o755);
    written.push(`${base}.json`, `${base}.sh`);
  }
  return written;
}

function curlScript(f: Finding): string {
  const lines = [
    '#!/usr/bin/env bash',
    shellComment(`The smallest sequence that broke the transfer lifecycle model on ${f.operationId}: ${f.title}`),
    '# The ids in the paths are those of the run that found it; `calls-harness contract --replay',
    '# lifecycle-replay-*.json` runs the same commands again with fresh transfers.',
    'set -eu',
    ': "${CALLS_API_TOKEN:?set CALLS_API_TOKEN to a key for the target}"',
  ];
  for (const s of f.sequence ?? []) {
    // s.curl is made of quoted words (contract/curl.ts), one line whatever the target sent.
    lines.push('', shellComment(`${s.n}. ${s.command}${s.broke ? ` (broke the model: ${s.broke})` : ''}; answered ${s.status ?? 'nothing'}`), s.curl);
  }
  return lines.join('\n') + '\n';
}
