// k6 duration strings ("1m30s", "500ms", "2h") in milliseconds.

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

export function parseDuration(text: string | number | undefined, fallbackMs = 0): number {
  if (text === undefined) return fallbackMs;
  if (typeof text === 'number') return text;
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  if (!parts.length || parts.map((p) => p[0]).join('') !== text.trim()) throw new Error(`"${text}" is not a duration such as 500ms, 30s, 5m or 1h30m`);
  return parts.reduce((sum, p) => sum + Number(p[1]) * (UNIT_MS[p[2] as string] as number), 0);
}
