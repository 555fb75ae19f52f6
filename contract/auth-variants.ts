// The ways a token can be wrong. None is derived from the real token, so none can leak it.

export type AuthVariant = 'valid' | 'missing' | 'empty-bearer' | 'basic-scheme' | 'malformed-token' | 'unknown-key';

export const BAD_AUTH: Record<Exclude<AuthVariant, 'valid'>, { header: string | null; description: string }> = {
  'missing': { header: null, description: 'no Authorization header' },
  'empty-bearer': { header: 'Bearer ', description: '"Bearer" with nothing after it' },
  'basic-scheme': { header: 'Basic Y2FsbHMtaGFybmVzczpub3QtYS1rZXk=', description: 'a Basic scheme' },
  'malformed-token': { header: 'Bearer not-a-valid-token', description: 'a malformed token' },
  'unknown-key': { header: 'Bearer sk_live_0000000000000000callsharness', description: 'a well-formed key the target does not know' },
};
