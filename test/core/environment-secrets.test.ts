// Where the secrets enter: every secret in the environment and on the command line is registered
// at start, and nothing else is (a variable that is not a secret must not be redacted everywhere).
import { afterEach, describe, expect, it } from 'vitest';
import { redact, registerEnvironmentSecrets, secrets } from '../../core/index.ts';

afterEach(() => secrets.clearForTests());

describe('the secrets of the environment and the command line', () => {
  it('registers the token, the remote-write credentials, k6 outputs\' tokens and credentials in any URL', () => {
    registerEnvironmentSecrets({
      CALLS_API_TOKEN: 'sk_live_envCanary0001',
      K6_PROMETHEUS_RW_BEARER_TOKEN: 'rw-bearer-0002',
      K6_PROMETHEUS_RW_USERNAME: 'metrics',
      K6_PROMETHEUS_RW_PASSWORD: 'rw-pass-0003',
      K6_PROMETHEUS_RW_HEADERS_X_API_KEY: 'hdr-key-0004',
      K6_PROMETHEUS_RW_HEADERS_AUTHORIZATION: 'Bearer hdr-bearer-0005',
      K6_PROMETHEUS_RW_HEADERS_X_SCOPE_ORGID: 'tenant-prod',
      K6_CLOUD_TOKEN: 'cloud-token-0006',
      HTTPS_PROXY: 'http://proxyuser:proxy-pass-0007@proxy.internal:3128',
      K6_PROMETHEUS_RW_TREND_STATS: 'p(99),avg',
    }, ['--target', 'https://api.example/', '--from', 'https://cfg.example/openapi.json?access_token=qs-token-0008&v=2']);
    const text = ['sk_live_envCanary0001', 'rw-bearer-0002', 'rw-pass-0003', Buffer.from('metrics:rw-pass-0003').toString('base64'), 'hdr-key-0004', 'hdr-bearer-0005', 'cloud-token-0006', 'proxy-pass-0007', 'qs-token-0008'].join(' ');
    const out = redact(text);
    expect(out).not.toMatch(/\d{4}/);
    expect(out.split(' ')[0]).toBe('$CALLS_API_TOKEN');
    // Not secrets: a tenant header, trend stats, an ordinary URL's query.
    expect(redact('tenant-prod p(99),avg v=2 https://api.example/')).toBe('tenant-prod p(99),avg v=2 https://api.example/');
  });
});
