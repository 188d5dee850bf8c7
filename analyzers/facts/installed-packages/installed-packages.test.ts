import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runAnalyzer } from '../../engine/plugin/testing.js';
import { MAX_PACKAGES } from '../../engine/run/budget.js';
import { parseRpmLine } from '../../shared/formats/rpm.js';
import type { InstalledPackagesFact } from './index.js';
import installedPackages from './index.js';

/** The analyzer's run, its fact typed. */
async function runPackages(fixture: Parameters<typeof runAnalyzer>[1]) {
  const run = await runAnalyzer(installedPackages, fixture);
  return { ...run, fact: run.fact as InstalledPackagesFact | undefined };
}

describe('installed-packages', () => {
  it('lists every package with the line that shows it, kernels installed twice as two', async () => {
    const run = await runPackages({ inputs: { 'rpm-qa': 'kernel-4.18.0-305.el8.x86_64\nkernel-4.18.0-348.el8.x86_64\nbash-4.4.19-14.el8.x86_64\n' } });
    expect(run.fact?.packages.map((p) => `${p.name} ${p.version}-${p.release}`)).toEqual(['kernel 4.18.0-305.el8', 'kernel 4.18.0-348.el8', 'bash 4.4.19-14.el8']);
    expect(run.fact?.packages[2]?.evidence).toEqual({ path: 'cmd/rpm_-qa.out', line: 3, text: 'bash-4.4.19-14.el8.x86_64' });
    expect(run.fact?.dropped).toBe(0);
  });

  it('counts the lines that are no package as unread, and skips blank and # lines', async () => {
    const run = await runPackages({ inputs: { 'rpm-qa': '# rpm -qa\n\nerror: rpmdb: BDB0113 Thread/process 1234/5678 failed\nbash-4.4.19-14.el8.x86_64\nName Version Release\n' } });
    expect(run.fact?.packages).toHaveLength(1);
    const member = run.node.members.read.find((m) => m.input === 'rpm-qa');
    expect(member?.unread?.lines).toBe(2);
    expect(member?.unread?.first.map((e) => e.line)).toEqual([3, 5]);
  });

  it('keeps a package listed twice once', async () => {
    const run = await runPackages({ inputs: { 'rpm-qa': 'bash-4.4.19-14.el8.x86_64\nbash-4.4.19-14.el8.x86_64    Mon 03 Jun 2024 09:12:44 AM JST\n' } });
    expect(run.fact?.packages).toHaveLength(1);
  });

  it('keeps the first MAX_PACKAGES packages, counts the rest and says so', async () => {
    const lines = Array.from({ length: MAX_PACKAGES + 3 }, (_, i) => `pkg${i}-1.0-1.el8.x86_64`).join('\n');
    const run = await runPackages({ inputs: { 'rpm-qa': `${lines}\n` } });
    expect(run.fact?.packages).toHaveLength(MAX_PACKAGES);
    expect(run.fact?.dropped).toBe(3);
    expect(run.status.reason?.en).toBe(`3 packages past the first ${MAX_PACKAGES} were not kept`);
  });

  it('is not checked without rpm -qa', async () => {
    expect((await runAnalyzer(installedPackages, {})).status.reason?.en).toMatch(/no rpm -qa/);
  });

  describe('reading a line', () => {
    it('splits names with dashes from the right, and releases with dots', () => {
      expect(parseRpmLine('perl-IO-Socket-SSL-2.066-4.module+el8.3.0+6446+594cad75.noarch')).toEqual({ name: 'perl-IO-Socket-SSL', epoch: null, version: '2.066', release: '4.module+el8.3.0+6446+594cad75', arch: 'noarch' });
      expect(parseRpmLine('glibc-2.28-164.el8_5.3.i686')).toMatchObject({ name: 'glibc', release: '164.el8_5.3', arch: 'i686' });
    });
    it('reads an epoch before the name or the version, and (none) as no epoch', () => {
      expect(parseRpmLine('1:NetworkManager-1.30.0-7.el8.x86_64')).toMatchObject({ name: 'NetworkManager', epoch: '1', version: '1.30.0' });
      expect(parseRpmLine('openssl-libs-1:1.1.1k-5.el8_5.x86_64')).toMatchObject({ name: 'openssl-libs', epoch: '1', version: '1.1.1k', release: '5.el8_5' });
      expect(parseRpmLine('bash-(none):4.4.19-14.el8.x86_64')).toMatchObject({ name: 'bash', epoch: null, version: '4.4.19' });
    });
    it('reads a list without arches, with --last dates, and --queryformat columns', () => {
      expect(parseRpmLine('bash-4.4.19-14.el8')).toEqual({ name: 'bash', epoch: null, version: '4.4.19', release: '14.el8', arch: null });
      expect(parseRpmLine('gpg-pubkey-fd431d51-4ae0493b')).toMatchObject({ name: 'gpg-pubkey', version: 'fd431d51', release: '4ae0493b' });
      expect(parseRpmLine('steeleye-lk-9.7.0-7188.x86_64    Mon 03 Jun 2024 09:12:44 AM JST')).toMatchObject({ name: 'steeleye-lk', version: '9.7.0' });
      expect(parseRpmLine('steeleye-lk-9.7.0-7188.x86_64    2024年06月03日 09時12分44秒')).toMatchObject({ name: 'steeleye-lk', version: '9.7.0' });
      expect(parseRpmLine('bash 4.4.19 14.el8 x86_64')).toEqual({ name: 'bash', epoch: null, version: '4.4.19', release: '14.el8', arch: 'x86_64' });
      expect(parseRpmLine('openssl-libs 1 1.1.1k 5.el8_5 x86_64')).toMatchObject({ name: 'openssl-libs', epoch: '1', version: '1.1.1k' });
      expect(parseRpmLine('bash\t(none)\t4.4.19\t14.el8')).toMatchObject({ name: 'bash', epoch: null, release: '14.el8', arch: null });
    });
    it('takes junk for no package', () => {
      for (const junk of ['Name Version Release Arch', 'warning: Generating 12 missing index(es), please wait...', 'error: rpmdb: BDB0113 Thread/process 1234/5678 failed', '----', 'foo-bar-baz', 'bash-4.4.19', '-4.4.19-14.el8', 'bash--14.el8']) {
        expect(parseRpmLine(junk), junk).toBeNull();
      }
    });
    it('never throws on any input', () => {
      fc.assert(fc.property(fc.string(), (line) => void parseRpmLine(line)));
    });
  });
});
