import { describe, expect, it } from 'vitest';
import { runAnalyzer } from '../../engine/plugin/testing.js';
import lifekeeperVersion from '../../facts/lifekeeper-version/index.js';
import timeline from '../../facts/timeline/index.js';
import rule from './index.js';

const CRASH = 'Oct  2 14:12:05 n1 kernel: lcm[6847]: segfault at 0 ip 000000000040a1b2 sp 00007ffd1c2e1f10 error 4 in lcm[400000+3c000]\n';
const SCSID = 'Oct  2 14:12:05 n1 kernel: lkscsid[6847]: segfault at 0 ip 000000000040a1b2 sp 00007ffd1c2e1f10 error 4 in lkscsid[400000+3c000]\n';

describe('lifekeeper-daemon-crash', () => {
  it('reports a crashed LifeKeeper daemon', async () => {
    const run = await runAnalyzer(rule, { inputs: { syslog: CRASH, 'rpm-qa': 'steeleye-lk-9.6.2-7047.x86_64\n' } }, [lifekeeperVersion, timeline]);
    expect(run.findings.map((f) => f.title.en)).toEqual(['LifeKeeper daemon lcm crashed 1 time']);
  });
  it('leaves lkscsid crashes on 9.5.0 to the advisory rule, and ignores other programs', async () => {
    expect((await runAnalyzer(rule, { inputs: { syslog: SCSID, 'rpm-qa': 'steeleye-lk-9.5.0-7288.x86_64\n' } }, [lifekeeperVersion, timeline])).findings).toEqual([]);
    expect((await runAnalyzer(rule, { inputs: { syslog: SCSID, 'rpm-qa': 'steeleye-lk-9.5.1-7612.x86_64\n' } }, [lifekeeperVersion, timeline])).findings).toHaveLength(1);
    const other = 'Oct  2 14:12:05 n1 kernel: java[6847]: segfault at 0 ip 0 sp 0 error 4 in libjvm.so\n';
    expect((await runAnalyzer(rule, { inputs: { syslog: other } }, [timeline])).findings).toEqual([]);
  });

  it.each([
    ['the kernel', 'Oct  2 14:12:05 n1 kernel: lcm[6847]: segfault at 0 ip 000000000040a1b2 sp 00007ffd1c2e1f10 error 4 in lcm[400000+3c000]'],
    ['abrt', 'Oct  2 14:12:05 n1 abrt-hook-ccpp[7001]: Process 6847 (lcm) of user 0 killed by SIGSEGV - dumping core'],
    ['systemd-coredump (RHEL 8 and later)', 'Oct  2 14:12:06 n1 systemd-coredump[7002]: Process 6847 (lcm) of user 0 dumped core.'],
    ['systemd-coredump with an RFC 3339 header and CRLF', '2020-10-02T14:12:06.123456+09:00 n1 systemd-coredump[7002]: Process 6847 (lcm) of user 0 dumped core.\r'],
  ])('reads a crash as %s logs it', async (_by, line) => {
    const run = await runAnalyzer(rule, { inputs: { syslog: `${line}\n`, 'rpm-qa': 'steeleye-lk-9.6.2-7047.x86_64\n' } }, [lifekeeperVersion, timeline]);
    expect(run.findings.map((f) => f.title.en)).toEqual(['LifeKeeper daemon lcm crashed 1 time']);
  });
});
