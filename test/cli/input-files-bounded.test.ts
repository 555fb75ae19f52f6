// Every file input of every command, given what is not a file to read (/dev/zero, a FIFO, a folder)
// or a file past its kind's cap (sparse, so it costs no disk): exit 2 with one coded line naming the
// file, never a hang (a FIFO is refused before it is opened), memory exhausted or ERR_STRING_TOO_LONG.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { INPUT_KINDS, type InputKind } from '../../core/index.ts';
import { DEFAULT_OPENAPI } from '../../core/paths.ts';
import { expectCleanError, runCli } from '../helpers/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'calls-harness-input-flags-'));
const ENV: Record<string, string | undefined> = Object.fromEntries(Object.keys(process.env).filter((k) => /^(CALLS_|K6_)/.test(k)).map((k) => [k, undefined]));

type Bad = 'dev-zero' | 'fifo' | 'folder' | 'oversize';
const BAD: Bad[] = ['dev-zero', 'fifo', 'folder', 'oversize'];
let made = 0;

/** A path of the bad kind, named `name` (a profile path must end in .json). */
function badFile(bad: Bad, kind: InputKind, name = 'input.json'): string {
  const path = join(dir, String(++made), name);
  mkdirSync(join(dir, String(made)));
  if (bad === 'dev-zero') symlinkSync('/dev/zero', path);
  else if (bad === 'fifo') execFileSync('mkfifo', [path]);
  else if (bad === 'folder') mkdirSync(path);
  else {
    writeFileSync(path, '');
    truncateSync(path, kind.capBytes + 1);
  }
  return path;
}

/** A runner folder whose merge.json is the bad file. */
function badRunner(bad: Bad): string {
  const path = badFile(bad, INPUT_KINDS.runnerFile, 'merge.json');
  return join(path, '..');
}

interface Flag { name: string; kind: InputKind; code: string; args: (file: string) => string[]; file?: (bad: Bad) => string }

const FLAGS: Flag[] = [
  { name: 'config --print --config', kind: INPUT_KINDS.config, code: 'E_CONFIG_FILE', args: (f) => ['config', '--print', '--config', f] },
  { name: 'run --config', kind: INPUT_KINDS.config, code: 'E_CONFIG_FILE', args: (f) => ['run', '--config', f] },
  { name: 'serve --config', kind: INPUT_KINDS.serverConfig, code: 'E_CONFIG_FILE', args: (f) => ['serve', '--port', '0', '--config', f] },
  { name: 'load --profile', kind: INPUT_KINDS.profile, code: 'E_PROFILE_NOT_FOUND', args: (f) => ['load', '--scenario', 'read-mix', '--engine', 'node', '--profile', f, '--report-dir', join(dir, `out-${++made}`)] },
  { name: 'report dashboard --history', kind: INPUT_KINDS.history, code: 'E_HISTORY_UNREADABLE', args: (f) => ['report', 'dashboard', '--history', f, '--out', join(dir, `dash-${++made}.html`)] },
  { name: 'report compare --history', kind: INPUT_KINDS.history, code: 'E_HISTORY_UNREADABLE', args: (f) => ['report', 'compare', '--history', f] },
  { name: 'schemas diff --from', kind: INPUT_KINDS.specDocument, code: 'E_SPEC_UNREADABLE', args: (f) => ['schemas', 'diff', '--from', f, '--to', DEFAULT_OPENAPI] },
  { name: 'schemas diff --to', kind: INPUT_KINDS.specDocument, code: 'E_SPEC_UNREADABLE', args: (f) => ['schemas', 'diff', '--from', DEFAULT_OPENAPI, '--to', f] },
  { name: 'schemas diff --severity-levels', kind: INPUT_KINDS.severityLevels, code: 'E_SEVERITY_LEVELS', args: (f) => ['schemas', 'diff', '--from', DEFAULT_OPENAPI, '--to', DEFAULT_OPENAPI, '--severity-levels', f] },
  { name: 'run --spec-from', kind: INPUT_KINDS.specDocument, code: 'E_SPEC_UNREADABLE', args: (f) => ['run', '--spec-from', f, '--report-dir', join(dir, `out-${++made}`)] },
  { name: 'run --spec-to', kind: INPUT_KINDS.specDocument, code: 'E_SPEC_UNREADABLE', args: (f) => ['run', '--spec-from', DEFAULT_OPENAPI, '--spec-to', f, '--report-dir', join(dir, `out-${++made}`)] },
  { name: 'contract --config', kind: INPUT_KINDS.config, code: 'E_CONFIG_FILE', args: (f) => ['contract', '--config', f, '--report-dir', join(dir, `out-${++made}`)] },
  { name: 'capacity --profile', kind: INPUT_KINDS.profile, code: 'E_PROFILE_NOT_FOUND', args: (f) => ['capacity', '--scenario', 'read-mix', '--engine', 'node', '--profile', f, '--report-dir', join(dir, `out-${++made}`)] },
  { name: 'schemas import --from', kind: INPUT_KINDS.specImport, code: 'E_SPEC_IMPORT', args: (f) => ['schemas', 'import', '--from', f] },
  { name: 'contract --replay', kind: INPUT_KINDS.replay, code: 'E_REPLAY_INVALID', args: (f) => ['contract', '--replay', f, '--report-dir', join(dir, `out-${++made}`)] },
  { name: 'report render --summary', kind: INPUT_KINDS.summary, code: 'E_NO_RESULT', args: (f) => ['report', 'render', '--summary', f, '--scenario', 'read-mix', '--out', join(dir, `out-${++made}`)] },
  { name: 'report merge (a runner folder\'s merge.json)', kind: INPUT_KINDS.runnerFile, code: 'E_RUNNER_INCOMPLETE', args: (d) => ['report', 'merge', d, '--report-dir', join(dir, `out-${++made}`)], file: badRunner },
];

describe('file inputs are regular files under a cap', () => {
  for (const flag of FLAGS) {
    it(`${flag.name}: /dev/zero, a FIFO, a folder and an oversize file are refused with ${flag.code}`, async () => {
      // The four at once: each is bounded by runCli's timeout, so a FIFO that blocked fails here.
      const runs = await Promise.all(BAD.map(async (bad) => {
        const file = flag.file ? flag.file(bad) : badFile(bad, flag.kind);
        return { bad, file, res: await runCli(flag.args(file), { env: ENV, timeoutMs: 20_000 }) };
      }));
      for (const { bad, file, res } of runs) {
        expect(() => expectCleanError(res, flag.code), `${bad}: ${res.stderr}`).not.toThrow();
        const named = flag.file ? join(file, 'merge.json') : file;
        expect(res.stderr, bad).toContain(named);
        expect(res.stderr, bad).toMatch(bad === 'oversize' ? /over the [\d.]+ (MiB|KiB)/ : /, not a (regular )?file/);
      }
    }, 40_000);
  }
});
