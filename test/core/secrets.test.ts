// The one redactor: every registered secret, in every encoding a target may echo it in, is taken
// out of raw text and of parsed values; ordinary text around it, and text holding no secret, is
// left as it was.
import { afterEach, describe, expect, it } from 'vitest';
import { redact, redactValue, registerSecret, registerUrlCredentials, secrets } from '../../core/index.ts';
import { jsonUnicodeEscaped, secretEncodings, secretFormsIn } from '../helpers/secret-encodings.ts';

const TOKEN = 'sk_live/Canary+93hQ v7=Zp"2Xw';
const PLACEHOLDER = '$CALLS_API_TOKEN';

afterEach(() => secrets.clearForTests());

describe('the redactor', () => {
  it.each(Object.entries(secretEncodings(TOKEN)))('takes the secret out when it comes back %s', (_form, encoded) => {
    registerSecret(TOKEN, PLACEHOLDER);
    for (const text of [encoded, `before ${encoded} after`, `{"echo":"Bearer ${encoded}","n":1}`, `x-echo=${encoded}&y=1`]) {
      const out = redact(text);
      expect(secretFormsIn(out, TOKEN), out).toEqual([]);
      expect(out).toContain(PLACEHOLDER);
    }
  });

  it('takes the secret out of JSON escapes escaped again (a body kept as a string inside JSON, inside JSON)', () => {
    registerSecret(TOKEN, PLACEHOLDER);
    const once = JSON.stringify({ body: `{"echo":"${TOKEN.replace(/\//g, '\\/').replace(/"/g, '\\"')}"}` });
    const twice = JSON.stringify({ name: once });
    const unicodeTwice = JSON.stringify(JSON.stringify({ echo: jsonUnicodeEscaped(TOKEN) }));
    for (const text of [once, twice, unicodeTwice]) {
      const out = redact(text);
      expect(secretFormsIn(out, TOKEN), out).toEqual([]);
    }
  });

  it('takes the secret out of mixed forms: some characters escaped one way, some another', () => {
    registerSecret(TOKEN, PLACEHOLDER);
    const mixed = [...TOKEN].map((c, i) => [c, `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`, `%${c.charCodeAt(0).toString(16)}`, `&#${c.charCodeAt(0)};`, `&#X${c.charCodeAt(0).toString(16)};`][i % 5]).join('');
    expect(redact(`x ${mixed} y`)).toBe(`x ${PLACEHOLDER} y`);
  });

  it('takes out a Basic credential whose user:password it was given, and the password inside a longer base64 string', () => {
    registerSecret('s3cret-pw', '$PW');
    registerSecret('metrics:s3cret-pw', '$BASIC');
    const basic = `Authorization: Basic ${Buffer.from('metrics:s3cret-pw').toString('base64')}`;
    expect(redact(basic)).toBe('Authorization: Basic $BASIC');
    // Another user name before it: the password alone is found, at whatever alignment it fell.
    for (const user of ['a', 'ab', 'abc', 'grafana']) {
      const out = redact(`Basic ${Buffer.from(`${user}:s3cret-pw`).toString('base64')}.`);
      expect(out).toBe('Basic $PW.');
    }
  });

  it('redacts parsed values: strings and keys at any depth, decoded from escapes the raw text held', () => {
    registerSecret(TOKEN, PLACEHOLDER);
    const body = JSON.parse(`{"a":[{"b":"${TOKEN.replace(/"/g, '\\"').replace(/\//g, '\\/')}"}],"${'\\u0073k_live\\/Canary+93hQ v7=Zp\\"2Xw'}":2,"n":3,"t":true,"z":null}`) as unknown;
    const out = redactValue(body);
    expect(JSON.stringify(out)).not.toContain('Canary');
    expect(out).toEqual({ a: [{ b: PLACEHOLDER }], [PLACEHOLDER]: 2, n: 3, t: true, z: null });
    // The value given is not changed.
    expect(JSON.stringify(body)).toContain('Canary');
  });

  it('leaves text without a secret as it was, and ignores values too short to tell from ordinary text', () => {
    registerSecret('abc', '$SHORT');
    registerSecret(undefined, '$NONE');
    registerSecret(TOKEN, PLACEHOLDER);
    const text = 'abc abcd ZGVhZGJlZWY= deadbeef %41 \\u0041 c2tf';
    expect(redact(text)).toBe(text);
    expect(secrets.size).toBe(1);
  });

  it('writes a placeholder as it is, "$" and all (never read as a replacement pattern)', () => {
    registerSecret('pass1234', "$&$1$'");
    expect(redact('a pass1234 b')).toBe("a $&$1$' b");
  });

  it('takes the longer secret out whole when one holds another', () => {
    registerSecret('pass1234', '$PW');
    registerSecret('user:pass1234', '$USERPW');
    expect(redact('user:pass1234 and pass1234')).toBe('$USERPW and $PW');
  });

  it('registers the credentials of a URL: password, user:password, and secret-named query values', () => {
    registerUrlCredentials('see https://ops:p%40ss-word1@rw.example/api/v1/write?tenant=7&api_key=qk_9f8e7d6c', 'K6_PROMETHEUS_RW_SERVER_URL');
    const out = redact(`p@ss-word1 ${Buffer.from('ops:p@ss-word1').toString('base64')} qk_9f8e7d6c tenant=7`);
    expect(out).not.toMatch(/p@ss|qk_9f/);
    expect(out).toContain('tenant=7');
    expect(out).toContain('[password of K6_PROMETHEUS_RW_SERVER_URL]');
  });

  it('stays linear on a long run of base64 characters (no backtracking blow-up)', () => {
    registerSecret(TOKEN, PLACEHOLDER);
    const long = `${'A'.repeat(2_000_000)}${Buffer.from(TOKEN).toString('base64')}`;
    const out = redact(long);
    expect(out).toBe(PLACEHOLDER);
  });
});
