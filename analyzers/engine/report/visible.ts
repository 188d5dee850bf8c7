// Archive text is shown as it is, except for characters that would change how
// other text reads: bidirectional overrides and isolates (Trojan Source) are
// replaced by a visible marker, in every string of a report, before any UI or
// export renders it. Pure: the renderer uses it too.

const BIDI = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g;

export function visible(s: string): string {
  return s.replace(BIDI, (c) => `⟦U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}⟧`);
}

/** A deep copy of a JSON-like value with every string made visible. */
export function visibleDeep<T>(value: T): T {
  if (typeof value === 'string') return visible(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => visibleDeep(v)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = visibleDeep(v);
    return out as T;
  }
  return value;
}
