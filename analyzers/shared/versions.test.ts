import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareKernelReleases, compareLifeKeeperVersions, lifeKeeperInRange, parseKernelRelease, rpmvercmp } from './versions.js';

describe('rpmvercmp orders as rpm does', () => {
  const cases: Array<[string, string, number]> = [
    ['1.0', '1.0', 0], ['1.0', '2.0', -1], ['2.0.1', '2.0', 1], ['2.0.1a', '2.0.1', 1],
    ['5.5p1', '5.5p2', -1], ['5.5p10', '5.5p1', 1], ['10xyz', '10.1xyz', -1], ['xyz10', 'xyz10.1', -1],
    ['1.0010', '1.9', 1], ['1.05', '1.5', 0], ['1.0', '1.fc4', 1], ['6.0.rc1', '6.0', 1], ['10b2', '10a1', 1],
    ['1.0~rc1', '1.0', -1], ['1.0~rc1', '1.0~rc2', -1], ['1.0^', '1.0', 1], ['1.0^git1', '1.0.1', -1],
    ['95.51', '95.6', 1], ['193.28.1.el8_2', '193.el8', 1],
  ];
  for (const [a, b, want] of cases) it(`${a} vs ${b}`, () => {
    expect(rpmvercmp(a, b)).toBe(want);
    expect(rpmvercmp(b, a)).toBe(want === 0 ? 0 : -want);
  });
});

describe('LifeKeeper versions', () => {
  it('9.10.0 is newer than 9.5.1, and ranges include their ends', () => {
    expect(compareLifeKeeperVersions('9.10.0', '9.5.1')).toBe(1);
    expect(compareLifeKeeperVersions('9.5.1', '9.5.2')).toBe(-1);
    expect(lifeKeeperInRange('9.5.1', '9.3.2', '9.5.1')).toBe(true);
    expect(lifeKeeperInRange('9.3.2', '9.3.2', '9.5.1')).toBe(true);
    expect(lifeKeeperInRange('9.5.2', '9.3.2', '9.5.1')).toBe(false);
    expect(lifeKeeperInRange('9.10.0', '9.6.1', null)).toBe(true);
  });
});

describe('kernel releases', () => {
  it('splits RHEL, SUSE and UEK releases', () => {
    expect(parseKernelRelease('4.18.0-193.28.1.el8_2.x86_64')).toEqual({ version: '4.18.0', release: '193.28.1.el8_2', flavor: null, arch: 'x86_64' });
    expect(parseKernelRelease('4.12.14-95.51-default')).toEqual({ version: '4.12.14', release: '95.51', flavor: 'default', arch: null });
    expect(parseKernelRelease('4.14.35-2025.400.8.el7uek.x86_64')).toMatchObject({ version: '4.14.35', release: '2025.400.8.el7uek', flavor: 'uek' });
  });
  it('orders them as rpm orders the kernel packages', () => {
    expect(compareKernelReleases('4.12.14-95.51-default', '4.12.14-95.6-default')).toBe(1);
    expect(compareKernelReleases('4.12.14-95.48-default', '4.12.14-95.51')).toBe(-1);
    expect(compareKernelReleases('4.12.14-197.37.1-default', '4.12.14-197.37.1')).toBe(0);
    expect(compareKernelReleases('4.14.35-2025.400.8.el7uek.x86_64', '4.14.35-2025.400.8')).toBe(1);
    expect(compareKernelReleases('4.14.35-2025.400.7.el7uek.x86_64', '4.14.35-2025.400.8')).toBe(-1);
    expect(compareKernelReleases('4.18.0-193.28.1.el8_2.x86_64', '4.18.0-193.el8.x86_64')).toBe(1);
  });
  it('never throws and is antisymmetric', () => {
    fc.assert(fc.property(fc.string({ maxLength: 30 }), fc.string({ maxLength: 30 }), (a, b) => {
      expect(rpmvercmp(a, b)).toBe(-rpmvercmp(b, a) || 0);
    }), { numRuns: 2000 });
  });
});
