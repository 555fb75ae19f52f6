// Every error the CLI reports has a stable code from this catalog; retired codes are never reused.
// A message is one paragraph: what is wrong, and the fix.
import { redact } from '../core/secrets.ts';

export const ERROR_CODES = {
  E_USAGE: 'a flag or argument is missing, unknown or malformed',
  E_CONFIG_FILE: 'a configuration file cannot be read or is not valid JSON',
  E_SERVER_CONFIG: 'a reference server option is outside what its schema allows',
  E_UNKNOWN_MUTATION: 'a contract mutation name the server does not offer',
  E_UNKNOWN_OPERATION: 'an operationId the catalog does not have',
  E_MUTATION_NOT_APPLICABLE: 'a mutation scoped to an operation whose body has no such field',
  E_PORT_IN_USE: 'the port to listen on is taken',
  E_PORT_DENIED: 'the port to listen on needs privileges',
  E_BAD_HOST: 'the address to listen on is not one of this machine',
  E_SPEC_IMPORT: 'the OpenAPI document cannot be read, parsed or imported',
  E_SPEC_TOO_LARGE: 'an OpenAPI document given as a URL (schemas import --from) is larger than the download limit (20 MiB, after decompression)',
  E_SCHEMA_DRIFT: 'the committed schemas differ from a fresh import',
  E_SPEC_UNREADABLE: 'an API document to compare (schemas diff, run --spec-from) cannot be read',
  E_SPEC_NOT_PARSEABLE: 'an API document to compare is neither JSON nor YAML',
  E_SPEC_NOT_OPENAPI: 'an API document to compare is not an OpenAPI 3.x document, or a $ref in it points at nothing',
  E_SEVERITY_LEVELS: 'a --severity-levels file (schemas diff, run --spec-from) cannot be read, or a line of it names a check id or a level that does not exist',
  E_OUTPUT_NOT_WRITABLE: 'a report file or folder cannot be written (permissions, a read-only or full disk), before the run or after it (then the verdict is printed but is never a pass)',
  E_NO_TOKEN: 'a target is given but CALLS_API_TOKEN is not set',
  E_BAD_TOKEN: 'CALLS_API_TOKEN holds a character an Authorization header cannot carry (a pasted newline)',
  E_NO_AGENT: 'no agent and no call ids to test with',
  E_BAD_TARGET: 'the target is empty, not an http(s) URL, has a bad port, credentials, a query or a /v1 path',
  E_TARGET_UNREACHABLE: 'the target does not answer: down, unresolvable, TLS failure or timeout',
  E_TOKEN_REJECTED: 'the target rejects the token',
  E_UNKNOWN_AGENT: 'the target knows no such agent',
  E_TARGET_NOT_JSON: 'the target does not answer the agent call list with JSON calls',
  E_NO_CALLS: 'the agent has no calls to test with',
  E_UNKNOWN_SCENARIO: 'no scenario of that name in scenarios/',
  E_UNKNOWN_PROFILE: 'no profile of that name in load/profiles/',
  E_PROFILE_INVALID: 'a profile file is not valid JSON or breaks its schema',
  E_PROFILE_NOT_FOUND: 'the profile file given with --profile does not exist or cannot be read',
  E_BAD_SHAPE: 'run-shaping flags that cannot be combined, or do not fit the profile',
  E_BAD_THRESHOLD: 'a threshold expression k6 would reject',
  E_BUNDLE: 'a scenario failed to build',
  E_ENGINE_UNSUPPORTED: 'the scenario uses something the built-in engine cannot offer',
  E_K6_NOT_FOUND: '--engine k6 was asked for but k6 is not on PATH',
  E_REMOTE_NOT_ALLOWED: 'a load test against a target that is not loopback without --allow-remote',
  E_CONFIG_INVALID: 'the configuration breaks its schema',
  E_NO_BASELINE: 'the comparison baseline names no run in the history',
  E_TOO_FEW_RUNS: 'the history has fewer runs than the comparison needs',
  E_BAD_BASELINE: 'the baseline is not last, median-of-N or a run id',
  E_NO_RESULT: 'there is no result to render or compare',
  E_HISTORY_UNREADABLE: 'the history file is missing, a folder, or cannot be read',
  E_NOTHING_COMPARABLE: 'no earlier run of the same scenario, profile, target and engine, no operation with enough samples on both sides, or a newest run that was interrupted or generator-bound (judged only when named with --run)',
  E_REPORT_DIR_IN_USE: 'the report folder already holds a run, or another run is writing to it',
  E_OUTPUT_CONFIG: 'a --k6-out output the built-in engine cannot write, or a K6_PROMETHEUS_RW_* variable with a bad value',
  E_TARGET_LOST: 'the target stopped answering during a contract run: the run could not finish',
  E_RATE_LIMITED: 'the target kept answering 429 beyond the bounded Retry-After waits: the run could not finish',
  E_INTERRUPTED: 'a signal stopped a contract run before its first case',
  E_UNKNOWN_CHECK: 'a contract check name that contract/checks/ does not have',
  E_NO_CASES: 'no check asked for applies to the operations asked for',
  E_REPLAY_INVALID: 'a --replay file that cannot be read or is not a lifecycle sequence',
  E_BAD_SEGMENT: 'an --execution-segment or --execution-segment-sequence k6 would reject, or a segment that is not in its sequence',
  E_RUNNER_INCOMPLETE: 'a runner folder given to report merge lacks merge.json, summary.json or profile.json, or holds damaged JSON (merge.json not of schemas/harness/runner-file.schema.json)',
  E_MERGE_MISMATCH: 'runner folders given to report merge ran different scenarios, bundles, shapes, thresholds or segment sequences',
  E_MERGE_SEGMENTS: 'runner folders given to report merge miss a segment of the test or overlap',
  E_FD_LIMIT: 'the harness itself ran out of file descriptors (ulimit -n) where it could not count the failure as a request',
  E_SERVER_START: 'the reference server (serve, or the embedded one of run, load, contract, capacity) could not start listening for a reason other than a taken port, a denied port or a bad host',
  E_INTERNAL: 'a bug in the harness: please report it with the command line',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export class HarnessError extends Error {
  constructor(readonly code: ErrorCode, message: string, readonly exitCode = 2) {
    // A message quotes what it was given (a URL with user:password@, a parser's excerpt of a file
    // a target filled): secrets are taken out as it is made (core/secrets.ts).
    super(redact(message));
  }
}

export function formatError(code: string, message: string): string {
  // One paragraph whatever the message quotes (a JSON parser's excerpt of a file holds its newlines).
  return `calls-harness: error ${code}: ${message.replace(/\s*[\r\n]+\s*/g, ' ').trim()}`;
}
