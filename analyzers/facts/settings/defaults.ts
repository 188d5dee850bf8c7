// Documented defaults of /etc/default/LifeKeeper keys, from
// ../shared/knowledge/known-issues.md §5 (SIOS parameter pages) unless marked.
// A key absent from this table has no known default: shown, never compared.

export interface KnownDefault {
  value: string;
  /** Short source name as in the knowledge files. */
  source: string;
  note?: string;
}

export const DEFAULTS: Readonly<Record<string, KnownDefault>> = {
  LCMHBEATTIME: { value: '5', source: 'tuning-the-lifekeeper-heartbeat', note: 'min 1 (TCP) / 2 (TTY); equal on all nodes' },
  LCMNUMHBEATS: { value: '3', source: 'tuning-the-lifekeeper-heartbeat', note: 'min 2; equal on all nodes' },
  LCMPORT: { value: '0', source: 'Params-9.8.1', note: '0 = automatic; equal on all nodes' },
  FAILFASTTIMER: { value: '5', source: 'lkscsid(8) 7.5' },
  SCSIHALT: { value: 'TRUE', source: 'lkscsid(8) 7.5' },
  REMOTETIMEOUT: { value: '900', source: 'Params' },
  CONFIRMSODEF: { value: '0', source: 'Params' },
  CONFIRMSOTO: { value: '600', source: 'lk_confirmso(1M)' },
  FS_KERNEL_RETRIES: { value: '60', source: 'Params' },
  FS_UMOUNT_RETRIES: { value: '1', source: 'Params' },
  FS_UMOUNT_TIMEOUT: { value: '30', source: 'Params' },
  FILESYSFULLWARN: { value: '90', source: 'file-system-health-monitoring' },
  FILESYSFULLERROR: { value: '95', source: 'file-system-health-monitoring' },
  LKCHECKINTERVAL: { value: '120', source: 'datakeeper-parameters-list' },
  QUORUM_MODE: { value: 'majority', source: 'quorum-parameters-list', note: 'the default once steeleye-lkQWK is installed' },
  WITNESS_MODE: { value: 'remote_verify', source: 'quorum-parameters-list' },
  QUORUM_LOSS_ACTION: { value: 'fastkill', source: 'quorum-parameters-list' },
  QUORUM_TIMEOUT_SECS: { value: '20', source: 'quorum-parameters-list' },
  ALLOW_EXTEND_WITH_QUORUM_ERROR: { value: 'false', source: 'quorum-parameters-list (9.9.0, 10.0)' },
  QWK_STORAGE_HBEATTIME: { value: '6', source: 'quorum-parameters-list', note: '5-10, at least LCMHBEATTIME' },
  QWK_STORAGE_NUMHBEATS: { value: '4', source: 'quorum-parameters-list', note: 'at least 3' },
  LKDR_CHUNK_SIZE: { value: '256', source: 'DK params', note: 'KB; a power of 2' },
  LKDR_CONNECT_NBD_DURING_RESTORE: { value: 'True', source: 'DK params (9.5.0+)' },
  LKDR_SPEED_LIMIT: { value: '500000', source: 'DK params', note: '50000 in 9.3.2' },
  LKDR_SPEED_LIMIT_MIN: { value: '20000', source: 'DK params' },
  LKDR_ASYNC_LIMIT: { value: '4096', source: 'DK params', note: '256 in 9.3.2' },
  LKDR_NO_FULL_SYNC: { value: '0', source: 'DK params' },
  LKDR_WAIT_TO_RESYNC: { value: 'filesys', source: 'wait-for-mount (9.5.2+)' },
  LKDR_PING_NUMBER: { value: '5', source: 'KB DataKeeper processing overview' },
  LKDR_PING_TIMEOUT: { value: '1', source: 'KB DataKeeper processing overview' },
  IP_PINGTRIES: { value: '3', source: 'ip-parameters-list' },
  IP_PINGTIME: { value: '1', source: 'ip-parameters-list' },
  IP_QUICKCHECK_TIMEOUT: { value: '12', source: 'ip-parameters-list (9.6.1+)' },
  NOIPUNIQUE: { value: '0', source: 'ip-parameters-list' },
  NOBCASTPING: { value: '0', source: 'ip-parameters-list' },
  IP_NOLINKCHECK: { value: '0', source: 'ip-parameters-list' },
  IP_MAX_LINKCHK: { value: '5', source: 'ip-parameters-list' },
  IP_WAIT_LINKDOWN: { value: '5', source: 'ip-parameters-list' },
  EC2_RESTORE_TIMEOUT: { value: '300', source: 'ec2-operations-overview' },
  EC2_REMOVE_TIMEOUT: { value: '300', source: 'ec2-operations-overview' },
  EC2_QUICKCHECK_TIMEOUT: { value: '100', source: 'ec2-operations-overview' },
  LKSYSLOGTAG: { value: 'LifeKeeper', source: 'SPS8-PDF p248' },
  LKSYSLOGSELECTOR: { value: 'local6', source: 'SPS8-PDF p248' },
  SWITCH_USER_CMD: { value: 'sudo', source: 'Params-9.9.0' },
  API_SSL_PORT: { value: '778', source: 'Azure-SAP [OBSERVED]' },
};

/** Numbers compare as numbers, words without case: `TRUE` = `true`, `0500` = `500`. */
export function sameValue(a: string, b: string): boolean {
  if (/^-?\d+$/.test(a) && /^-?\d+$/.test(b)) return Number(a) === Number(b);
  return a.toLowerCase() === b.toLowerCase();
}
