import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { InputId } from './inputs.js';
import { candidateInputs, chooseBySignature, treeAnchor } from './inputs.js';

/** Member path → the logical input it must be found as (by name; content decides lcdstatus forms). */
const NAMES: Array<[string, InputId | null]> = [
  ['node1.20240520/var/log/lifekeeper.log', 'lifekeeper-log'],
  ['x/var/log/lifekeeper.log-20240520', 'lifekeeper-log'],
  ['x/var/log/lifekeeper.log.1', 'lifekeeper-log'],
  ['var_log_lifekeeper.log', 'lifekeeper-log'],
  ['a/b/c/var/log/messages', 'syslog'],
  ['x/var/log/messages-20240519', 'syslog'],
  ['var_log_messages.1', 'syslog'],
  ['x/var/log/syslog', 'syslog'],
  ['x/etc/default/LifeKeeper', 'lifekeeper-defaults'],
  ['etc_default_LifeKeeper', 'lifekeeper-defaults'],
  ['x/etc/default/LifeKeeper.pl', null],
  ['x/etc/os-release', 'os-release'],
  ['etc_os-release', 'os-release'],
  ['x/etc/redhat-release', 'distro-release'],
  ['x/etc/SuSE-release', 'distro-release'],
  ['cmd/uname_-a', 'uname'],
  ['uname-a.out', 'uname'],
  ['uname.txt', 'uname'],
  ['x/uname -r', 'uname'],
  ['cmd/rpm_-qa.out', 'rpm-qa'],
  ['rpm-qa.out', 'rpm-qa'],
  ['rpm.txt', 'rpm-qa'],
  ['sos_commands/rpm/rpm -qa', 'rpm-qa'],
  ['x/installed-rpms', 'rpm-qa'],
  ['x/lcdstatus', 'lcdstatus'],
  ['x/lcdstatus_-q.out', 'lcdstatus-q'],
  ['x/lcdstatus -e', 'lcdstatus'],
  ['_opt_LifeKeeper_bin_lcdstatus_-q', 'lcdstatus-q'],
  ['x/ins_list.out', 'ins-list'],
  ['dep_list', 'dep-list'],
  ['x/eqv_list.txt', 'eqv-list'],
  ['flg_list', 'flg-list'],
  ['net_list.out', 'net-list'],
  ['sys_list', 'sys-list'],
  ['x/hostname', 'hostname'],
  ['hostname.txt', 'hostname'],
  ['x/etc/hostname', 'hostname'],
  ['x/date', 'date'],
  ['date.out', 'date'],
  ['x/df_-h', 'df'],
  ['df.txt', 'df'],
  ['x/proc/mdstat', 'mdstat'],
  ['proc_mdstat', 'mdstat'],
  ['x/mirror_status', 'mirror-status'],
  ['x/mirror_status_datarep-data.out', 'mirror-status'],
  ['x/etc/iscsi/iscsid.conf', 'iscsid-conf'],
  ['etc_iscsi_iscsid.conf', 'iscsid-conf'],
  ['x/opt/LifeKeeper/subsys/scsi/resources/netraid/datarep-data_data_corrupt', 'netraid-flag'],
  ['opt_LifeKeeper_subsys_scsi_resources_netraid_last_owner', 'netraid-flag'],
  ['x/proc/mounts', 'mounts'],
  ['proc_mounts', 'mounts'],
  ['x/etc/mtab', 'mounts'],
  ['cmd/mount.out', 'mounts'],
  ['cmd/mount_-l', 'mounts'],
  ['x/proc/self/mountinfo', null],
  ['x/etc/fstab', 'fstab'],
  ['etc_fstab', 'fstab'],
  ['x/etc/mdadm.conf', 'mdadm-conf'],
  ['x/etc/mdadm/mdadm.conf', 'mdadm-conf'],
  ['x/var/crash/core.lkscsid.6847', 'core-file'],
  ['x/core', 'core-file'],
  ['x/lkscsid.core', 'core-file'],
  ['x/usr/share/doc/README', null],
  ['x/etc/hosts', null],
];

describe('logical inputs are found by name under any prefix and in every naming style', () => {
  for (const [path, expected] of NAMES) {
    it(`${path} → ${expected ?? 'not an input'}`, () => {
      const first = chooseBySignature(candidateInputs(path), '');
      expect(first?.id ?? null).toBe(expected === 'lcdstatus-q' ? 'lcdstatus' : expected);
    });
  }
});

