// How a result names the engine that ran it, with its version where the result recorded one:
// "k6 v1.3.0", "built-in engine (calls-harness 0.1.0)"; results written before versions were
// recorded name the engine alone.

export function engineLabel(engine: string, version?: string): string {
  const name = engine === 'node' ? 'built-in engine' : engine;
  if (!version) return name;
  return engine === 'node' ? `${name} (calls-harness ${version})` : `${name} ${version}`;
}
