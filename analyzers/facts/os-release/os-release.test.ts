import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runAnalyzer } from '../../engine/plugin/testing.js';
import osRelease from './index.js';
import { parseOsRelease, parseReleaseFile } from './parse.js';

describe('os-release', () => {
  it('reads ID and VERSION_ID from os-release', async () => {
    const run = await runAnalyzer(osRelease, { inputs: { 'os-release': 'NAME="SLES"\nVERSION="15-SP3"\nVERSION_ID="15.3"\nPRETTY_NAME="SUSE Linux Enterprise Server 15 SP3"\nID="sles"\n' } });
    expect(run.fact).toMatchObject({ id: 'sles', versionId: '15.3', prettyName: 'SUSE Linux Enterprise Server 15 SP3', evidence: [{ path: 'etc/os-release', line: 3 }] });
  });

  it('takes the minor version from centos-release when os-release gives only the major', async () => {
    const run = await runAnalyzer(osRelease, {
      inputs: { 'os-release': 'NAME="CentOS Linux"\nID="centos"\nVERSION_ID="8"\n', 'distro-release': 'CentOS Linux release 8.2.2004 (Core)\n' },
    });
    expect(run.fact).toMatchObject({ id: 'centos', versionId: '8', version: '8.2.2004' });
  });

  it('falls back to the release files of older systems', () => {
    expect(parseReleaseFile(['Red Hat Enterprise Linux Server release 7.8 (Maipo)'])).toMatchObject({ id: 'rhel', versionId: '7.8' });
    expect(parseReleaseFile(['Oracle Linux Server release 7.9'])).toMatchObject({ id: 'ol', versionId: '7.9' });
    expect(parseReleaseFile(['SUSE Linux Enterprise Server 12 (x86_64)', 'VERSION = 12', 'PATCHLEVEL = 4'])).toMatchObject({ id: 'sles', versionId: '12.4' });
    expect(parseReleaseFile(['SUSE Linux Enterprise Server 11 (x86_64)', 'VERSION = 11', 'PATCHLEVEL = 0'])).toMatchObject({ versionId: '11' });
  });

  it('is not checked without any release file', async () => {
    expect((await runAnalyzer(osRelease, {})).status.status).toBe('not-checked');
    expect(parseOsRelease(['# only a comment'])).toBeNull();
  });

  it('never throws on any input', () => {
    fc.assert(fc.property(fc.array(fc.string()), (lines) => {
      parseOsRelease(lines);
      parseReleaseFile(lines);
    }));
  });
});
