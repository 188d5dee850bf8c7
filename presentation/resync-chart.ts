// The resync chart's numbers: each partial resync's size over time, and the size axis it is drawn against,
// linear from zero by default (a bar twice as tall is twice the data), or logarithmic when asked, labelled so.
import type { Resync } from '../analyzers/facts/resync-history/index.js';
import { formatBytes, formatDate, formatTime } from './format.js';

/** One tick of an axis: where (bytes) and what it says. */
export interface AxisTick {
  bytes: number;
  label: string;
}

export interface ResyncChartView {
  points: Array<{ sortKey: number; bytes: number; nonZero: boolean; title: string }>;
  from: string;
  to: string;
  /** The linear axis: 0 to `max` bytes, its ticks at round numbers of one unit. */
  linear: { max: number; ticks: AxisTick[] };
  /** The logarithmic axis: `min` to `max` bytes (powers of 1024), a tick at each power; a zero-byte resync sits on the floor. */
  log: { min: number; max: number; ticks: AxisTick[] };
}

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'] as const;

/** A round size as a tick names it: `0`, `512 MiB`, `1.5 GiB` (one unit, the one of the axis). */
function tickLabel(value: number, power: number): string {
  if (value === 0) return '0';
  const v = value / 1024 ** power;
  return `${Number.isInteger(v) ? v : Number(v.toFixed(2))} ${UNITS[power]}`;
}

/**
 * A linear axis from 0 past `max`, about four steps of 1, 2, 2.5 or 5 times a
 * power of ten in the unit (KiB, MiB ...) that `max` reads in.
 */
export function linearAxis(max: number): { max: number; ticks: AxisTick[] } {
  const top = Math.max(1, max);
  let power = 0;
  while (top >= 1024 ** (power + 1) && power < UNITS.length - 1) power++;
  const unit = 1024 ** power;
  const raw = top / unit / 4;
  const decade = 10 ** Math.floor(Math.log10(raw));
  // No step smaller than a byte.
  const step = Math.max(power === 0 ? 1 : 0, ([1, 2, 2.5, 5, 10].find((m) => m * decade >= raw) ?? 10) * decade);
  const steps = Math.max(1, Math.ceil(top / unit / step));
  const ticks = Array.from({ length: steps + 1 }, (_, i) => ({ bytes: i * step * unit, label: tickLabel(i * step * unit, power) }));
  return { max: steps * step * unit, ticks };
}

/** A logarithmic axis: from the power of 1024 at or under the smallest non-zero size to the one at or over the largest. */
export function logAxis(sizes: readonly number[]): { min: number; max: number; ticks: AxisTick[] } {
  const nonZero = sizes.filter((b) => b > 0);
  const lo = nonZero.length ? Math.floor(Math.log(Math.min(...nonZero)) / Math.log(1024)) : 0;
  const hi = Math.max(lo + 1, nonZero.length ? Math.ceil(Math.log(Math.max(...nonZero)) / Math.log(1024)) : 1);
  const from = Math.min(lo, UNITS.length - 2);
  const to = Math.min(Math.max(hi, from + 1), UNITS.length - 1);
  const ticks = Array.from({ length: to - from + 1 }, (_, i) => ({ bytes: 1024 ** (from + i), label: `1 ${UNITS[from + i]}` }));
  return { min: 1024 ** from, max: 1024 ** to, ticks };
}

/** The chart of a node's partial resyncs, or null when there is none. Sizes read in one convention (formatBytes: KiB, MiB, GiB). */
export function resyncChart(resyncs: readonly Resync[]): ResyncChartView | null {
  const partial = resyncs.filter((r) => r.kind === 'partial');
  if (partial.length === 0) return null;
  const sizes = partial.map((p) => p.bytes ?? 0);
  return {
    points: partial.map((p) => ({
      sortKey: p.sortKey,
      bytes: p.bytes ?? 0,
      nonZero: (p.bytes ?? 0) > 0,
      // A size that could not be read stays as the log wrote it.
      title: `${formatTime(p.time)} ${p.tag}: ${p.bytes !== null ? formatBytes(p.bytes) : (p.size ?? '?')}`,
    })),
    from: formatDate(partial[0]?.time),
    to: formatDate(partial[partial.length - 1]?.time),
    linear: linearAxis(Math.max(0, ...sizes)),
    log: logAxis(sizes),
  };
}
