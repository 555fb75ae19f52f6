// Every error the harness reports has a stable code from this catalog: what it means, the exit
// code it ends a command with, and the fix a user reaches for first. A thrown error's own message
// names the file, value or target; the catalog is what docs/errors.md is generated from (a test
// fails when that page drifts). Retired codes are never reused.

export interface CatalogEntry {
  /** The exit code a command ends with when this error stops it. */
  readonly exit: number;
  /** What the error means, as one phrase. */
  readonly means: string;
  /** What to do about it, as one sentence. */
  readonly fix: string;
}

export const ERROR_CATALOG = {
  E_USAGE: { exit: 2, means: 'a flag or argument is missing, unknown or malformed', fix: 'Correct the command line; `calls-harness COMMAND --help` lists what it takes.' },
  E_CONFIG_FILE: { exit: 2, means: 'a configuration file cannot be read or is not valid JSON', fix: 'Point --config at a readable JSON file, or fix the JSON it holds.' },
  E_SERVER_CONFIG: { exit: 2, means: 'a reference server option is outside what its schema allows', fix: 'Give the option a value its schema allows (`calls-harness serve --help`).' },
  E_UNKNOWN_MUTATION: { exit: 2, means: 'a contract mutation name the server does not offer', fix: 'Pick a name from `calls-harness serve --list-mutations`.' },
  E_UNKNOWN_OPERATION: { exit: 2, means: 'an operationId the catalog does not have', fix: 'Use one of the operation ids the message lists (schemas/catalog.json).' },
  E_MUTATION_NOT_APPLICABLE: { exit: 2, means: 'a mutation scoped to an operation whose body has no such field', fix: 'Scope the mutation to an operation whose response has that field, or leave the scope out.' },
  E_PORT_IN_USE: { exit: 2, means: 'the port to listen on is taken', fix: 'Choose another --port, or 0 for a free one.' },
  E_PORT_DENIED: { exit: 2, means: 'the port to listen on needs privileges', fix: 'Choose a port above 1023, or 0 for a free one.' },
  E_BAD_HOST: { exit: 2, means: 'the address to listen on is not one of this machine', fix: 'Listen on 127.0.0.1, ::1 or an address this machine has.' },
  E_SPEC_IMPORT: { exit: 2, means: 'the OpenAPI document cannot be read, parsed or imported', fix: 'Give schemas import a readable OpenAPI 3 document (--from FILE or URL).' },
  E_SPEC_TOO_LARGE: { exit: 2, means: 'an OpenAPI document given as a URL (schemas import --from) is larger than the download limit (20 MiB, after decompression)', fix: 'Download the document and import it from a file, or check that the URL names the document.' },
  E_SCHEMA_DRIFT: { exit: 1, means: 'the committed schemas differ from a fresh import', fix: 'Run `calls-harness schemas import` and commit the result; edit schemas/overlay.json, never the generated files.' },
  E_SPEC_UNREADABLE: { exit: 2, means: 'an API document to compare (schemas diff, run --spec-from) cannot be read', fix: 'Give --from/--to (or --spec-from/--spec-to) a readable file.' },
  E_SPEC_NOT_PARSEABLE: { exit: 2, means: 'an API document to compare is neither JSON nor YAML', fix: 'Give an OpenAPI document in JSON or YAML.' },
  E_SPEC_NOT_OPENAPI: { exit: 2, means: 'an API document to compare is not an OpenAPI 3.x document, or a $ref in it points at nothing', fix: 'Give an OpenAPI 3.x document whose every $ref resolves.' },
  E_SEVERITY_LEVELS: { exit: 2, means: 'a --severity-levels file (schemas diff, run --spec-from) cannot be read, or a line of it names a check id or a level that does not exist', fix: 'Write one `check-id level` per line, with ids from docs/schemas.md and levels error, warning, info or none.' },
  E_OUTPUT_NOT_WRITABLE: { exit: 2, means: 'a report file or folder cannot be written (permissions, a read-only or full disk), before the run or after it (then the verdict is printed but is never a pass)', fix: 'Free space on the device, or choose a folder you can write to (--report-dir, --json, --junit).' },
  E_NO_TOKEN: { exit: 2, means: 'a target is given but CALLS_API_TOKEN is not set', fix: 'Export CALLS_API_TOKEN with the API key of the target.' },
  E_BAD_TOKEN: { exit: 2, means: 'CALLS_API_TOKEN holds a character an Authorization header cannot carry (a pasted newline)', fix: 'Set CALLS_API_TOKEN again, without quotes, spaces or line breaks around the key.' },
  E_NO_AGENT: { exit: 2, means: 'no agent and no call ids to test with', fix: 'Give --agent (or CALLS_API_AGENT_ID), or --call-id for each call to use.' },
  E_BAD_ID: { exit: 2, means: 'a call or agent id that no request can carry as a path segment: "." or ".."', fix: 'Give the id the target lists for the call or agent.' },
  E_BAD_TARGET: { exit: 2, means: 'the target is empty, not an http(s) URL, has a bad port, credentials, a query or a /v1 path', fix: 'Give the base URL alone, e.g. https://staging.example.com, with the token in CALLS_API_TOKEN.' },
  E_TARGET_UNREACHABLE: { exit: 2, means: 'the target does not answer: down, unresolvable, TLS failure or timeout', fix: 'Check that the target is up and reachable from this machine (DNS, firewall, certificate), then run again.' },
  E_TOKEN_REJECTED: { exit: 2, means: 'the target rejects the token', fix: 'Set CALLS_API_TOKEN to a key the target accepts.' },
  E_UNKNOWN_AGENT: { exit: 2, means: 'the target knows no such agent', fix: 'Give an agent id the target has (--agent or CALLS_API_AGENT_ID).' },
  E_TARGET_NOT_JSON: { exit: 2, means: 'the target does not answer the agent call list with JSON calls', fix: 'Check that --target is the Calls API base URL and not a proxy, login page or another service.' },
  E_NO_CALLS: { exit: 2, means: 'the agent has no calls to test with', fix: 'Use an agent with live calls, or give call ids with --call-id.' },
  E_UNKNOWN_SCENARIO: { exit: 2, means: 'no scenario of that name in scenarios/', fix: 'Use a scenario the message lists.' },
  E_UNKNOWN_PROFILE: { exit: 2, means: 'no profile of that name in load/profiles/', fix: 'Use a profile the message lists, or give the path of a profile file.' },
  E_PROFILE_INVALID: { exit: 2, means: 'a profile file is not valid JSON or breaks its schema', fix: 'Fix the profile where the message points (schemas/harness/profile.schema.json).' },
  E_PROFILE_NOT_FOUND: { exit: 2, means: 'the profile file given with --profile does not exist or cannot be read', fix: 'Give the path of a readable profile file, or a profile name.' },
  E_BAD_SHAPE: { exit: 2, means: 'run-shaping flags that cannot be combined, or do not fit the profile', fix: 'Change the flags as the message says (docs/load.md, "Shaping a run").' },
  E_BAD_THRESHOLD: { exit: 2, means: 'a threshold expression k6 would reject', fix: 'Write METRIC=EXPRESSION in k6\'s syntax, e.g. "http_req_duration{name:getCall}=p(95)<300".' },
  E_BUNDLE: { exit: 2, means: 'a scenario failed to build', fix: 'Fix the scenario source where esbuild points.' },
  E_ENGINE_UNSUPPORTED: { exit: 2, means: 'the scenario uses something the built-in engine cannot offer', fix: 'Run it on real k6 (--engine k6 with k6 on PATH), or change the scenario.' },
  E_K6_NOT_FOUND: { exit: 2, means: '--engine k6 was asked for but k6 is not on PATH', fix: 'Install k6 and put it on PATH, or run with --engine node.' },
  E_K6_TOO_OLD: { exit: 2, means: 'the k6 found is older than the versions the harness supports (k6 v0.48 and newer: v0.48, v1.x, v2.x)', fix: 'Install k6 v0.48 or newer (v1.x or v2.x) and put it on PATH, or run with --engine node.' },
  E_K6_VERSION_UNKNOWN: { exit: 2, means: '`k6 version` did not run or did not print a version the harness can read', fix: 'Check that the k6 on PATH runs (`k6 version`), or run with --engine node.' },
  E_REMOTE_NOT_ALLOWED: { exit: 2, means: 'a load test against a target that is not loopback without --allow-remote', fix: 'Add --allow-remote, or list the target under allowedTargets in the config file.' },
  E_CONFIG_INVALID: { exit: 2, means: 'the configuration breaks its schema', fix: 'Fix the value the message names (schemas/harness/config.schema.json).' },
  E_NO_BASELINE: { exit: 2, means: 'the comparison baseline names no run in the history', fix: 'Give a run id from the history, last, or median-of-N.' },
  E_TOO_FEW_RUNS: { exit: 2, means: 'the history has fewer runs than the comparison needs', fix: 'Keep the history between runs, or ask for a smaller median-of-N.' },
  E_BAD_BASELINE: { exit: 2, means: 'the baseline is not last, median-of-N or a run id', fix: 'Give --baseline last, median-of-N or a run id.' },
  E_NO_RESULT: { exit: 2, means: 'there is no result to render or compare', fix: 'Point the command at a run folder or history that holds a finished run.' },
  E_HISTORY_UNREADABLE: { exit: 2, means: 'the history file is missing, a folder, or cannot be read', fix: 'Give --history the path of a history file a run wrote.' },
  E_NOTHING_COMPARABLE: { exit: 2, means: 'no earlier run of the same scenario, profile, target and engine, no operation with enough samples on both sides, or a newest run that was interrupted or generator-bound (judged only when named with --run)', fix: 'Keep the history between runs of the same scenario, profile, target and engine, or lower --min-samples.' },
  E_REPORT_DIR_IN_USE: { exit: 2, means: 'the report folder already holds a run, or another run is writing to it', fix: 'Give a new or empty --report-dir, or leave it out for a fresh folder.' },
  E_OUTPUT_CONFIG: { exit: 2, means: 'a --k6-out output the built-in engine cannot write, or a K6_PROMETHEUS_RW_* variable with a bad value', fix: 'Use an output the message lists, or correct the variable it names.' },
  E_TARGET_LOST: { exit: 2, means: 'the target stopped answering during a contract run: the run could not finish', fix: 'Check the target\'s health and run again; the checks done before are in the reports.' },
  E_RATE_LIMITED: { exit: 2, means: 'the target kept answering 429 beyond the bounded Retry-After waits: the run could not finish', fix: 'Run with a key or at a time the target does not rate-limit, or against a staging target.' },
  E_INTERRUPTED: { exit: 2, means: 'a signal stopped a contract run before its first case', fix: 'Run again without interrupting it.' },
  E_UNKNOWN_CHECK: { exit: 2, means: 'a contract check name that contract/checks/ does not have', fix: 'Use a check name the message lists.' },
  E_NO_CASES: { exit: 2, means: 'no check asked for applies to the operations asked for', fix: 'Widen --operations or --checks so that a check applies.' },
  E_REPLAY_INVALID: { exit: 2, means: 'a --replay file that cannot be read or is not a lifecycle sequence', fix: 'Give the lifecycle-replay-*.json file a lifecycle_model_holds finding wrote.' },
  E_BAD_SEGMENT: { exit: 2, means: 'an --execution-segment or --execution-segment-sequence k6 would reject, or a segment that is not in its sequence', fix: 'Give segments as k6 writes them (0:1/2, 1/2:1) and a sequence that holds them.' },
  E_RUNNER_INCOMPLETE: { exit: 2, means: 'a runner folder given to report merge lacks merge.json, summary.json or profile.json (or, from a k6-operator runner, summary.json\'s runner record or k6-samples.json.gz), holds damaged JSON, or k6 samples cut short', fix: 'Give report merge the whole folder each runner wrote.' },
  E_MERGE_MISMATCH: { exit: 2, means: 'runner folders given to report merge ran different scenarios, bundles, shapes, thresholds or segment sequences', fix: 'Merge only the runner folders of one test.' },
  E_MERGE_SEGMENTS: { exit: 2, means: 'runner folders given to report merge miss a segment of the test or overlap', fix: 'Give every runner folder of the test, each once.' },
  E_PROMETHEUS_UNREADABLE: { exit: 2, means: 'report merge --prometheus could not read the test from Prometheus: no answer, an HTTP error, or an answer that is not the query API\'s', fix: 'Give --prometheus the base URL of a Prometheus this machine reaches (http://host:9090, not its /api/v1/write).' },
  E_PROMETHEUS_NO_TEST: { exit: 2, means: 'Prometheus holds no series of the --testid given, or its trends were not written as native histograms', fix: 'Give the testid the TestRun tagged its samples with (bundle --k8s --remote-write), its runners having written with K6_PROMETHEUS_RW_TREND_AS_NATIVE_HISTOGRAM=true.' },
  E_FD_LIMIT: { exit: 2, means: 'the harness itself ran out of file descriptors (ulimit -n) where it could not count the failure as a request', fix: 'Raise the limit (`ulimit -n 65536`, or LimitNOFILE= for a service), or run fewer VUs.' },
  E_SERVER_START: { exit: 2, means: 'the reference server (serve, or the embedded one of run, load, contract, capacity) could not start listening for a reason other than a taken port, a denied port or a bad host', fix: 'Read the reason the message gives; a port of 0 picks a free one.' },
  E_NOT_BUILT: { exit: 2, means: 'the CLI bundle (dist/cli.mjs) is missing', fix: 'Run `npm ci` (or `npm run build`) in the project folder first.' },
  E_INTERNAL: { exit: 70, means: 'a bug in the harness', fix: 'Report it with the command line you ran.' },
} as const satisfies Record<string, CatalogEntry>;

export type ErrorCode = keyof typeof ERROR_CATALOG;

export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(ERROR_CATALOG, code);
}
