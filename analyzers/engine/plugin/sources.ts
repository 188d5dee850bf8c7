// The public sources rules cite, each with an https link a customer can follow
// (an advisory, a KB article, a manual page, a public write-up). Our own notes
// (../shared/knowledge) say where each fact came from; a rule's README keeps
// what is our reading of several sources, and its references name the sources.
import type { Reference } from './findings.js';
import { httpsLink } from './findings.js';

const ref = (source: string, en: string, ja: string, url: string): Reference => ({ source, title: { en, ja }, url });

/** SIOS Protection Suite for Linux 9.x topic pages. */
const SPS = 'https://docs.us.sios.com/spslinux';
/** LifeKeeper for Linux 7.5 technical documentation (man pages and troubleshooting), still published by SIOS. */
const LK75 = 'https://docs.us.sios.com/Linux/7.5/LK4Lsrc/Output/Finals/Output/TechDoc/Content';
const KB = 'https://lkdkuserportal.sios.jp/hc/ja/articles';

export const SOURCES = {
  kbLkscsid: ref('KB-lkscsid', 'SIOS KB: lkscsid exits abnormally on LifeKeeper for Linux v9.5.0', 'SIOS KB: LifeKeeper for Linux v9.5.0 で lkscsid が異常終了する', `${KB}/900003059626`),
  hf9146: ref('HF-9146', 'SIOS hotfix PL-9146: md/raid1 data integrity patch (DataKeeper partial resync)', 'SIOS 修正パッチ PL-9146: md/raid1 データ整合性パッチ(DataKeeper 部分再同期)', 'https://ftp.us.sios.com/pickup/HOTFIX-PL-9146-raid1_data_integrity_patch/readme.txt'),
  kbOci: ref('KB-OCI', 'SIOS KB: failover delayed with iSCSI shared disks on Oracle Cloud Infrastructure', 'SIOS KB: OCI の iSCSI 共有ディスク構成でリソースが切り替わらない', `${KB}/5701171567257`),
  kbAlrm: ref('KB-alrm', 'SIOS KB: quickCheck ended by an ALRM signal (001047)', 'SIOS KB: ALRM シグナルによる quickCheck の終了 (001047)', `${KB}/900002549043`),
  kbLogLevel: ref('KB-loglevel', 'SIOS KB: LifeKeeper log levels and messages (004217, 004788)', 'SIOS KB: LifeKeeper のログレベルとメッセージ (004217, 004788)', `${KB}/900000881683`),
  kbDaemonRestart: ref('KB-daemon-restart', 'SIOS KB: how LifeKeeper restarts its resident processes', 'SIOS KB: LifeKeeper の常駐プロセスの再起動について', `${KB}/360037359732`),
  kbHeartbeat: ref('KB-hb', 'SIOS KB: heartbeats and communication path priority', 'SIOS KB: ハートビートとコミュニケーションパスの優先度', `${KB}/360037775231`),
  mirrorAdmin: ref('command-line-mirror-administration', 'SIOS docs 9.5.1: command-line mirror administration (mirror_action pause, resume, force, fullresync)', 'SIOS ドキュメント 9.5.1: コマンドラインでのミラー管理 (mirror_action の pause、resume、force、fullresync)', `${SPS}/9.5.1/ja/topic/command-line-mirror-administration`),
  statusDisplay: ref('detailed-status-display', 'SIOS docs 9.5.2: detailed status display (lcdstatus: resources, communication paths and their states)', 'SIOS ドキュメント 9.5.2: 詳細ステータス表示 (lcdstatus: リソース、コミュニケーションパスとその状態)', `${SPS}/9.5.2/ja/topic/detailed-status-display`),
  resourceStates: ref('resource-states', 'SIOS docs 9.3.2: resource states (ISP, ISU, OSF, OSU)', 'SIOS ドキュメント 9.3.2: リソースの状態 (ISP、ISU、OSF、OSU)', `${SPS}/9.3.2/ja/topic/resource-states`),
  osuMonitoring: ref('osu-resource-monitoring', 'SIOS docs 9.8.1: OSU resource monitoring (a failed check on the standby sets OSF)', 'SIOS ドキュメント 9.8.1: OSU リソースの監視 (待機系での監視失敗で OSF になる)', `${SPS}/9.8.1/en/topic/osu-resource-monitoring`),
  lkwmcStatus: ref('lkwmc-viewing-resource-and-server-status', 'SIOS docs 10.0: server status in LKWMC (Warning when a communication path is dead or not redundant)', 'SIOS ドキュメント 10.0: LKWMC のサーバー状態 (コミュニケーションパスが DEAD または冗長でない場合は Warning)', 'https://docs.us.sios.com/sps/10.0/en/topic/lkwmc-viewing-resource-and-server-status'),
  commonCauses: ref('common-causes-of-an-sps-initiated-failover', 'SIOS docs 9.6.2: common causes of an SPS-initiated failover (communication failure, resource failure, recovery)', 'SIOS ドキュメント 9.6.2: SPS によるフェイルオーバーの主な原因 (通信障害、リソース障害、リカバリー)', `${SPS}/9.6.2/en/topic/common-causes-of-an-sps-initiated-failover`),
  failoverCausesBlog: ref('what-causes-failovers-to-happen', 'SIOS blog: what causes failovers to happen (server failure, load, quorum, resource failure, switchover)', 'SIOS ブログ: フェイルオーバーが発生する原因(サーバー障害、高負荷、クォーラム、リソース障害、スイッチオーバー)', 'https://us.sios.com/blog/what-causes-failovers-to-happen/'),
  serverFailureRecovery: ref('server-failure-recovery-scenario', 'SIOS docs 9.9.0: server failure recovery scenario (all comm paths DEAD, comm_down, lcdmachfail)', 'SIOS ドキュメント 9.9.0: サーバー障害時のリカバリーの流れ (全コミュニケーションパスが DEAD になった場合)', `${SPS}/9.9.0/en/topic/server-failure-recovery-scenario`),
  quorumWitness: ref('quorum_witness', 'SIOS docs 9.3.1: quorum/witness ("quorum check failed": a node without quorum does not bring resources in service)', 'SIOS ドキュメント 9.3.1: クォーラム/ウィットネス(クォーラムのないノードはリソースを起動しない)', 'https://docs.us.sios.com/Linux/9.3.1/LK4L/TechDoc/Content/configuration/lifekeeper_io_fencing/quorum_witness.htm'),
  splitBrain: ref('split-brain', 'SIOS docs 9.5.2: what is "split brain" and how to avoid it', 'SIOS ドキュメント 9.5.2: スプリットブレインとその回避方法', `${SPS}/9.5.2/en/topic/what-is-quot-split-brain-quot-and-how-to-avoid-it`),
  heartbeat: ref('tuning-the-lifekeeper-heartbeat', 'SIOS docs 9.7.0: tuning the LifeKeeper heartbeat', 'SIOS ドキュメント 9.7.0: LifeKeeper ハートビートの調整', `${SPS}/9.7.0/en/topic/tuning-the-lifekeeper-heartbeat`),
  params981: ref('parameters-list', 'SIOS docs 9.8.1: parameters list of /etc/default/LifeKeeper (LCMPORT, heartbeat)', 'SIOS ドキュメント 9.8.1: /etc/default/LifeKeeper のパラメーター一覧 (LCMPORT、ハートビート)', `${SPS}/9.8.1/en/topic/parameters-list`),
  quorum: ref('quorum-parameters-list', 'SIOS docs: quorum parameters', 'SIOS ドキュメント: クォーラムのパラメーター', `${SPS}/9.9.0/en/topic/quorum-parameters-list`),
  qwkMajority: ref('qwk_majority', 'SIOS docs 9.3.1: majority quorum mode needs three or more nodes', 'SIOS ドキュメント 9.3.1: majority モードには 3 ノード以上が必要', 'https://docs.us.sios.com/Linux/9.3.1/LK4L/TechDoc/Content/configuration/lifekeeper_io_fencing/qwk_majority.htm'),
  disablingReservations: ref('disabling-reservations', 'SIOS docs 9.5.1: disabling SCSI reservations', 'SIOS ドキュメント 9.5.1: SCSI リザベーションの無効化', `${SPS}/9.5.1/en/topic/disabling-reservations`),
  lkscsid8: ref('lkscsid(8)', 'lkscsid(8) man page (LifeKeeper 7.5): SCSIHALT, FAILFASTTIMER', 'lkscsid(8) マニュアル (LifeKeeper 7.5): SCSIHALT、FAILFASTTIMER', `${LK75}/administration/man_pages/lkscsid_8_.htm`),
  dkParams: ref('datakeeper-parameters-list', 'SIOS docs 9.8.0: DataKeeper parameters (LKDR_*, the bitmap chunk size)', 'SIOS ドキュメント 9.8.0: DataKeeper のパラメーター (LKDR_*、ビットマップのチャンクサイズ)', `${SPS}/9.8.0/en/topic/datakeeper-parameters-list`),
  waitForMount: ref('wait-for-mount', 'SIOS docs 9.5.2+: LKDR_WAIT_TO_RESYNC', 'SIOS ドキュメント 9.5.2+: LKDR_WAIT_TO_RESYNC', `${SPS}/9.6.1/en/topic/wait-for-mount`),
  lcdFlags: ref('lifekeeper-flags', 'SIOS docs 8.7: LifeKeeper flags', 'SIOS ドキュメント 8.7: LifeKeeper フラグ', 'https://docs.us.sios.com/sps/8.7.0/en/topic/lifekeeper-flags'),
  confirmso: ref('lk_confirmso(1M)', 'lk_confirmso(1M) man page (LifeKeeper 7.5): failover confirmation (CONFIRMSODEF, CONFIRMSOTO)', 'lk_confirmso(1M) マニュアル (LifeKeeper 7.5): フェイルオーバー確認 (CONFIRMSODEF、CONFIRMSOTO)', `${LK75}/administration/man_pages/lk_confirmso_1m_.htm`),
  timeChange: ref('adjusting_system_date_time', 'SIOS docs 7.5: changing the system date and time with LifeKeeper running', 'SIOS ドキュメント 7.5: LifeKeeper 稼働中のシステム日時の変更', `${LK75}/troubleshooting/adjusting_system_date_time.htm`),
  ki951: ref('KI-951', 'SIOS docs 9.5.1: LifeKeeper core known issues and restrictions', 'SIOS ドキュメント 9.5.1: LifeKeeper コアの既知の問題と制限', `${SPS}/9.5.1/en/topic/lifekeeper-core-known-issues-restrictions`),
  ki962: ref('KI-962', 'SIOS docs 9.6.2: LifeKeeper core known issues and restrictions', 'SIOS ドキュメント 9.6.2: LifeKeeper コアの既知の問題と制限', `${SPS}/9.6.2/en/topic/lifekeeper-core-known-issues-restrictions`),
  ki932: ref('KI-932', 'SIOS docs 9.3.2: known issues (DataKeeper 104052, lkscsid halt)', 'SIOS ドキュメント 9.3.2: 既知の問題(DataKeeper 104052、lkscsid による停止)', `${SPS}/9.3.2/ja/topic/lifekeeper-core-known-issues-restrictions`),
  th124011: ref('TH-124011', 'TechHarmony: file system resource troubleshooting (124011 mount options)', 'TechHarmony: ファイルシステムリソースのトラブルシューティング (124011 マウントオプション)', 'https://blog.usize-tech.com/lifekeeper-filesystem-troubleshooting'),
  thQsp: ref('TechHarmony ?p=34575', 'TechHarmony: QSP quickCheck failure (134607)', 'TechHarmony: QSP の quickCheck 失敗 (134607)', 'https://blog.usize-tech.com/?p=34575'),
  sapConsole: ref('SAP-SIOS-HighAvailability (GitHub)', 'A published SPS 9.8.1 console session showing the evaluation licence message 011138', '評価ライセンスのメッセージ 011138 を含む、公開された SPS 9.8.1 のコンソール出力', 'https://github.com/mhkrish/SAP-SIOS-HighAvailability-ASCS-ERS-HANADB'),
  ipParams: ref('ip-parameters-list', 'SIOS docs: IP recovery kit parameters', 'SIOS ドキュメント: IP リカバリーキットのパラメーター', `${SPS}/9.9.0/en/topic/ip-parameters-list`),
  swraid: ref('software-raid-notes', 'SIOS docs 9.3.2: software RAID (md) notes and restrictions', 'SIOS ドキュメント 9.3.2: ソフトウェア RAID (md) の注意事項と制限', `${SPS}/9.3.2/ja/topic/software-raid-notes-and-restrictions`),
  linuxConfig92: ref('linux_configuration-9.2', 'SIOS docs 9.2: supported Linux distributions and kernels', 'SIOS ドキュメント 9.2: サポートされる Linux ディストリビューションとカーネル', 'https://docs.us.sios.com/Linux/9.2/LK4L/TechDoc/Content/configuration/linux_configuration.htm'),
  nfsServerKit: ref('nfs-server-recovery-kit-overview', 'SIOS docs 9.9.0: NFS Server Recovery Kit overview (NFS versions, mount options on the clients)', 'SIOS ドキュメント 9.9.0: NFS サーバーリカバリーキットの概要 (NFS のバージョン、クライアントのマウントオプション)', `${SPS}/9.9.0/en/topic/nfs-server-recovery-kit-overview`),
  hanaLastOwner: ref('sap-hana-last-owner-users-guide', 'SIOS docs 9.8.1: SAP HANA last owner and data consistency flags', 'SIOS ドキュメント 9.8.1: SAP HANA の最終オーナーとデータ整合性のフラグ', `${SPS}/9.8.1/en/topic/sap-hana-last-owner-users-guide`),
  hanaAdmin: ref('administration-of-sap-hana-resource', 'SIOS docs 9.4.1: administration of the SAP HANA resource (!volatile!noHANAremove)', 'SIOS ドキュメント 9.4.1: SAP HANA リソースの管理 (!volatile!noHANAremove)', `${SPS}/9.4.1/en/topic/administration-of-sap-hana-resource`),
  hanaKit: ref('sap-hana-recovery-kit', 'SIOS docs 9.4.1: SAP HANA recovery kit (OSF on an invalid System Replication state)', 'SIOS ドキュメント 9.4.1: SAP HANA リカバリーキット (システムレプリケーションが不正な状態での OSF)', `${SPS}/9.4.1/en/topic/sap-hana-recovery-kit`),
  hanaKnownIssues: ref('KI-HANA-970', 'SIOS docs 9.7.0: SAP HANA known issues and restrictions (mixed 9.7.0 and older nodes)', 'SIOS ドキュメント 9.7.0: SAP HANA の既知の問題と制限 (9.7.0 と旧バージョンの混在)', `${SPS}/9.7.0/en/topic/sap-hana-known-issues-restrictions`),
  hanaHierarchyAdmin: ref('sap-hana-resource-hierarchy-administration', 'SIOS docs 9.7.0: SAP HANA resource hierarchy administration (message 136266)', 'SIOS ドキュメント 9.7.0: SAP HANA リソース階層の管理 (メッセージ 136266)', `${SPS}/9.7.0/en/topic/sap-hana-resource-hierarchy-administration`),
  ki980ja: ref('KI-980', 'SIOS docs 9.8.0: LifeKeeper core known issues and restrictions (FS_UMOUNT_TIMEOUT)', 'SIOS ドキュメント 9.8.0: LifeKeeper コアの既知の問題と制限 (FS_UMOUNT_TIMEOUT)', `${SPS}/9.8.0/ja/topic/lifekeeper-core-known-issues-restrictions`),
  mappingConfigs: ref('mapping-server-configurations', 'SIOS docs 9.4.1: mapping server configurations (two comm paths on independent subnets, one private)', 'SIOS ドキュメント 9.4.1: サーバー構成の設計 (独立したサブネット上の 2 本のコミュニケーションパス、うち 1 本はプライベート)', `${SPS}/9.4.1/en/topic/mapping-server-configurations`),
  kbAllHbLost: ref('KB-360037887931', 'SIOS KB: behaviour when every heartbeat is lost with shared SCSI storage (RESERVE, BUS_DEVICE_RESET, BUS_RESET)', 'SIOS KB: 共有ディスク構成で全ハートビートが途絶えた場合の動作 (RESERVE、BUS_DEVICE_RESET、BUS_RESET)', `${KB}/360037887931`),
  fsHealth: ref('file-system-health-monitoring', 'SIOS docs: file system health monitoring (FILESYSFULLWARN 90, FILESYSFULLERROR 95)', 'SIOS ドキュメント: ファイルシステムの監視 (FILESYSFULLWARN 90、FILESYSFULLERROR 95)', `${SPS}/9.8.1/en/topic/file-system-health-monitoring`),
  linuxConfig: ref('linux-configuration', 'SIOS docs 9.9.0: supported Linux distributions and kernels', 'SIOS ドキュメント 9.9.0: サポートされる Linux ディストリビューションとカーネル', `${SPS}/9.9.0/en/topic/linux-configuration`),
  upgrading: ref('upgrading-sps', 'SIOS docs 9.5.1: upgrading (same version on all nodes)', 'SIOS ドキュメント 9.5.1: アップグレード(全ノード同一バージョン)', `${SPS}/9.5.1/en/topic/upgrading-sps`),
  ec2: ref('ec2-user-system-setup', 'SIOS docs 9.8.1: EC2 recovery kit setup (NOBCASTPING=1)', 'SIOS ドキュメント 9.8.1: EC2 リカバリーキットの設定 (NOBCASTPING=1)', `${SPS}/9.8.1/en/topic/ec2-user-system-setup`),
} as const satisfies Record<string, Reference>;

