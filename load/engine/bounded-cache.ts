// A get-or-make cache for what the engine works out again and again from a few strings (header
// names, URLs): a script sends a bounded set of them, mostly, so the cache stops growing at a
// limit rather than holding every string an unusual script makes.

export function boundedCache<V>(limit: number, make: (key: string) => V): (key: string) => V {
  const cache = new Map<string, V>();
  return (key) => {
    let value = cache.get(key);
    if (value === undefined) {
      value = make(key);
      if (cache.size < limit) cache.set(key, value);
    }
    return value;
  };
}
