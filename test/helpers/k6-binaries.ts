// The real k6 binaries the tests that use real k6 run on: those listed in
// CALLS_HARNESS_K6_BINARIES (paths, separated as PATH is: `:` here), so that one machine checks
// several k6 versions, e.g. CALLS_HARNESS_K6_BINARIES=/opt/k6/v0.48/k6:/opt/k6/v1.3/k6; else the k6
// on PATH; else none, and those tests are skipped (CI has no k6).
import { execFileSync } from 'node:child_process';
import { accessSync, constants, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, delimiter, dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { findK6 } from '../../load/k6-runner.ts';
import { parseK6Version, type K6Version } from '../../load/k6-version.ts';

export const K6_BINARIES_VAR = 'CALLS_HARNESS_K6_BINARIES';

export interface K6AtHand {
  binary: string;
  version: K6Version;
  /** "k6 v1.3.0 (/opt/k6/v1.3/k6)", for the name of the describe block. */
  label: string;
  /** A folder holding it as `k6`, to put first on PATH (the harness looks for `k6` there). */
  dir: string;
}

let found: K6AtHand[] | null = null;

/** Every k6 at hand, each asked its version once. A listed path that is not a k6 fails loudly: a check that silently ran on fewer versions would say more than it did. */
export function k6sAtHand(env: NodeJS.ProcessEnv = process.env): K6AtHand[] {
  if (found && env === process.env) return found;
  const listed = (env[K6_BINARIES_VAR] ?? '').split(delimiter).map((p) => p.trim()).filter(Boolean);
  const onPath = findK6(env.PATH ?? '');
  const all = (listed.length ? listed.map((p) => resolve(p)) : onPath ? [onPath] : []).map(atHand);
  if (env === process.env) found = all;
  return all;
}

function atHand(binary: string): K6AtHand {
  try {
    accessSync(binary, constants.X_OK);
  } catch {
    throw new Error(`${K6_BINARIES_VAR} lists ${binary}, which is not an executable file`);
  }
  const out = execFileSync(binary, ['version'], { timeout: 15_000 }).toString();
  const version = parseK6Version(out);
  if (!version) throw new Error(`${binary} version printed no k6 version: ${out.slice(0, 200)}`);
  let dir = dirname(binary);
  if (basename(binary) !== 'k6') {
    dir = mkdtempSync(join(tmpdir(), 'calls-harness-k6-bin-'));
    symlinkSync(binary, join(dir, 'k6'));
  }
  return { binary, version, label: `k6 ${version.text} (${binary})`, dir };
}

/**
 * One describe block per k6 at hand, named by its version, with that k6 first on PATH while its
 * tests run (process.env.PATH: what runLoad looks in, and what spawned CLIs inherit); one skipped
 * block where there is none.
 */
export function describeEachK6(name: string, body: (k6: K6AtHand) => void): void {
  const all = k6sAtHand();
  if (!all.length) {
    describe.skip(`${name} (no k6: list binaries in ${K6_BINARIES_VAR} or put k6 on PATH)`, () => it('needs k6', () => undefined));
    return;
  }
  for (const k6 of all) {
    describe(`${name} on ${k6.label}`, () => {
      let saved: string | undefined;
      beforeAll(() => {
        saved = process.env.PATH;
        process.env.PATH = `${k6.dir}${delimiter}${saved ?? ''}`;
      });
      afterAll(() => {
        process.env.PATH = saved;
      });
      body(k6);
    });
  }
}
