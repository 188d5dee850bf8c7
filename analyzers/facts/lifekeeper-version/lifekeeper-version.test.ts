import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runAnalyzer } from '../../engine/plugin/testing.js';
import lifekeeperVersion from './index.js';
import { parseNevra, parseRpmList } from './parse.js';

const RPMS = `bash-4.4.19-14.el8.x86_64
steeleye-lkDR-9.5.1-7612.noarch
steeleye-lk-9.5.1-7612.x86_64
steeleye-lkGUI-9.5.1-7612.x86_64
steeleye-lkFOO-9.5.1-7612.noarch
`;

describe('lifekeeper-version', () => {
  it('reads the version from the steeleye-lk package and lists the kits', async () => {
    const run = await runAnalyzer(lifekeeperVersion, { inputs: { 'rpm-qa': RPMS } });
    expect(run.fact).toMatchObject({
      version: '9.5.1',
      release: '7612',
      kits: ['DataKeeper', 'steeleye-lkFOO', 'GUI'],
      evidence: { path: 'cmd/rpm_-qa.out', line: 3, text: 'steeleye-lk-9.5.1-7612.x86_64' },
    });
  });

  it('says the core package is absent rather than guessing a version', async () => {
    const run = await runAnalyzer(lifekeeperVersion, { inputs: { 'rpm-qa': 'bash-4.4.19-14.el8.x86_64\n' } });
    expect(run.fact).toMatchObject({ version: null, packages: [] });
  });

  it('is not checked without rpm -qa', async () => {
    expect((await runAnalyzer(lifekeeperVersion, {})).status.reason?.en).toMatch(/no rpm -qa/);
  });

  it('splits name-version-release.arch from the right', () => {
    expect(parseNevra('steeleye-lk-9.10.0-8001.x86_64')).toEqual({ name: 'steeleye-lk', version: '9.10.0', release: '8001', arch: 'x86_64' });
    expect(parseNevra('iscsi-initiator-utils-6.2.1.2-1.gitfa2c3a7.el8.x86_64')).toMatchObject({ name: 'iscsi-initiator-utils', version: '6.2.1.2' });
    expect(parseNevra('gpg-pubkey-fd431d51-4ae0493b')).toBeNull();
    expect(parseRpmList(['steeleye-lk-9.5.1-7612.x86_64    Mon 20 May 2024 10:00:00 AM JST'])[0]?.version).toBe('9.5.1');
    // The forms the installed-packages fact reads, read alike: an epoch, --queryformat columns.
    expect(parseRpmList(['steeleye-lk-0:9.5.1-7612.x86_64', 'steeleye-lkIP 9.5.1 7612 noarch']).map((p) => `${p.name} ${p.version}-${p.release}`)).toEqual(['steeleye-lk 9.5.1-7612', 'steeleye-lkIP 9.5.1-7612']);
  });

  it('never throws on any input', () => {
    fc.assert(fc.property(fc.array(fc.string()), (lines) => void parseRpmList(lines)));
  });
});
