// The resync chart's axes: linear from zero in one unit by default, logarithmic when asked.
import { describe, expect, it } from 'vitest';
import type { Resync } from '../analyzers/facts/resync-history/index.js';
import { linearAxis, logAxis, resyncChart } from './resync-chart.js';

const resync = (time: string, size: string, bytes: number | null): Resync => ({
  kind: 'partial', action: 'resume', tag: 'datarep-x', device: null, size, bytes, time, offset: null, sortKey: Date.parse(`${time}Z`), evidence: { path: 'lifekeeper.log', line: 1, text: `resyncing ${size}` },
});

describe('the resync chart', () => {
  it('draws a linear axis from zero past the largest resync, its ticks in one unit', () => {
    const axis = linearAxis(3113851290);
    expect(axis.ticks.map((t) => t.label)).toEqual(['0', '1 GiB', '2 GiB', '3 GiB']);
    expect(axis.max).toBe(3 * 1024 ** 3);
    expect(linearAxis(694367027).ticks.map((t) => t.label)).toEqual(['0', '200 MiB', '400 MiB', '600 MiB', '800 MiB']);
    expect(linearAxis(0).ticks.map((t) => t.label)).toEqual(['0', '1 B']);
  });

  it('draws a log axis at the powers of 1024 around the sizes, a zero-byte resync on its floor', () => {
    expect(logAxis([0, 2306867, 3113851290]).ticks.map((t) => t.label)).toEqual(['1 MiB', '1 GiB', '1 TiB']);
    expect(logAxis([0]).ticks.map((t) => t.label)).toEqual(['1 B', '1 KiB']);
  });

  it('titles each bar with one size in the one convention, or the log\'s figure when it could not be read', () => {
    const chart = resyncChart([resync('2021-03-15T22:05:18', '2.9 GB', 3113851290), resync('2021-04-08T17:31:02', 'lots', null)]);
    expect(chart?.points.map((p) => p.title)).toEqual(['2021-03-15 22:05:18 datarep-x: 2.9 GiB', '2021-04-08 17:31:02 datarep-x: lots']);
    expect(resyncChart([])).toBeNull();
  });
});
