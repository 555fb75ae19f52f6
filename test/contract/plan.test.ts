// Against a remote target, checks that change state are skipped (never passed) unless allowed.
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../contract/checks/index.ts';
import { planCases } from '../../contract/run-cases.ts';
import { displayTarget, isLoopback } from '../../target/check-target.ts';
import { registry } from '../helpers/reference-server.ts';

describe('planning', () => {
  it('skips every state-changing case on a remote target, and only those', () => {
    const remote = planCases(registry.catalog.operations, CHECKS, false);
    const skipped = remote.filter((c) => c.skip);
    expect(skipped.every((c) => c.check.mutates(c.op))).toBe(true);
    expect(skipped.map((c) => c.skip)).toEqual(skipped.map(() => expect.stringContaining('--allow-remote')));
    expect(remote.filter((c) => !c.skip).map((c) => c.check.name)).toContain('unauthorized_is_rejected');
    expect(remote.find((c) => c.op.operationId === 'getCall' && c.check.name === 'success_status_conformance')?.skip).toBeUndefined();
    expect(remote.find((c) => c.op.operationId === 'warmTransferCall' && c.check.name === 'success_status_conformance')?.skip).toBeDefined();
    expect(planCases(registry.catalog.operations, CHECKS, true).some((c) => c.skip)).toBe(false);
  });

  it('knows loopback from remote, and strips credentials from what it shows', () => {
    expect(['http://127.0.0.1:4010', 'http://127.8.9.10', 'http://localhost:1', 'http://[::1]:80'].map(isLoopback)).toEqual([true, true, true, true]);
    expect(['https://api.speko.dev', 'http://10.0.0.1', 'http://127.0.0.1.nip.io'].map(isLoopback)).toEqual([false, false, false]);
    expect(displayTarget('https://user:secret@staging.example.com/base?token=x')).toBe('https://staging.example.com/base');
  });
});
