// The one reader of every file a user gives: a regular file under its kind's cap, or a coded error;
// never a FIFO's endless wait, a device's endless bytes, or a whole oversize file in memory.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { INPUT_KINDS, InputFileError, readInputFile, type InputKind } from '../../core/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'calls-harness-input-'));
const kind: InputKind = { what: 'test file', code: 'E_CONFIG_FILE', capBytes: 64, fix: 'Give a small file.' };

function refusal(path: string, k: InputKind = kind): InputFileError {
  try {
    readInputFile(path, k);
  } catch (err) {
    if (err instanceof InputFileError) return err;
    throw err;
  }
  throw new Error(`${path} was read`);
}

describe('readInputFile', () => {
  it('reads a regular file under the cap', () => {
    writeFileSync(join(dir, 'ok.json'), '{"a":1}');
    expect(readInputFile(join(dir, 'ok.json'), kind)).toBe('{"a":1}');
  });

  it('refuses a FIFO without opening it (opening one blocks until a writer comes)', () => {
    const fifo = join(dir, 'pipe.json');
    execFileSync('mkfifo', [fifo]);
    const err = refusal(fifo);
    expect(err.code).toBe('E_CONFIG_FILE');
    expect(err.message).toContain(`${fifo} is a FIFO (named pipe), not a regular file`);
    expect(err.message).toContain('Give a small file.');
  });

  it('refuses a character device, a folder, and a sparse file past the cap, naming the cap', () => {
    expect(refusal('/dev/zero').message).toContain('/dev/zero is a character device');
    mkdirSync(join(dir, 'folder.json'));
    expect(refusal(join(dir, 'folder.json')).message).toContain('is a folder');
    const big = join(dir, 'big.json');
    writeFileSync(big, '');
    truncateSync(big, INPUT_KINDS.history.capBytes + 1);
    expect(refusal(big, INPUT_KINDS.history).message).toContain(`is 256 MiB (${INPUT_KINDS.history.capBytes + 1} bytes), over the 256 MiB a history file may be`);
    expect(refusal(big, INPUT_KINDS.history).code).toBe('E_HISTORY_UNREADABLE');
  });

  it('stops at the cap when the size on disk says less than the file holds (/proc reports 0)', () => {
    // /proc/self/status is a regular file of size 0 that reads as ~1 KiB.
    expect(refusal('/proc/self/status').message).toContain('is more than 64 bytes, over the 64 bytes a test file may be');
  });

  it('leaves a missing file to the caller, as the system said it (ENOENT)', () => {
    expect(() => readInputFile(join(dir, 'missing.json'), kind)).toThrow(expect.objectContaining({ code: 'ENOENT' }));
  });
});