/** Names of our own notes: a reference that names one cites something a customer cannot read. */
const INTERNAL_NOTE = /\.md\b|sources\/|formats|known-issues|operator notes/i;

/** A host given as an address (IPv4, or IPv6 in brackets): a mirror or a test machine, not a page a customer can rely on. */
function isAddressHost(hostname: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(hostname) || hostname.startsWith('[');
}

/**
 * What keeps a reference from being one a reader can follow, in words (empty
 * when it is fine): no https URL, a URL to a bare IP address, or a source or
 * title that names one of our internal notes. Built-in rules must have none
 * (analyzers/meta.test.ts, analyzers/patterns/patterns.test.ts); for a rule
 * pack's rule the loader warns.
 */
export function referenceProblems(r: Reference): string[] {
  const problems: string[] = [];
  const link = httpsLink(r.url);
  if (!link) problems.push(r.url ? `its URL is not an https link (${r.url})` : 'it has no URL');
  else if (isAddressHost(new URL(link).hostname)) problems.push(`its URL points at a bare IP address (${r.url ?? ''})`);
  for (const [what, s] of [['source', r.source], ['title', r.title.en], ['Japanese title', r.title.ja]] as const) {
    if (INTERNAL_NOTE.test(s)) problems.push(`its ${what} names an internal note ("${s}")`);
  }
  return problems;
}
