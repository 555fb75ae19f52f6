// The diff as JUnit XML: one test case per operation, failed when a change breaks its clients.
import { xmlText } from '../../core/index.ts';
import { attrs } from '../xml.ts';
import { failsGate, type FailOn, type SpecChange, type SpecDiff } from '../../openapi/index.ts';

export interface SpecDiffCase {
  classname: string;
  name: string;
  failure?: { message: string; body: string };
}

export const SPEC_DIFF_SUITE = 'schemas.diff';

const changeLine = (c: SpecChange) => `${c.id}: ${c.message}\n  old: ${c.from ?? '-'}\n  new: ${c.to ?? '-'}`;

/** One case per operation, failed by the changes at or above `failOn` (the diff's own; every breaking change by default). */
export function specDiffCases(diff: SpecDiff, failOn: FailOn = diff.failOn ?? 'warning'): SpecDiffCase[] {
  return diff.operations.map((op) => {
    const broken = op.changes.filter((c) => failsGate(c, failOn));
    const base: SpecDiffCase = { classname: SPEC_DIFF_SUITE, name: `${op.operationId} (${op.method} ${op.path})` };
    if (broken.length) base.failure = { message: `${broken.length} breaking change(s): ${broken[0]?.id ?? ''}`, body: op.changes.map(changeLine).join('\n') };
    return base;
  });
}

export function renderSpecDiffJunit(diff: SpecDiff, failOn: FailOn = diff.failOn ?? 'warning'): string {
  const cases = specDiffCases(diff, failOn);
  const counts = { tests: cases.length, failures: cases.filter((c) => c.failure).length, errors: 0, skipped: 0 };
  const body = cases.map((c) => {
    const open = `    <testcase${attrs({ classname: c.classname, name: c.name })}`;
    return c.failure ? `${open}>\n      <failure${attrs({ message: c.failure.message })}>${xmlText(c.failure.body)}</failure>\n    </testcase>` : `${open}/>`;
  });
  return ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites${attrs({ name: 'calls-harness', ...counts })}>`, `  <testsuite${attrs({ name: SPEC_DIFF_SUITE, ...counts })}>`, ...body, '  </testsuite>', '</testsuites>', ''].join('\n');
}
