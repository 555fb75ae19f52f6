// Where the secrets the harness is given enter it: its environment (the API token, the
// remote-write credentials, the other k6 outputs' tokens and passwords k6 inherits from it) and
// its command line (a URL with user:password@). Each is registered with the one redactor
// (core/secrets.ts) as the process starts, before any target or receiver is asked anything.
import { registerSecret, SECRET_NAME, TOKEN_PLACEHOLDER } from './secrets.ts';
import { registerUrlCredentials } from './url-credentials.ts';

export { TOKEN_PLACEHOLDER };

/**
 * k6 reads its outputs' credentials from variables (K6_PROMETHEUS_RW_PASSWORD, K6_CLOUD_TOKEN,
 * K6_INFLUXDB_PASSWORD...); the harness hands k6 its whole environment, so each is one it holds.
 */
const K6_SECRET_VARIABLE = /^K6_.*(TOKEN|PASSWORD|SECRET|API_?KEY)/;

type Env = Record<string, string | undefined>;

/** Registers every secret in `env` and `argv` (URLs with credentials, in any variable or argument). */
export function registerEnvironmentSecrets(env: Env, argv: readonly string[] = []): void {
  registerSecret(env.CALLS_API_TOKEN, TOKEN_PLACEHOLDER);
  registerRemoteWriteSecrets(env);
  for (const [name, value] of Object.entries(env)) {
    if (K6_SECRET_VARIABLE.test(name)) registerSecret(value, `$${name}`);
    // A proxy or receiver URL anywhere (HTTPS_PROXY, K6_INFLUXDB_ADDR, CALLS_API_BASE_URL...).
    if (value?.includes('://')) registerUrlCredentials(value, name);
  }
  for (const arg of argv) if (arg.includes('://')) registerUrlCredentials(arg, 'a command-line URL');
}

/**
 * The remote-write output's credentials, as it reads them (load/outputs/prometheus-rw/config.ts):
 * the password, the bearer token, user:password (what Basic auth base64-encodes whole), the
 * headers whose names say they carry one, and credentials in the server URL.
 */
export function registerRemoteWriteSecrets(env: Env): void {
  registerSecret(env.K6_PROMETHEUS_RW_PASSWORD, '$K6_PROMETHEUS_RW_PASSWORD');
  registerSecret(env.K6_PROMETHEUS_RW_BEARER_TOKEN, '$K6_PROMETHEUS_RW_BEARER_TOKEN');
  if (env.K6_PROMETHEUS_RW_USERNAME !== undefined && env.K6_PROMETHEUS_RW_PASSWORD) {
    registerSecret(`${env.K6_PROMETHEUS_RW_USERNAME}:${env.K6_PROMETHEUS_RW_PASSWORD}`, '$K6_PROMETHEUS_RW_USERNAME:$K6_PROMETHEUS_RW_PASSWORD');
  }
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith('K6_PROMETHEUS_RW_HEADERS_') || !SECRET_NAME.test(name.slice('K6_PROMETHEUS_RW_HEADERS_'.length))) continue;
    registerSecret(value, `$${name}`);
    // "Bearer xyz" or "Basic xyz": the credential after the scheme is the secret a receiver echoes alone.
    const credential = /^\s*\S+\s+(\S.*)$/.exec(value ?? '')?.[1];
    registerSecret(credential, `$${name}`);
  }
  registerUrlCredentials(env.K6_PROMETHEUS_RW_SERVER_URL, 'K6_PROMETHEUS_RW_SERVER_URL');
}
