// The K6_* environment variables that change what k6 runs. k6 reads its options from the
// environment over the script's own (lib/options.go `envconfig` tags, cmd/runtime_options.go and
// cmd/config.go of k6 v0.48 to v1.3), so with one of these set real k6 would not run the test the
// harness shapes, reports and judges (K6_RPS=2 capped a --rate 5 run at 2/s, and it passed), and
// the built-in engine, which reads none of them, would run another test again. Refused for both
// engines, each with what to do instead. Those left out change nothing the verdict reads (K6_TAGS,
// K6_USER_AGENT, K6_DNS, K6_CONSOLE_OUTPUT, K6_SUMMARY_EXPORT, K6_WEB_DASHBOARD, TLS client
// settings...), or are options the harness passes as flags, which win over the environment
// (K6_OUT, K6_COMPATIBILITY_MODE, K6_NO_USAGE_REPORT). K6_HTTP_DEBUG changes what k6 prints, not
// what it runs: it is taken out of k6's environment and said once (load/k6-debug-env.ts).

const SHAPE = 'the harness shapes the run from the profile';
const JUDGED = 'the harness judges what it asked for';

/** Variable -> what to do instead (after "Unset it"). */
export const K6_RUN_CHANGING: Readonly<Record<string, string>> = {
  // The load itself.
  K6_VUS: 'use --vus', K6_DURATION: 'use --duration', K6_ITERATIONS: 'use --iterations', K6_STAGES: 'use --stage',
  K6_RPS: `use --rate: ${SHAPE}, and a global request cap would hold the rate under what the run is labelled`,
  K6_EXECUTION_SEGMENT: 'use --execution-segment', K6_EXECUTION_SEGMENT_SEQUENCE: 'use --execution-segment-sequence',
  K6_PAUSED: 'a paused run never starts', K6_MIN_ITERATION_DURATION: `${SHAPE}; a minimum iteration length slows it unseen`,
  K6_LINGER: 'k6 would wait for Ctrl-C after the test, and the run would be stopped as hung',
  // setup() and teardown().
  K6_NO_SETUP: 'setup() finds the calls to test with', K6_NO_TEARDOWN: 'teardown() ends what the run started',
  K6_SETUP_TIMEOUT: 'the scenarios set setupTimeout themselves', K6_TEARDOWN_TIMEOUT: 'teardown keeps its own bound',
  K6_INCLUDE_SYSTEM_ENV_VARS: 'the scenarios read their target, token and profile from the environment',
  // What each request does.
  K6_MAX_REDIRECTS: 'a redirect is an undocumented status, never followed, so both engines judge the status the API sent',
  K6_THROW: 'a failed request is counted and judged, never thrown (it would end the iteration and its flow)',
  K6_BATCH: 'the scenarios send no batches; give the load with --rate or --vus', K6_BATCH_PER_HOST: 'the scenarios send no batches; give the load with --rate or --vus',
  K6_NO_CONNECTION_REUSE: 'both engines keep connections alive, as the figures assume', K6_NO_VU_CONNECTION_REUSE: 'both engines keep connections alive, as the figures assume',
  K6_DISCARD_RESPONSE_BODIES: 'the response bodies are validated against the contract',
  K6_HOSTS: 'give the address with --target: the result names the target it loaded', K6_BLACKLIST_IPS: 'the target is the one given with --target', K6_BLOCK_HOSTNAMES: 'the target is the one given with --target',
  K6_INSECURE_SKIP_TLS_VERIFY: 'trust the target\'s CA instead: SSL_CERT_FILE for k6, NODE_EXTRA_CA_CERTS for the built-in engine',
  // What is judged, and the data it is judged from.
  K6_THRESHOLDS: `use --threshold: ${JUDGED}`, K6_NO_THRESHOLDS: 'thresholds are the verdict',
  K6_NO_SUMMARY: 'the verdict is read from the end-of-test summary', K6_SUMMARY_TREND_STATS: 'the reports read the statistics the scenarios ask for (count tells a threshold with no samples)',
  K6_SUMMARY_TIME_UNIT: 'the reports read every duration in ms', K6_SUMMARY_MODE: 'the reports read the summary the scenarios write',
  K6_SYSTEM_TAGS: 'the reports and thresholds read requests by their name and status tags',
};

/** The first K6_* variable of `env` that changes what runs, with the paragraph that refuses it; null when none. */
export function k6EnvironmentProblem(env: NodeJS.ProcessEnv): string | null {
  const name = Object.keys(K6_RUN_CHANGING).find((n) => env[n] !== undefined);
  if (name === undefined) return null;
  return `The environment variable ${name} is set: k6 would take it over the run the harness shapes, reports and judges, and the built-in engine ignores it, so what ran would differ from what was asked. Unset it (${K6_RUN_CHANGING[name]}).`;
}
