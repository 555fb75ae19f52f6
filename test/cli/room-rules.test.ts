// The house rules fail the lint (lint/rooms.mjs): an import past another room's door, an import
// upward, and an import that closes a cycle. Checked through ESLint itself, as `npm run lint` runs.
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../core/paths.ts';
// @ts-expect-error: a plain ES module of the lint config, without types
import { currentViolations, roomProblem } from '../../lint/rooms.mjs';

const eslint = new ESLint({ cwd: PROJECT_ROOT });

async function lintAs(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(PROJECT_ROOT, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId?.startsWith('rooms/')).map((m) => `${m.ruleId}: ${m.message}`);
}

describe('the room rules', () => {
  it('refuse an import past another room\'s door', async () => {
    const messages = await lintAs('contract/new-check.ts', "import { start } from '../server/start.ts';\nexport const s = start;\n");
    expect(messages).toEqual([expect.stringMatching(/^rooms\/doors: \.\.\/server\/start\.ts: past the door: import it from server\/index\.ts/)]);
  });

  it('let the same import through the door', async () => {
    expect(await lintAs('contract/new-check.ts', "import { start } from '../server/index.ts';\nexport const s = start;\n")).toEqual([]);
  });

  it('refuse an import from a room on a higher floor, even through its door', async () => {
    const messages = await lintAs('server/new-route.ts', "import { x } from '../cli/index.ts';\nexport const y = x;\n");
    expect(messages).toEqual([expect.stringMatching(/^rooms\/doors: .*upward: server\/ \(floor 2\) imports only rooms on lower floors, not cli\/ \(floor 7\)/)]);
  });

  it('refuse an import that closes a cycle inside a room', async () => {
    // server/start.ts imports server/options.ts: options.ts importing start.ts back closes a cycle.
    const messages = await lintAs('server/options.ts', "import { start } from './start.ts';\nexport const s = start;\n");
    expect(messages.some((m) => m.startsWith('rooms/no-cycle: ./start.ts: closes an import cycle'))).toBe(true);
  });

  it('leave tests free to use a room\'s internals', () => {
    expect(roomProblem(join(PROJECT_ROOT, 'test/load/x.test.ts'), join(PROJECT_ROOT, 'load/engine/run-engine.ts'))).toBeNull();
  });

  it('hold in the whole project: no import past a door, upward or closing a cycle', () => {
    expect(currentViolations()).toEqual([]);
  });

  it('count a test kept beside its code as a test', () => {
    expect(roomProblem(join(PROJECT_ROOT, 'contract/calls-api.contract.test.ts'), join(PROJECT_ROOT, 'reports/finding-text.ts'))).toBeNull();
  });
});
