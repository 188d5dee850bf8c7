// What LifeKeeper's message ids mean, as far as public sources say: the
// components their id prefixes name, and the ids whose meaning a public page
// gives (shared/knowledge/message-catalog.md). Only what a source says is
// here: an id without an entry is shown as "meaning not known", never guessed.
import type { Reference } from '../../engine/plugin/findings.js';
import { SOURCES } from '../../engine/plugin/sources.js';
import type { Text } from '../../engine/plugin/text.js';
import { text } from '../../engine/plugin/text.js';

export interface CatalogEntry {
  meaning: Text;
  /** What to do, only where the source says it. */
  action: Text | null;
  source: Reference;
}

/** Not among the shared sources (no rule cites it yet): the SAP HANA kit's administration page, which quotes 136266. */
const HANA_ADMIN: Reference = {
  source: 'sap-hana-resource-hierarchy-administration',
  title: text(
    'SIOS docs 9.7.0: SAP HANA resource hierarchy administration (message 136266)',
    'SIOS ドキュメント 9.7.0: SAP HANA リソース階層の管理 (メッセージ 136266)',
  ),
  url: 'https://docs.us.sios.com/spslinux/9.7.0/en/topic/sap-hana-resource-hierarchy-administration',
};

/**
 * The component each id prefix (the first three digits) belongs to, from the
 * ids of known components (message-catalog.md §1). A label for an id we know
 * nothing else of: "probably", never a meaning.
 */
export const COMPONENTS: Readonly<Record<string, Text>> = {
  '001': text('LifeKeeper core (LCD, resource actions)', 'LifeKeeper コア (LCD、リソース操作)'),
  '004': text('LifeKeeper core (LCD, resource actions)', 'LifeKeeper コア (LCD、リソース操作)'),
  '007': text('lkscsid (SCSI device monitoring)', 'lkscsid (SCSI デバイス監視)'),
  '010': text('LifeKeeper core (start-up, licensing)', 'LifeKeeper コア (起動、ライセンス)'),
  '011': text('LifeKeeper core (start-up, licensing)', 'LifeKeeper コア (起動、ライセンス)'),
  '104': text('DataKeeper', 'DataKeeper'),
  '112': text('SAP Recovery Kit', 'SAP Recovery Kit'),
  '124': text('File System Recovery Kit', 'ファイルシステム Recovery Kit'),
  '134': text('Quick Service Protection (QSP) Recovery Kit', 'Quick Service Protection (QSP) Recovery Kit'),
  '136': text('SAP HANA Recovery Kit', 'SAP HANA Recovery Kit'),
};

export const MESSAGES: Readonly<Record<string, CatalogEntry>> = {
  '001047': {
    meaning: text(
      'The quickCheck of the resource was ended by an ALRM signal (it timed out). The resource is not marked failed; it is checked again at the next interval.',
      'リソースの quickCheck が ALRM シグナルで終了しました(タイムアウト)。リソースは障害と判定されず、次の監視間隔で再度チェックされます。',
    ),
    action: text(
      'If it repeats, check how long the resource takes to answer, or raise the kit\'s quickCheck timeout.',
      '繰り返す場合は、リソースの応答時間を確認するか、キットの quickCheck のタイムアウトを延ばしてください。',
    ),
    source: SOURCES.kbAlrm,
  },
  '004217': {
    meaning: text(
      'Communication failure: the named system could not be reached over LifeKeeper\'s communication paths and is out of service.',
      '通信障害: 示されたシステムに LifeKeeper のコミュニケーションパスで到達できず、サービス停止状態です。',
    ),
    action: null,
    source: SOURCES.kbLogLevel,
  },
  '004788': {
    meaning: text(
      'A resource could not be removed during recovery, so LifeKeeper halted the system.',
      '回復処理中にリソースを停止できなかったため、LifeKeeper がシステムを停止しました。',
    ),
    action: null,
    source: SOURCES.kbLogLevel,
  },
  '007059': {
    meaning: text(
      'lkscsid\'s check of the device\'s sharing status failed.',
      'lkscsid によるデバイスの共有状態 (Device Sharing Status) の確認が失敗しました。',
    ),
    action: null,
    source: SOURCES.kbOci,
  },
  '007078': {
    meaning: text(
      'lkscsid found a failure on the SCSI device and is retrying.',
      'lkscsid が SCSI デバイスの障害を検出し、再試行しています。',
    ),
    action: null,
    source: SOURCES.kbOci,
  },
  '011138': {
    meaning: text(
      'LifeKeeper runs on an evaluation licence key that expires at midnight on the date given.',
      'LifeKeeper が評価ライセンスキーで動作しており、示された日の午前 0 時に期限が切れます。',
    ),
    action: null,
    source: SOURCES.sapConsole,
  },
  '104052': {
    meaning: text(
      'DataKeeper cannot get a unique hardware ID for the device (IDE-emulated disks, CCISS devices), so the mirror cannot be created on it.',
      'DataKeeper がデバイスの一意なハードウェア ID を取得できず(IDE エミュレーションのディスク、CCISS デバイス)、ミラーを作成できません。',
    ),
    action: text(
      'Use a GPT disk, or add the device to `device_pattern` (DEVNAME).',
      'GPT ディスクを使用するか、デバイスを `device_pattern` (DEVNAME) に追加してください。',
    ),
    source: SOURCES.ki932,
  },
  '124011': {
    meaning: text(
      'The mount options of a protected file system differ from the ones LifeKeeper stored (often after an OS or kernel update).',
      '保護対象のファイルシステムのマウントオプションが LifeKeeper に保存されたものと異なります(多くは OS やカーネルの更新後)。',
    ),
    action: null,
    source: SOURCES.th124011,
  },
  '134607': {
    meaning: text(
      'The quickCheck of a Quick Service Protection (QSP) resource failed: systemctl failed for its service.',
      'Quick Service Protection (QSP) リソースの quickCheck が失敗しました: 対象サービスに対する systemctl が失敗しています。',
    ),
    action: null,
    source: SOURCES.thQsp,
  },
  '136266': {
    meaning: text(
      'The SAP HANA database may not be in sync on this node, so, to protect the data, LifeKeeper does not restore the resource here.',
      'このノードの SAP HANA データベースが同期されていない可能性があるため、データ保護のため LifeKeeper はここでリソースを起動しません。',
    ),
    action: text(
      'Restore the resource on the previous source server so the resync completes; force it in service only if data loss is acceptable.',
      '直前のソースサーバーでリソースを起動して再同期を完了させてください。強制起動はデータ損失を許容できる場合のみ行ってください。',
    ),
    source: HANA_ADMIN,
  },
};

/** The component an id's prefix names, or null for a prefix of no known component. */
export function componentOf(msgid: string): Text | null {
  return COMPONENTS[msgid.slice(0, 3)] ?? null;
}

export function catalogEntry(msgid: string): CatalogEntry | null {
  return Object.hasOwn(MESSAGES, msgid) ? (MESSAGES[msgid] ?? null) : null;
}