describe('the content tells the lcdstatus forms apart', () => {
  const candidates = candidateInputs('x/lcdstatus.out');
  it('short form with LOCAL header', () => {
    expect(chooseBySignature(candidates, 'LOCAL     TAG   ID    STATE     PRIO  PRIMARY\n')?.id).toBe('lcdstatus-q');
  });
  it('short form with BACKUP header', () => {
    expect(chooseBySignature(candidates, 'BACKUP   TAG                ID          STATE     PRIO  PRIMARY\n')?.id).toBe('lcdstatus-e');
  });
  it('a short form with only its comm path table', () => {
    expect(chooseBySignature(candidates, 'MACHINE  NETWORK ADDRESSES/DEVICE  STATE  PRIO\n')?.id).toBe('lcdstatus-q');
  });
  it('long form otherwise', () => {
    expect(chooseBySignature(candidates, 'ROOT of RESOURCE HIERARCHY\n')?.id).toBe('lcdstatus');
  });
});

describe('member names from an archive (any text, attacker-chosen)', () => {
  it('map to inputs without throwing, whatever the name and content', () => {
    const segment = fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('var', 'log', 'lifekeeper.log', 'cmd', 'lcdstatus', '..', 'proc', 'mdstat', 'etc', 'default', 'LifeKeeper', '-q', '_'));
    fc.assert(fc.property(fc.array(segment, { maxLength: 12 }).map((p) => p.join('/')), fc.string({ maxLength: 200 }), (path, head) => {
      const candidates = candidateInputs(path);
      expect(Array.isArray(candidates)).toBe(true);
      chooseBySignature(candidates, head);
    }), { numRuns: 3000 });
  });

  it('map in linear time, even 100,000 characters long', () => {
    for (const path of ['a/'.repeat(50_000), `${'var/log/'.repeat(12_500)}lifekeeper.log`, `${'_'.repeat(100_000)}mdstat`, `cmd/${'lcdstatus_-'.repeat(9_000)}q.out`]) {
      const t = performance.now();
      chooseBySignature(candidateInputs(path), ' '.repeat(10_000));
      expect(performance.now() - t, path.slice(0, 40)).toBeLessThan(500);
    }
  });
});

describe('treeAnchor: where the lksupport tree of a member starts', () => {
  it('knows a tree by its own LifeKeeper files (strong) and by the first folder of a path mirror or a flattened name (weak)', () => {
    expect(treeAnchor('n1/lk-1.20201006/etc/default/LifeKeeper')).toEqual({ root: 'n1/lk-1.20201006/', strong: true });
    expect(treeAnchor('n2/tmp/lksupport/lk-2/var/log/lifekeeper.log')).toEqual({ root: 'n2/tmp/lksupport/lk-2/', strong: true });
    expect(treeAnchor('var/log/lifekeeper.log')).toEqual({ root: '', strong: true });
    expect(treeAnchor('node2/lksupport/var_log_lifekeeper.log')).toEqual({ root: 'node2/lksupport/', strong: true });
    expect(treeAnchor('node2/lksupport/etc_default_LifeKeeper')).toEqual({ root: 'node2/lksupport/', strong: true });
    // A rotated log, a command output, an opt/LifeKeeper file: the first mirror folder.
    expect(treeAnchor('n1/lk-1/var/log/lifekeeper.log.1.gz')).toEqual({ root: 'n1/lk-1/', strong: false });
    expect(treeAnchor('n1/lk-1/cmd/lcdstatus_-q.out')).toEqual({ root: 'n1/lk-1/', strong: false });
    expect(treeAnchor('n1/lk-1/opt/LifeKeeper/var/log/x')).toEqual({ root: 'n1/lk-1/', strong: false });
    expect(treeAnchor('node2/lksupport/var_log_messages')).toEqual({ root: 'node2/lksupport/', strong: false });
    // A folder entry counts its own name; a file named like a folder does not.
    expect(treeAnchor('n1/lk-1/var', true)).toEqual({ root: 'n1/lk-1/', strong: false });
    expect(treeAnchor('n1/lk-1/var')).toBeNull();
    expect(treeAnchor('n1/lk-1/etc/default/LifeKeeper', true)?.strong).toBe(false);
    // Nothing in the path says: a flattened tree's date output, a loose note.
    expect(treeAnchor('node2/lksupport/date.txt')).toBeNull();
    expect(treeAnchor('README.txt')).toBeNull();
  });

  it('reads attacker-chosen paths in linear time, 100,000 characters long', () => {
    for (const path of ['a/'.repeat(50_000), `${'x/'.repeat(50_000)}etc/default/LifeKeeper`, `${'/'.repeat(100_000)}var_log_lifekeeper.log`]) {
      const t = performance.now();
      treeAnchor(path);
      expect(performance.now() - t, path.slice(0, 40)).toBeLessThan(500);
    }
  });
});
