// The reference server that cannot listen says why, with a code and exit 2: never E_INTERNAL (a
// "bug") and never a stack trace. The same start() is the embedded server of run, load, contract
// and capacity.
import { describe, expect, it } from 'vitest';
import { expectCleanError, runCliInProcess } from '../helpers/cli.ts';

describe('serve on an address the system refuses', () => {
  it('a link-local IPv6 address without its interface: E_BAD_HOST naming the fix (E_SERVER_START where IPv6 is off)', async () => {
    const res = await runCliInProcess(['serve', '--port', '0', '--host', 'fe80::1']);
    const code = /error (E_[A-Z_]+):/.exec(res.stderr)?.[1] ?? '';
    expect(['E_BAD_HOST', 'E_SERVER_START'], res.stderr).toContain(code);
    expectCleanError(res, code);
    if (code === 'E_BAD_HOST') expect(res.stderr).toContain('fe80::1%eth0');
  });
});
