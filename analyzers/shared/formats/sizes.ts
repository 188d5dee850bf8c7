// Sizes as DataKeeper prints them (`2.9 GB`, `662.2 MB`, `0.0 B`). The unit
// base is not documented; we assume binary multiples (1 KB = 1024 B), as md
// and most storage tools count, and say so in the resync analyzer's README.

const UNITS: Record<string, number> = { B: 0, K: 1, KB: 1, KIB: 1, M: 2, MB: 2, MIB: 2, G: 3, GB: 3, GIB: 3, T: 4, TB: 4, TIB: 4 };

export function parseSize(s: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([KMGT]?i?B|[KMGT])\s*$/i.exec(s);
  if (!m?.[1] || !m[2]) return null;
  const power = UNITS[m[2].toUpperCase()];
  if (power === undefined) return null;
  return Math.round(Number(m[1]) * 1024 ** power);
}
