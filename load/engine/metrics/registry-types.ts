// Types the bundled k6 shims share with the registry, without pulling in its code.
export type MetricType = 'counter' | 'gauge' | 'rate' | 'trend';
export type Tags = Record<string, string>;
