// Modules the bundler provides (load/profile-modules.ts): every valid load/profiles/*.json, found
// by glob, and the profile schema compiled to a standalone validator.
declare module 'calls-harness:profiles' {
  const profiles: Record<string, import('./profile-data.ts').Profile>;
  export default profiles;
}

declare module 'calls-harness:profile-validator' {
  const validate: {
    (data: unknown): boolean;
    errors?: import('./schema-error.ts').SchemaErrorLike[] | null;
  };
  export default validate;
}
