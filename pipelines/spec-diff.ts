// Runs the API document diff for `schemas diff` and `run --spec-from`, turning a document it cannot
// read into one clear error that names the file and the problem.
import { diffFiles, type DocumentProblem, type SpecDiff, SpecDocumentError } from '../openapi/index.ts';
import { CodedError, type ErrorCode } from '../core/index.ts';

const PROBLEMS: Record<DocumentProblem, { code: ErrorCode; fix: string }> = {
  unreadable: { code: 'E_SPEC_UNREADABLE', fix: 'Give the path of an OpenAPI document you can read.' },
  'not-parseable': { code: 'E_SPEC_NOT_PARSEABLE', fix: 'Give the OpenAPI document as JSON or YAML.' },
  'not-openapi': { code: 'E_SPEC_NOT_OPENAPI', fix: 'Give an OpenAPI 3.x document whose $refs point inside it.' },
};

export async function specDiff(fromFile: string, toFile: string): Promise<SpecDiff> {
  try {
    return await diffFiles(fromFile, toFile);
  } catch (err) {
    if (!(err instanceof SpecDocumentError)) throw err;
    const { code, fix } = PROBLEMS[err.problem];
    throw new CodedError(code, `Cannot compare the API documents: ${err.message}. ${fix}`);
  }
}
