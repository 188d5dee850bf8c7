// How values read in every output: times, evidence locations, comm-path addresses, state tones.
import { describe, expect, it } from 'vitest';
import { commPathAddress, formatDate, formatSkew, formatSortKey, formatTime, location, stateTone, where } from './format.js';

describe('formatTime', () => {
  it('reads a report time with a space for the T, to the second', () => {
    expect(formatTime('2024-05-20T10:20:01')).toBe('2024-05-20 10:20:01');
    expect(formatTime('2024-05-20T10:20:01.123456')).toBe('2024-05-20 10:20:01');
  });
  it('keeps the fraction of a second only when asked', () => {
    expect(formatTime('2024-05-20T10:20:01.123456', 'keep')).toBe('2024-05-20 10:20:01.123456');
  });
  it('reads a missing time as nothing', () => {
    expect(formatTime(null)).toBe('');
    expect(formatTime(undefined)).toBe('');
    expect(formatTime('')).toBe('');
  });
  it('gives the day alone, and a sort key as the wall-clock time it stands for', () => {
    expect(formatDate('2024-05-20T10:20:01')).toBe('2024-05-20');
    expect(formatSortKey(Date.UTC(2024, 4, 20, 10, 20, 1, 500))).toBe('2024-05-20 10:20:01');
  });
});

describe('where a line of evidence is', () => {
  it('names the node, the member and the line', () => {
    expect(where({ node: 'lk-node1', path: 'var/log/lifekeeper.log', line: 4 })).toBe('lk-node1: var/log/lifekeeper.log:4');
    expect(where({ path: 'var/log/lifekeeper.log', line: 4 })).toBe('var/log/lifekeeper.log:4');
  });
  it('gives the path alone for a member as a whole (line 0)', () => {
    expect(where({ path: 'var/crash/core.1', line: 0 })).toBe('var/crash/core.1');
    expect(location({ path: 'var/crash/core.1', line: 0 }, 'en')).toBe('var/crash/core.1 (the file itself)');
    expect(location({ path: 'var/crash/core.1', line: 0 }, 'ja')).toBe('var/crash/core.1 (ファイル自体)');
    expect(location({ path: 'a.log', line: 7 }, 'ja')).toBe('a.log:7');
  });
});

describe('the address of a comm path', () => {
  it('is the device of a TTY path', () => {
    expect(commPathAddress({ type: 'TTY', device: '/dev/ttyS0', localAddress: '10.0.0.1', remoteAddress: '10.0.0.2' })).toBe('/dev/ttyS0');
    expect(commPathAddress({ type: 'TTY', device: null, localAddress: null, remoteAddress: null })).toBe('');
  });
  it('is local/remote for a TCP path, either side possibly unknown', () => {
    expect(commPathAddress({ type: 'TCP', device: '/dev/ttyS0', localAddress: '10.0.0.1', remoteAddress: '10.0.0.2' })).toBe('10.0.0.1/10.0.0.2');
    expect(commPathAddress({ type: 'TCP', device: null, localAddress: null, remoteAddress: '10.0.0.2' })).toBe('/10.0.0.2');
  });
});

describe('state tones and skew', () => {
  it('colours in-service and alive as good, failed and dead as critical, anything else muted', () => {
    expect(stateTone('ISP')).toBe('good');
    expect(stateTone('ALIVE')).toBe('good');
    expect(stateTone('ISU')).toBe('warning');
    expect(stateTone('OSF')).toBe('critical');
    expect(stateTone('DEAD')).toBe('critical');
    expect(stateTone('OSU')).toBe('muted');
    expect(stateTone('?')).toBe('muted');
    expect(stateTone('constructor')).toBe('muted');
  });
  it('gives a clock skew in whole seconds', () => {
    expect(formatSkew(2400, 'en')).toBe('2 s');
    expect(formatSkew(-1600, 'en')).toBe('-2 s');
    expect(formatSkew(2400, 'ja')).toBe('2 秒');
  });
});
