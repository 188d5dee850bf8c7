// Sizes as DataKeeper prints them (`2.9 GB`, `662.2 MB`, `0.0 B`). The unit
// base is not documented; we assume binary multiples (1 KB = 1024 B), as md
// and most storage tools count, and say so in the resync analyzer's README.

const UNITS: Record<string, number> = { B: 0, K: 1, KB: 1, KIB: 1, M: 2, MB: 2, MIB: 2, G: 3, GB: 3, GIB: 3, T: 4, TB: 4, TIB: 4 };

/**
 * The largest size read as a number: 2^53 - 1 bytes (8 PiB), the largest
 * integer a double holds exactly and far past any mirror. Past it a size is
 * out of range (10^400 TB printed as "Infinity" and drew height="NaN").
 */
export const MAX_SIZE_BYTES = Number.MAX_SAFE_INTEGER;

/** Bytes of a size as logged, or null when it is not a size or out of range (negative, not finite, past MAX_SIZE_BYTES). */
export function parseSize(s: string): number | null {
  // `2.9 GB` and `2.9GB` (the advisory quotes both), thousands separators (`1,024.0 MB`), a full stop after the unit.
  const m = /^\s*(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*([KMGT]?i?B|[KMGT])\.?\s*$/i.exec(s);
  if (!m?.[1] || !m[2]) return null;
  const power = UNITS[m[2].toUpperCase()];
  if (power === undefined) return null;
  const bytes = Math.round(Number(m[1].replace(/,/g, '')) * 1024 ** power);
  return Number.isSafeInteger(bytes) && bytes >= 0 ? bytes : null;
}
