// Each test starts with the secrets its file registered before it (at load or in beforeAll) and no
// others: the keys of the servers an earlier test started, or the token of an earlier in-process
// run, are not carried along. The redactor walks every registered secret on every redaction, so a
// file that runs ninety contract runs in one worker slowed to a crawl by its own leftovers (0.3 s
// per run at the start, 5 s at the end). A spawned command starts with only its own secrets; an
// in-process one (helpers/cli.ts) now starts with its file's and its own, never an earlier test's.
import { afterEach, beforeEach } from 'vitest';
import { secrets } from '../../core/index.ts';

let restore: (() => void) | null = null;

beforeEach(() => {
  restore = secrets.checkpointForTests();
});

afterEach(() => {
  restore?.();
  restore = null;
});
