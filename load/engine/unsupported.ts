// What a scenario uses that the built-in engine cannot offer, found by name in the k6-targeted
// bundle (where k6 modules stay `require("k6/...")` calls, or imports in an ES-module bundle)
// before a single request is sent.

const SUPPORTED: Record<string, string[]> = {
  k6: ['check', 'group', 'fail', 'default'],
  'k6/http': ['asyncRequest', 'expectedStatuses', 'setResponseCallback', 'default'],
  'k6/metrics': ['Counter', 'Gauge', 'Rate', 'Trend', 'default'],
  'k6/execution': ['default'],
  'k6/experimental/timers': ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'default'],
  'k6/timers': ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'default'],
};

const WHY: Record<string, string> = {
  sleep: 'sleep() blocks the VU; await a timer instead',
  get: 'synchronous HTTP blocks the VU; use http.asyncRequest', post: 'synchronous HTTP blocks the VU; use http.asyncRequest',
  put: 'synchronous HTTP blocks the VU; use http.asyncRequest', del: 'synchronous HTTP blocks the VU; use http.asyncRequest',
  patch: 'synchronous HTTP blocks the VU; use http.asyncRequest', request: 'synchronous HTTP blocks the VU; use http.asyncRequest',
  batch: 'synchronous HTTP blocks the VU; use http.asyncRequest', head: 'synchronous HTTP blocks the VU; use http.asyncRequest',
};

const IMPORT = /import\s+([^'";]+?)\s+from\s*["'](k6(?:\/[\w/-]+)?)["']/g;
/**
 * The k6 bundle is CommonJS (load/bundle.ts): `var x = require("k6/http")`, which esbuild may wrap in
 * `__toESM(...)`; a named import is read as `x.name`, a default import's calls as `x.default.name(`.
 */
const REQUIRE = /\b([A-Za-z_$][\w$]*)\s*=\s*(?:__toESM\()?require\(\s*["'](k6(?:\/[\w/-]+)?)["']\s*\)/g;
const REQUIRE_MEMBER = /\brequire\(\s*["'](k6(?:\/[\w/-]+)?)["']\s*\)\.(\w+)/g;

export function unsupportedUses(bundle: string): string[] {
  const found = new Set<string>();
  for (const m of bundle.matchAll(IMPORT)) {
    const clause = m[1] as string;
    const module = m[2] as string;
    const supported = SUPPORTED[module];
    if (!supported) {
      found.add(`module ${module}`);
      continue;
    }
    const named = /\{([^}]*)\}/.exec(clause)?.[1] ?? '';
    for (const spec of named.split(',').map((s) => s.trim()).filter(Boolean)) {
      const imported = spec.split(/\s+as\s+/)[0] as string;
      if (!supported.includes(imported)) found.add(describe(module, imported));
    }
    // A default or namespace import: look at what is called on it.
    const local = /^(?:\*\s+as\s+)?([A-Za-z_$][\w$]*)/.exec(clause.replace(/\{[^}]*\}/, '').replace(/,\s*$/, '').trim())?.[1];
    if (local) {
      for (const call of bundle.matchAll(new RegExp(`\\b${local.replace(/\$/g, '\\$')}\\.(\\w+)\\s*\\(`, 'g'))) {
        const name = call[1] as string;
        if (!supported.includes(name)) found.add(describe(module, name));
      }
    }
  }
  addRequiredUses(bundle, found);
  return [...found];
}

function addRequiredUses(bundle: string, found: Set<string>): void {
  const check = (module: string, name: string) => {
    const supported = SUPPORTED[module];
    if (!supported) found.add(`module ${module}`);
    else if (!supported.includes(name)) found.add(describe(module, name));
  };
  for (const m of bundle.matchAll(REQUIRE_MEMBER)) check(m[1] as string, m[2] as string);
  for (const m of bundle.matchAll(REQUIRE)) {
    const local = (m[1] as string).replace(/\$/g, '\\$');
    const module = m[2] as string;
    if (!SUPPORTED[module]) found.add(`module ${module}`);
    for (const use of bundle.matchAll(new RegExp(`\\b${local}\\.(?:default\\.(\\w+)\\s*\\(|(\\w+))`, 'g'))) {
      const name = use[1] ?? (use[2] as string);
      if (name !== 'default') check(module, name);
    }
  }
}

function describe(module: string, name: string): string {
  return `${module === 'k6/http' ? 'http' : module}.${name}()${WHY[name] ? ` (${WHY[name]})` : ''}`;
}
