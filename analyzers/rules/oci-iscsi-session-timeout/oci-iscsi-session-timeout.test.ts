import { describe, expect, it } from 'vitest';
import { runAnalyzer } from '../../engine/plugin/testing.js';
import lifekeeperVersion from '../../facts/lifekeeper-version/index.js';
import settings from '../../facts/settings/index.js';
import timeline from '../../facts/timeline/index.js';
import rule from './index.js';

const LK = `Jul 14 06:58:01 oci-lk1 lkscsid[2201]: ERROR:lkscsid:::007059:lkscsid: Device Sharing Status failed on '/dev/sdb', result:-1.
Jul 14 06:58:01 oci-lk1 lkscsid[2201]: ERROR:lkscsid:::007078:lkscsid: DEVICE FAILURE on SCSI device '/dev/sdb', RETRY. ret=-1, errno=0x5, retry count=1.
`;
const STORM = `Jul 14 06:57:43 oci-lk1 iscsid: iscsid: re-opening session 1 (reopen_cnt 451)
Jul 14 06:57:45 oci-lk1 iscsid: iscsid: connect to 169.254.2.4:3260 failed (Connection refused)
`;
const LATER_STORM = 'Jul 16 06:57:43 oci-lk1 iscsid: iscsid: re-opening session 1 (reopen_cnt 3)\n';
const providers = [lifekeeperVersion, timeline, settings];
const node = (version: string, messages: string, timeout = 'node.session.timeo.replacement_timeout = 6000\n') => ({
  inputs: { 'rpm-qa': `steeleye-lk-${version}-7355.x86_64\n`, 'lifekeeper-log': LK, syslog: messages, 'iscsid-conf': timeout },
  mtime: new Date('2023-07-20T00:00:00Z'),
});

describe('oci-iscsi-session-timeout', () => {
  it('warns when lkscsid device failures come with iSCSI session re-opens, and shows the timeout', async () => {
    const run = await runAnalyzer(rule, node('9.7.0', STORM), providers);
    expect(run.findings.map((f) => f.severity)).toEqual(['warning']);
    expect(run.findings[0]?.summary.en).toMatch(/replacement_timeout is 6000 s \(the OCI image value\)/);
    expect(run.findings[0]?.summary.en).toContain('169.254.2.x');
    expect(run.findings[0]?.evidence.map((e) => e.path)).toContain('etc/iscsi/iscsid.conf');
  });

  it('is silent before 9.6.1, without re-opens, and when the two are days apart', async () => {
    expect((await runAnalyzer(rule, node('9.6.0', STORM), providers)).findings).toEqual([]);
    expect((await runAnalyzer(rule, node('9.7.0', 'Jul 14 06:57:43 oci-lk1 systemd[1]: Started x.\n'), providers)).findings).toEqual([]);
    expect((await runAnalyzer(rule, node('9.7.0', LATER_STORM), providers)).findings).toEqual([]);
  });

  it('warns without rpm -qa too (the wait is the initiator\'s), saying the version could not be checked', async () => {
    const { 'rpm-qa': _rpm, ...inputs } = node('9.7.0', STORM).inputs;
    const run = await runAnalyzer(rule, { inputs, mtime: new Date('2023-07-20T00:00:00Z') }, providers);
    expect(run.findings.map((f) => f.severity)).toEqual(['warning']);
    expect(run.findings[0]?.summary.en).toContain('the LifeKeeper version could not be checked against the advisory\'s (9.6.1 and later)');
    expect(run.findings[0]?.summary.ja).toContain('v9.6.1 以降');
  });

  it('says when the timeout is not in the archive', async () => {
    const run = await runAnalyzer(rule, node('9.10.0', STORM, '# empty\n'), providers);
    expect(run.findings[0]?.summary.en).toMatch(/not in the archive/);
  });

  it('is not checked, not passed, when the archive has no messages (the iSCSI side is only there)', async () => {
    const { syslog: _syslog, ...inputs } = node('9.7.0', STORM).inputs;
    const run = await runAnalyzer(rule, { inputs, mtime: new Date('2023-07-20T00:00:00Z') }, providers);
    expect([run.status.status, run.status.reason?.en]).toEqual(['not-checked', 'no messages/syslog in the archive']);
  });
});
