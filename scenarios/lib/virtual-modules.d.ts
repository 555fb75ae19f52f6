// Modules the bundler provides (load/bundle.ts): every load/profiles/*.json, found by glob.
declare module 'calls-harness:profiles' {
  const profiles: Record<string, import('./profiles.ts').Profile>;
  export default profiles;
}
