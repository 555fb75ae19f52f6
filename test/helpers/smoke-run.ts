// Runs a scenario on the smoke profile with the built-in engine and reads its summary data.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SummaryData } from '../../load/engine/summary-data.ts';
import { runLoad, type LoadOptions } from '../../load/run-load.ts';

const dir = mkdtempSync(join(tmpdir(), 'calls-harness-scenarios-'));

export async function smoke(scenario: string, extra: Partial<LoadOptions> = {}) {
  const result = await runLoad({ scenario, profile: 'smoke', engine: 'node', reportDir: join(dir, `${scenario}-${Object.keys(extra).join('-') || 'plain'}-${Date.now()}`), ...extra });
  const summary = JSON.parse(readFileSync(result.summaryFile, 'utf8')) as SummaryData;
  const values = (key: string) => summary.metrics[key]?.values ?? {};
  return { result, summary, values };
}
