// Known problems the analyzer does not detect yet, and why (issue 20: the
// low-confidence candidates of the second research round). Data: the rule
// catalogue generator (cli/rules-doc.ts) renders it under the rules in
// docs/rules.md, so that a reader sees what is known but not checked.

export interface NotDetected {
  /** The id a rule would take. */
  id: string;
  problem: string;
  /** Why it is not a rule yet: what the archive would need to show, or what is not known. */
  because: string;
  /** Public sources; a source without an https link a reader can follow is named without one. */
  sources: ReadonlyArray<{ name: string; url?: string }>;
}

const SPS = 'https://docs.us.sios.com/spslinux';
const V8 = (page: number) => ({ name: `SPS for Linux v8 technical documentation, p.${page} (read from a mirror we cannot link)` });

export const NOT_DETECTED: readonly NotDetected[] = [
  {
    id: 'hana-stopped-outside-lifekeeper',
    problem: 'SAP HANA stopped with `sapcontrol Stop/StopWait` or `HDB stop` outside LifeKeeper: local recovery fails and the whole HANA hierarchy fails over',
    because: 'the sign would be a HANA quickCheck failure, a failed local recovery and a failover with no LifeKeeper remove before it; the kit\'s log lines for these are not public, and the SAP trace or shell history that shows the stop is not known to be in an archive',
    sources: [{ name: 'sap-hana-known-issues-restrictions (9.7.0)', url: `${SPS}/9.7.0/en/topic/sap-hana-known-issues-restrictions` }],
  },
  {
    id: 'syslog-tunables-missing-after-lkbackup',
    problem: '/etc/default/LifeKeeper restored from a pre-8.0 lkbackup lacks LKSYSLOGTAG and LKSYSLOGSELECTOR, so lifekeeper.log stays empty',
    because: 'whether a normal 8.x/9.x /etc/default/LifeKeeper always holds both keys has not been seen in a real archive; firing on their absence could be a false alarm on every node',
    sources: [V8(248)],
  },
  {
    id: 'nfs-export-still-in-etc-exports',
    problem: 'An export protected by an LK NFS resource is still listed in /etc/exports, so it is exported outside LifeKeeper\'s control (on the standby too)',
    because: 'the export path of an NFS (hanfs) resource is in its info field, whose layout is not public, and /etc/exports is not yet an input',
    sources: [{ name: 'configuring-nfs-server-with-lifekeeper (9.8.0)', url: `${SPS}/9.8.0/en/topic/configuring-nfs-server-with-lifekeeper` }],
  },
  {
    id: 'nfsv4-var-lib-nfs-not-symlink',
    problem: 'With an NFSv4 pseudo file system protected, /var/lib/nfs must be a symbolic link on both nodes; a plain directory on one node breaks the failover of NFSv4 state',
    because: 'an archive is not known to keep the file type of /var/lib/nfs (an `ls -l` of it); NFSv4 pseudo file systems are no longer supported from 9.6.0',
    sources: [{ name: 'configuring-nfs-server-with-lifekeeper (9.5.0)', url: `${SPS}/9.5.0/en/topic/configuring-nfs-server-with-lifekeeper` }],
  },
  {
    id: 'oracle-on-nfsv4',
    problem: 'Oracle recovery kit with NFS version 4 for the shared database storage (only NFS v3 supported)',
    because: 'the statement is from the v8 kit list and its validity for 9.x is unknown; the Oracle resources\' file systems would have to be matched with /proc/mounts',
    sources: [V8(260)],
  },
  {
    id: 'oracle-listener-left-on-old-primary',
    problem: 'After a failover caused by a network failure, the Oracle listener may keep running on the old primary',
    because: 'an archive is not known to hold a process list (ps), and the v8-era statement is not confirmed for 9.x',
    sources: [V8(260)],
  },
  {
    id: 'md-all-path-failure-race',
    problem: 'All-path failure with MD: the MD quickCheck recovers before lkscsid sees the failed disk, and with six or more hierarchies a local recovery does not check them all',
    because: 'the interleaving of MD quickCheck lines and lkscsid lines is our inference; the MD kit\'s messages are not public',
    sources: [V8(264)],
  },
  {
    id: 'license-hostid-changed',
    problem: 'A node-locked licence no longer matches the server\'s MAC address or HostID (NIC replaced, VM re-created): LifeKeeper does not start until the licence is rehosted',
    because: 'the Linux log text of a licence failure is not public, the .lic file\'s HostID field layout is a guess, and which 9.x editions are node-locked could not be read',
    sources: [{ name: 'SIOS blog: what is a license rehost', url: 'https://us.sios.com/blog/what-is-a-license-rehost/' }, { name: 'SIOS KB 360037361512', url: 'https://lkdkuserportal.sios.jp/hc/ja/articles/360037361512' }],
  },
  {
    id: 'sap-protection-level-maintenance',
    problem: 'SAP resource left at protection level BASIC or MINIMUM (meant for temporary maintenance): it is not stopped or restarted on failure',
    because: 'where the protection level appears in an archive (resource info or properties) is not documented',
    sources: [{ name: 'LifeKeeper 7.5 SAP kit: update protection level', url: 'https://docs.us.sios.com/Linux/7.5/LK4Lsrc/Output/Finals/Output/SAP/Content/recovery_kits/sap_recovery_kit_documentation/administration/update_protection_level.htm' }],
  },
  {
    id: 'api-credential-key-hostname-mismatch',
    problem: 'LifeKeeper API credentials stored under a name that is not exactly the other server\'s hostname',
    because: 'an archive is not known to hold the credential store\'s key list',
    sources: [{ name: 'lifekeeper-core-known-issues-restrictions (9.3.2, Japanese)', url: `${SPS}/9.3.2/ja/topic/lifekeeper-core-known-issues-restrictions` }],
  },
];
