// Every word the outputs print around the report's own text, in English and Japanese: one table for the CLI, the app and the exports.
import type { Severity } from '../analyzers/engine/plugin/findings.js';
import type { Lang } from '../analyzers/engine/plugin/text.js';
import { COLLECT, COMM_PATH, EVIDENCE, FULL_RESYNC, HIERARCHY, MIRROR, PARTIAL_RESYNC, PEER_NODE, REFERENCES, RESYNC } from './glossary.js';

/**
 * Labels, headings and short phrases. Where the text summary and the app word
 * the same thing differently (a row label beside a value vs a section
 * heading), both are here under their own keys; a label used both at the head
 * of a row and inside a sentence is stored once, capitalised, and
 * `inlineLabel` gives the sentence form. The fixed terms (コミュニケーションパス,
 * 該当箇所, 参考情報, 対向ノード ...) come from the glossary.
 */
const LABELS = {
  productName: { en: 'LifeKeeper Support Analyzer', ja: 'LifeKeeper サポートアナライザー' },
  appName: { en: 'LifeKeeper Support Analyzer', ja: 'LifeKeeper サポートアナライザー' },
  archives: { en: 'Archives', ja: 'アーカイブ' },
  noArchives: { en: 'No archive yet. Open the lksupport archives (.tar.gz) of one or more nodes, or the .zip / .tar that holds them, or drop them on this window.', ja: 'アーカイブがありません。1 つ以上のノードの lksupport アーカイブ (.tar.gz)、またはそれらをまとめた .zip / .tar を開くか、このウィンドウにドロップしてください。' },
  open: { en: 'Open…', ja: '開く…' },
  analyze: { en: 'Analyze', ja: '解析' },
  cancel: { en: 'Cancel', ja: '中止' },
  reading: { en: 'Reading', ja: '読込中' },
  language: { en: '日本語', ja: 'English' },
  theme: { en: 'Theme', ja: 'テーマ' },
  exportHtml: { en: 'Export HTML', ja: 'HTML 出力' },
  exportPdf: { en: 'Export PDF', ja: 'PDF 出力' },
  exportJson: { en: 'Export JSON', ja: 'JSON 出力' },
  exported: { en: 'Exported', ja: '出力しました' },
  // Exports for a ticket (issue 17): the case number, the timeline's scope, progress and the notice of the result.
  caseNumber: { en: 'Case', ja: 'ケース番号' },
  casePlaceholder: { en: 'Case no.', ja: 'ケース番号' },
  timelineScope: { en: 'Timeline in exports', ja: '出力するタイムライン' },
  timelineAll: { en: 'all events', ja: 'すべて' },
  timelineWarnings: { en: 'warnings and up', ja: '警告以上' },
  timelineNone: { en: 'none', ja: 'なし' },
  exporting: { en: 'Exporting…', ja: '出力中…' },
  exportCancelled: { en: 'Export cancelled', ja: 'エクスポートを中止しました' },
  analysisCancelled: { en: 'Analysis cancelled', ja: '解析を中止しました' },
  uploadCancelled: { en: 'Opening cancelled', ja: '読み込みを中止しました' },
  dismiss: { en: 'Dismiss', ja: '閉じる' },
  uploading: { en: 'Opening', ja: '読み込み中' },
  changeArchives: { en: 'Archives', ja: 'アーカイブ' },
  node: { en: 'Node', ja: 'ノード' },
  collected: { en: 'Collected', ja: `${COLLECT.ja}日時` },
  lifekeeper: { en: 'LifeKeeper', ja: 'LifeKeeper' },
  os: { en: 'OS', ja: 'OS' },
  kernel: { en: 'Kernel', ja: 'カーネル' },
  kits: { en: 'Kits', ja: 'キット' },
  unknown: { en: 'unknown', ja: '不明' },
  notInstalled: { en: 'not found in rpm -qa', ja: 'rpm -qa に見つかりません' },
  read: { en: 'Read', ja: '読込' },
  coreFiles: { en: 'Core files', ja: 'コアファイル' },
  skippedRow: { en: 'Skipped', ja: 'スキップ' },
  skipped: { en: 'Skipped members', ja: 'スキップしたメンバー' },
  findings: { en: 'Findings', ja: '検出事項' },
  triage: { en: 'Summary', ja: '概要' },
  noneFound: { en: 'None.', ja: 'なし。' },
  showAll: { en: 'Show all', ja: 'すべて表示' },
  notAnalyzedShort: { en: 'not analyzed: not a LifeKeeper for Linux archive', ja: '解析対象外: LifeKeeper for Linux のアーカイブではありません' },
  noProblemInChecked: { en: 'no problem found in what could be checked', ja: '確認できた範囲では問題なし' },
  noProblem: { en: 'no problem found', ja: '問題なし' },
  coverage: { en: 'Checks', ja: 'チェック' },
  noFindingsNotAll: {
    en: 'No findings in what could be analyzed, but not everything could be: an archive was not LifeKeeper for Linux or could not be read (see above).',
    ja: '解析できた範囲では検出事項はありませんが、解析できなかったものがあります: LifeKeeper for Linux 以外のアーカイブ、または読み込めないファイル(上記を参照)。',
  },
  noFindings: { en: 'No findings: nothing known to be wrong was found in what was read.', ja: '検出事項なし: 読み込んだ範囲では既知の問題は見つかりませんでした。' },
  summary: { en: 'What it means', ja: '内容' },
  remediation: { en: 'What to do', ja: '対処' },
  references: { en: 'Sources', ja: REFERENCES.ja },
  evidence: { en: 'Evidence', ja: EVIDENCE.ja },
  wholeMember: { en: 'the file itself', ja: 'ファイル自体' },
  copy: { en: 'Copy', ja: 'コピー' },
  copied: { en: 'Copied', ja: 'コピーしました' },
  search: { en: 'Search findings and timeline', ja: '検出事項とタイムラインを検索' },
  hierarchyRow: { en: 'Hierarchy', ja: HIERARCHY.ja },
  hierarchy: { en: 'Resource hierarchy', ja: HIERARCHY.ja },
  commPathsRow: { en: 'Comm paths', ja: COMM_PATH.ja },
  commPaths: { en: 'Communication paths', ja: COMM_PATH.ja },
  peer: { en: 'Peer', ja: PEER_NODE.ja },
  type: { en: 'Type', ja: '種別' },
  addresses: { en: 'Addresses / device', ja: 'アドレス / デバイス' },
  state: { en: 'State', ja: '状態' },
  priority: { en: 'Priority', ja: '優先度' },
  priorityShort: { en: 'pri', ja: '優先度' },
  commDowns: { en: '#comm_downs', ja: '#comm_downs' },
  datakeeper: { en: 'DataKeeper', ja: 'DataKeeper' },
  resyncsRow: { en: 'Resyncs', ja: RESYNC.ja },
  resyncs: { en: 'Resync history', ja: `${RESYNC.ja}の履歴` },
  keptOnly: { en: '(of the entries kept: see Partly checked)', ja: '(保持した分のみ: 「一部のみ確認」を参照)' },
  time: { en: 'Time', ja: '時刻' },
  tag: { en: 'Tag', ja: 'タグ' },
  action: { en: 'Action', ja: 'アクション' },
  size: { en: 'Size', ja: 'サイズ' },
  timeline: { en: 'Timeline', ja: 'タイムライン' },
  allSeverities: { en: 'All severities', ja: 'すべての重要度' },
  allComponents: { en: 'All components', ja: 'すべてのコンポーネント' },
  count: { en: 'Count', ja: '回数' },
  settings: { en: 'Settings that differ from their defaults', ja: 'デフォルトと異なる設定' },
  key: { en: 'Key', ja: 'キー' },
  value: { en: 'Value', ja: '値' },
  default: { en: 'Default', ja: 'デフォルト' },
  noDifferences: { en: 'All known settings have their documented defaults.', ja: '既知の設定はすべてドキュメントのデフォルト値です。' },
  // What changed (issue 19): archives of one node over time, a cluster's nodes side by side.
  changesHeading: { en: 'What changed', ja: '変更点' },
  sideBySideHeading: { en: 'Nodes side by side', ja: 'ノード間の比較' },
  onlyDifferences: { en: 'Only differences', ja: '差異のみ表示' },
  exportCsv: { en: 'Export CSV', ja: 'CSV 出力' },
  changeBefore: { en: 'Before', ja: '変更前' },
  changeAfter: { en: 'After', ja: '変更後' },
  changeWhat: { en: 'Change', ja: '変更内容' },
  notSet: { en: '(not set)', ja: '(未設定)' },
  nothingToCompare: { en: 'Nothing to compare: give two archives of one node (collected at different times), or the archives of several nodes of a cluster.', ja: '比較対象がありません: 同じノードの採取日時の異なる 2 つのアーカイブ、またはクラスタの複数ノードのアーカイブを指定してください。' },
  noChanges: { en: 'Nothing changed in what both archives show.', ja: '両方のアーカイブで確認できる範囲に変更はありません。' },
  orderedGiven: { en: 'A collection time is unknown: compared in the order the archives were given.', ja: '採取日時が不明なため、指定された順に比較しました。' },
  eventsBetween: { en: 'Events between the two collections', ja: '2 回の採取の間のイベント' },
  differs: { en: 'differs', ja: '差異あり' },
  relatedFindings: { en: 'Findings', ja: '検出事項' },
  verbAdded: { en: 'added', ja: '追加' },
  verbRemoved: { en: 'removed', ja: '削除' },
  verbChanged: { en: 'changed', ja: '変更' },
  verbUpgraded: { en: 'upgraded', ja: 'アップグレード' },
  verbDowngraded: { en: 'downgraded', ja: 'ダウングレード' },
  verbNew: { en: 'new', ja: '新規' },
  verbResolved: { en: 'resolved', ja: '解消' },
  verbStill: { en: 'still there', ja: '継続' },
  kindLifekeeper: { en: 'LifeKeeper', ja: 'LifeKeeper' },
  kindPackage: { en: 'LifeKeeper kits and components', ja: 'LifeKeeper のリカバリーキットとコンポーネント' },
  kindOtherPackage: { en: 'Other packages', ja: 'その他のパッケージ' },
  verbInstalled: { en: 'installed', ja: 'インストール' },
  kindKernel: { en: 'Kernel', ja: 'カーネル' },
  kindOs: { en: 'OS', ja: 'OS' },
  kindSetting: { en: 'Settings (/etc/default/LifeKeeper)', ja: '設定 (/etc/default/LifeKeeper)' },
  kindIscsi: { en: 'iSCSI', ja: 'iSCSI' },
  kindResource: { en: 'Resources', ja: 'リソース' },
  kindPriority: { en: 'Resource priorities', ja: 'リソースの優先度' },
  kindCommPath: { en: 'Comm paths', ja: COMM_PATH.ja },
  kindFlag: { en: 'Flags', ja: 'フラグ' },
  kindMirror: { en: 'Mirrors', ja: MIRROR.ja },
  kindFinding: { en: 'Findings', ja: '検出事項' },
  fieldVersion: { en: 'version', ja: 'バージョン' },
  fieldRelease: { en: 'release', ja: 'リリース' },
  fieldState: { en: 'state', ja: '状態' },
  fieldPriority: { en: 'priority', ja: '優先度' },
  fieldEquivalency: { en: 'equivalency', ja: 'イクイバレンシー' },
  fieldHealth: { en: 'health', ja: '正常性' },
  fieldStatus: { en: 'status', ja: 'ステータス' },
  fieldDirty: { en: 'dirty share', ja: 'ダーティ率' },
  fieldStrategy: { en: 'strategy', ja: 'ストラテジー' },
  notChecked: { en: 'Not checked', ja: '未確認' },
  failed: { en: 'Failed', ja: '失敗' },
  partlyChecked: { en: 'Partly checked', ja: '一部のみ確認' },
  notCheckedOrPartly: { en: 'Not checked, or only in part', ja: '未確認・一部のみ確認' },
  partlyRead: { en: 'Partly read', ja: '一部のみ読込' },
  unreadLines: { en: 'Not understood', ja: '解釈不能' },
  unreadLinesHeading: { en: 'Lines that could not be read', ja: '読み取れなかった行' },
  nameSource: { en: 'Named by', ja: 'ノード名の取得元' },
  untimed: { en: '(no time: quoted without its syslog header)', ja: '(時刻なし: syslog ヘッダーのない行)' },
  // Log messages no rule explains (issue 20): information, not findings.
  unexplainedMessages: { en: 'Messages no rule explains', ja: 'ルールで説明されていないメッセージ' },
  unexplainedNote: {
    en: 'EMERG, FATAL, ERROR and WARN message ids of lifekeeper.log that no finding cites, each once: information, not a finding.',
    ja: 'lifekeeper.log の EMERG、FATAL、ERROR、WARN のメッセージ ID のうち、どの検出事項にも含まれないものを 1 件ずつ示します。検出事項ではなく参考情報です。',
  },
  meaningNotKnown: { en: 'Meaning not known: no public source describes this id.', ja: '意味は不明です。この ID を説明する公開資料はありません。' },
  componentNotKnown: { en: 'Component not known', ja: 'コンポーネント不明' },
  loggedAs: { en: 'logged as', ja: 'ログ上の表記' },
  otherNames: { en: 'Also named', ja: '別の名前' },
  mirrorsRow: { en: 'Mirrors', ja: MIRROR.ja },
  notLinux: { en: 'Not analyzed', ja: '解析対象外' },
  notes: { en: 'Note', ja: '注意' },
  unreadableArchives: { en: 'Unreadable', ja: '読み込めないファイル' },
  unreadable: { en: 'Could not be read', ja: '読み込めなかったもの' },
  generatedBy: { en: 'Generated by', ja: '作成' },
  rulePacks: { en: 'Rule packs', ja: 'ルールパック' },
  none: { en: 'none', ja: 'なし' },
  redacted: { en: 'Redacted: host names, addresses, user names and serials are pseudonyms', ja: 'マスク済み: ホスト名、アドレス、ユーザー名、シリアルは仮名です' },
  redactedNote: { en: '(redacted: host names, addresses, user names and serials are pseudonyms)', ja: '(マスク済み: ホスト名、アドレス、ユーザー名、シリアルは仮名に置き換えています)' },
  redact: { en: 'Redact exports', ja: 'エクスポート時にマスク' },
  cluster: { en: 'Cluster', ja: 'クラスタ' },
  earlierArchive: { en: 'An earlier archive of the same node: analyzed on its own, the cluster compares the latest', ja: '同じノードの以前のアーカイブ: 単独で解析し、クラスタの比較には最新のものを使用' },
  missingPeer: { en: 'No archive of these peers: theirs would add cross-node checks', ja: `次の${PEER_NODE.ja}のアーカイブがありません(あればノード間のチェックを追加できます)` },
  asymmetricPath: { en: 'asymmetric path', ja: '非対称なパス' },
  clockSkew: { en: 'Clock skew (against the first node)', ja: '時刻差(最初のノード基準)' },
  notEstimated: { en: 'not estimated', ja: '推定できません' },
  zoomAll: { en: 'All', ja: '全期間' },
  showInTimeline: { en: 'Show in timeline', ja: 'タイムラインで表示' },
  findingOfEvent: { en: 'Finding', ja: '検出事項' },
  filterEvents: { en: 'Filter events', ja: 'イベントを絞り込み' },
  clearFilters: { en: 'Clear filters', ja: '絞り込みを解除' },
  noFindingMatches: { en: 'No finding matches the search and the severities chosen.', ja: '検索語と選択した重要度に一致する検出事項はありません。' },
  noEventMatches: { en: 'No event matches the filters and the search.', ja: '絞り込み条件と検索語に一致するイベントはありません。' },
  showWholeTimeline: { en: 'Show the whole timeline', ja: 'タイムライン全体を表示' },
  linearScale: { en: 'Linear scale', ja: '線形目盛' },
  logScale: { en: 'Log scale', ja: '対数目盛' },
  loggedLine: { en: 'Log line', ja: 'ログの行' },
  readMembers: { en: 'Read', ja: '読み込んだメンバー' },
  membersListed: { en: 'Known by name and size only, never read (core files)', ja: '名前とサイズのみ記録し読み込まないメンバー(コアファイル)' },
  zoomHint: { en: 'Events over time: click a bar to zoom into it', ja: '時間ごとのイベント数: 棒をクリックするとその期間に拡大' },
  resyncChart: { en: 'Partial resync sizes over time', ja: `${PARTIAL_RESYNC.ja}のサイズの推移` },
  keys: { en: 'Keys: / search, j/k next/previous finding, Enter open', ja: 'キー操作: / で検索、j/k で次/前の検出事項、Enter で開く' },
  dropHere: { en: 'Drop lksupport archives here', ja: 'lksupport のアーカイブをここにドロップ' },
  critical: { en: 'Critical', ja: '重大' },
  warning: { en: 'Warning', ja: '警告' },
  info: { en: 'Info', ja: '情報' },
  // The log view, the members and the search across them (issue 18).
  openAtLine: { en: 'Open the log at this line', ja: 'この行の位置でログを開く' },
  logView: { en: 'Log view', ja: 'ログ表示' },
  lookInside: { en: 'Inside the archives', ja: 'アーカイブの中身' },
  membersTab: { en: 'Members', ja: 'メンバー' },
  searchTab: { en: 'Search all members', ja: '全メンバーを検索' },
  nextProblem: { en: 'Next error or warning', ja: '次のエラー・警告' },
  previousProblem: { en: 'Previous error or warning', ja: '前のエラー・警告' },
  goToLine: { en: 'Line', ja: '行番号' },
  goToTime: { en: 'Time as logged', ja: '時刻(ログの記録どおり)' },
  goToTimeTitle: { en: 'A time in the node\'s own clock, as the log writes it (year-month-dayThour:minute): the first line logged at or after it', ja: 'ノード自身の時計での時刻を、ログの記録どおりに入力します(年-月-日T時:分)。その時刻以降の最初の行へ移動します' },
  go: { en: 'Go', ja: '移動' },
  logKeys: { en: 'Keys: e / E next / previous error or warning, g line, t time, Esc close', ja: 'キー操作: E で次、⇧E で前のエラー・警告、G で行番号、T で時刻へ移動、ESC で閉じる' },
  noProblemAfter: { en: 'No further error or warning in this member', ja: 'このメンバーには、これ以上エラー・警告はありません' },
  noLineAtTime: { en: 'No line at or after that time', ja: 'その時刻以降の行はありません' },
  preparing: { en: 'Reading the archive for the log view', ja: 'ログ表示のためにアーカイブを読み込んでいます' },
  memberNotFound: { en: 'This member is not in the archives opened here', ja: 'このメンバーは、開いているアーカイブにありません' },
  searchPattern: { en: 'Text to find in every member', ja: '全メンバーから探す文字列' },
  regexOption: { en: 'Regular expression', ja: '正規表現' },
  ignoreCaseOption: { en: 'Ignore case', ja: '大文字・小文字を区別しない' },
  contextOption: { en: 'Lines around', ja: '前後の行数' },
  memberGlobOption: { en: 'Only members (glob, e.g. **/lifekeeper.log*)', ja: '対象メンバー(グロブ。例: **/lifekeeper.log*)' },
  runSearch: { en: 'Search', ja: '検索' },
  searching: { en: 'Searching', ja: '検索中' },
  noHits: { en: 'No line matched', ja: '一致する行はありません' },
  hitsCut: { en: 'Stopped at 20,000 lines (or 8 million characters of them): narrow the search', ja: '20,000 行(またはその 800 万文字)で打ち切りました。条件を絞り込んでください' },
  kindLog: { en: 'log', ja: 'ログ' },
  kindCommand: { en: 'command output', ja: 'コマンド出力' },
  kindDocument: { en: 'document', ja: '文書' },
  kindBinary: { en: 'binary', ja: 'バイナリ' },
  kindSkipped: { en: 'skipped', ja: 'スキップ' },
  memberName: { en: 'Member', ja: 'メンバー' },
  memberKind: { en: 'Kind', ja: '種類' },
  memberLines: { en: 'Lines', ja: '行数' },
  memberNote: { en: 'Note', ja: '備考' },
  readFromArchive: { en: 'read from the archive when opened (not held in memory)', ja: '開くときにアーカイブから読み込みます(メモリには保持していません)' },
  skippedDirectory: { en: 'a folder', ja: 'フォルダー' },
  skippedLink: { en: 'a link, never followed', ja: 'リンク(たどりません)' },
  skippedDevice: { en: 'a device or FIFO, not a file', ja: 'デバイスまたは FIFO(ファイルではありません)' },
  skippedSparse: { en: 'sparse file: not read (the archive stores its data without its holes)', ja: 'スパースファイルのため読み込んでいません(アーカイブには穴の部分を除いたデータのみが格納されています)' },
  skippedUnsafePath: { en: 'its path climbs out with ".."', ja: 'パスに ".." が含まれます' },
  skippedCompression: { en: 'a compression not supported', ja: '対応していない圧縮形式' },
  skippedNotOpened: { en: 'an archive inside, not opened', ja: '開いていない内部のアーカイブ' },
  mergedTab: { en: 'All logs by time', ja: '全ログを時刻順に表示' },
  mergedFrom: { en: 'From', ja: '開始' },
  mergedTo: { en: 'To', ja: '終了' },
  problemsOnlyOption: { en: 'Errors and warnings only', ja: 'エラー・警告のみ' },
  componentOption: { en: 'Component', ja: 'コンポーネント' },
  showLogs: { en: 'Show', ja: '表示' },
  laterWindow: { en: 'Later', ja: '後の時間帯へ' },
  aroundThis: { en: 'All logs around this line', ja: 'この行の前後の全ログ' },
  aroundMinutes: { en: 'minutes either side', ja: '分(前後)' },
  mergedMore: { en: 'More lines than shown (2,000 at most): narrow the window or move it later', ja: '表示しきれない行があります(最大 2,000 行)。時間帯を狭めるか、後の時間帯へ移動してください' },
  mergedSkew: { en: 'Times corrected for each node\'s clock skew', ja: '時刻は各ノードのクロックのずれを補正済みです' },
  noLinesInWindow: { en: 'No log line in this window', ja: 'この時間帯のログ行はありません' },
  mergedLeftOutTitle: { en: 'Not in the lines below, or only in part:', ja: '以下の行に含まれていない、または一部のみ含まれているログ:' },
  logFile: { en: 'File', ja: 'ファイル' },
  kindUnreadable: { en: 'unreadable', ja: '読み取り不可' },
  kindFolder: { en: 'folder', ja: 'フォルダー' },
  memberUsedBy: { en: 'Used by', ja: '使用した解析' },
  readInPart: { en: 'read in part', ja: '一部のみ読み込み' },
  noTimeOnLine: { en: 'This line has no time: there is nothing to look around', ja: 'この行には時刻がないため、前後のログを表示できません' },
  aroundEvidenceTitle: { en: 'Every log of every node around this line, in one time order', ja: 'この行の前後の、全ノードの全ログを時刻順に表示' },
} as const satisfies Record<string, Record<Lang, string>>;

export type LabelKey = keyof typeof LABELS;

export const LABEL_KEYS = Object.keys(LABELS) as LabelKey[];

export function label(key: LabelKey, lang: Lang): string {
  return LABELS[key][lang];
}

/** A capitalised label inside a sentence ("kits: IP", "priority 1", "(partly checked)"): English lowers its first letter; Japanese has no case. */
export function inlineLabel(key: LabelKey, lang: Lang): string {
  const s = label(key, lang);
  return lang === 'en' ? s.charAt(0).toLowerCase() + s.slice(1) : s;
}

export function severityLabel(s: Severity, lang: Lang): string {
  return label(s, lang);
}

/**
 * Sentences with values in them. Each is a pair of functions, so that word
 * order follows the language (Japanese puts the count after the noun).
 */
type Sentence<A extends unknown[]> = Record<Lang, (...args: A) => string>;

function sentence<A extends unknown[]>(s: Sentence<A>): Sentence<A> {
  return s;
}

/** An English count and its noun: `1 restart`, `2 restarts` (Japanese nouns have no plural). */
function n(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

export const SENTENCES = {
  /** What changed (issue 19): two archives of a node, the earlier first. */
  changesPair: sentence<[node: string, before: string, beforeAt: string, after: string, afterAt: string]>({
    en: (node, before, beforeAt, after, afterAt) => `${node}: ${before} (collected ${beforeAt}) → ${after} (collected ${afterAt})`,
    ja: (node, before, beforeAt, after, afterAt) => `${node}: ${before} (${COLLECT.ja} ${beforeAt}) → ${after} (${COLLECT.ja} ${afterAt})`,
  }),
  /** A fact or file one archive of a pair lacks: said, not taken for a removal or an addition. */
  notCompared: sentence<[what: string, later: boolean, lookedFor: string]>({
    en: (what, later, lookedFor) => `${what}: not in the ${later ? 'NEW' : 'OLD'} archive${lookedFor ? ` (looked for: ${lookedFor})` : ''}. Incomplete: not compared, nothing of it is said added or removed.`,
    ja: (what, later, lookedFor) => `${what}: ${later ? '新しい' : '古い'}アーカイブにありません${lookedFor ? `(探したもの: ${lookedFor})` : ''}。不完全なため比較しておらず、追加・削除とは判断していません。`,
  }),
  /** A rule with findings in one archive of a pair that could not be checked in the other. */
  ruleNotCompared: sentence<[rule: string, later: boolean, why: string]>({
    en: (rule, later, why) => `${rule}: not checked in the ${later ? 'NEW' : 'OLD'} archive${why ? ` (${why})` : ''}. Incomplete: its findings are not compared, none is said new or resolved.`,
    ja: (rule, later, why) => `${rule}: ${later ? '新しい' : '古い'}アーカイブでは確認できませんでした${why ? `(${why})` : ''}。不完全なため検出事項を比較しておらず、新規・解消とは判断していません。`,
  }),
  /** How many changes of one kind: `3 upgraded`. */
  verbCount: sentence<[verb: string, count: number]>({
    en: (verb, count) => `${count} ${verb}`,
    ja: (verb, count) => `${verb} ${count} 件`,
  }),
  /** Other packages at the same versions on every node of a side-by-side table: counted, not listed. */
  packagesSame: sentence<[count: number]>({
    en: (count) => `${n(count, 'other package')} at the same version on every node, not listed.`,
    ja: (count) => `その他のパッケージ ${count} 個は全ノードで同じバージョンのため、表には含めていません。`,
  }),
  /** A search in the app: text members it could not read (the archive ended or broke before them), so not searched. */
  notSearched: sentence<[count: number]>({
    en: (count) => `${n(count, 'member')} could not be read and ${count === 1 ? 'was' : 'were'} not searched: the archive ends or is damaged before ${count === 1 ? 'it' : 'them'}.`,
    ja: (count) => `メンバー ${count} 個はアーカイブの途中で読み込めなくなったため、検索していません(アーカイブが途中で終わっているか、破損しています)。`,
  }),
  /** The time-ordered view: a log of a node it leaves out, whole or in part, and why (file null: the node's archive itself). */
  mergedLeftOut: sentence<[node: string, file: string | null, partly: boolean, why: string]>({
    en: (node, file, partly, why) => (file ? `${node}: ${file} ${partly ? 'only in part' : 'not included'}: ${why}` : `${node}: ${why}`),
    ja: (node, file, partly, why) => (file ? `${node}: ${file} は${partly ? '一部のみ含まれています' : '含まれていません'}: ${why}` : `${node}: ${why}`),
  }),
  /** The time-ordered view: logs left out past the ones named (the list is bounded). */
  mergedLeftOutMore: sentence<[count: number]>({
    en: (count) => `and ${n(count, 'more log')} not included or only in part (not listed)`,
    ja: (count) => `ほかに ${count} 個のログが含まれていないか、一部のみ含まれています(一覧には表示していません)`,
  }),
  /** A search in the app while it reads, in a pass over an archive, the members the log view does not hold in memory. */
  searchingRest: sentence<[archive: string, percent: number]>({
    en: (archive, percent) => `Searching the members not held in memory: ${archive} ${percent}% read`,
    ja: (archive, percent) => `メモリに保持していないメンバーを検索しています(${archive} の ${percent}% を読み込み済み)`,
  }),
  /** The CLI's cut of a long list of package changes. */
  morePackages: sentence<[count: number]>({
    en: (count) => `… ${n(count, 'more package change')}: the HTML, PDF and JSON reports list them all.`,
    ja: (count) => `… ほか ${count} 件のパッケージの変更は HTML・PDF・JSON のレポートにすべて記載しています。`,
  }),
  changesCount: sentence<[count: number]>({
    en: (count) => `${n(count, 'change')}`,
    ja: (count) => `変更 ${count} 件`,
  }),
  rowsDiffer: sentence<[differ: number, rows: number]>({
    en: (differ, rows) => `${differ} of ${n(rows, 'row')} differ`,
    ja: (differ, rows) => `${rows} 行中 ${differ} 行に差異があります`,
  }),
  moreLeftOut: sentence<[count: number]>({
    en: (count) => `… ${count} more, left out (the report's bound)`,
    ja: (count) => `… ほか ${count} 件は省略しました(レポートの上限)`,
  }),
  /** An export's scope, above its report: what of the timeline it leaves out (issue 17). */
  timelineLeftOut: sentence<[events: number, none: boolean]>({
    en: (events, none) => (none ? `Timeline: not in this export (${events} event(s) left out).` : `Timeline: warnings and critical events only (${events} info event(s) left out).`),
    ja: (events, none) => (none ? `タイムライン: この出力には含めていません(${events} 件を省略)。` : `タイムライン: 警告と重大のイベントのみ(情報イベント ${events} 件を省略)。`),
  }),
  resyncSummary: sentence<[partial: number, nonZero: number, bytes: string, last: string, kept: string]>({
    en: (partial, nonZero, bytes, last, kept) => `${partial} partial (${nonZero} non-zero, ${bytes} in all), last ${last}${kept}`,
    ja: (partial, nonZero, bytes, last, kept) => `${PARTIAL_RESYNC.ja} ${partial} 回 (うち差分あり ${nonZero} 回、合計 ${bytes})、最終 ${last}${kept}`,
  }),
  lkscsidRestarts: sentence<[count: number, last: string, kept: string]>({
    en: (count, last, kept) => `${n(count, 'restart')} outside LifeKeeper startup (last ${last})${kept}`,
    ja: (count, last, kept) => `起動処理以外での再起動 ${count} 回 (最終 ${last})${kept}`,
  }),
  missingPeers: sentence<[peers: string]>({
    en: (peers) => `no archive of peer ${peers}: its archive would add cross-node checks`,
    ja: (peers) => `${PEER_NODE.ja} ${peers} のアーカイブがありません(あればノード間のチェックを追加できます)`,
  }),
  earlierArchive: sentence<[node: string, archive: string, collected: string]>({
    en: (node, archive, collected) => `earlier archive of ${node}: ${archive} (collected ${collected}), analyzed on its own; the cluster compares the latest`,
    ja: (node, archive, collected) => `${node} の以前のアーカイブ ${archive}(${COLLECT.ja}日時 ${collected})は単独で解析し、クラスタの比較には最新のものを使用`,
  }),
  unreadLines: sentence<[path: string, count: number]>({
    en: (path, count) => `${path}: ${n(count, 'line')} no parser could read`,
    ja: (path, count) => `${path}: 解釈できない行 ${count} 行`,
  }),
  coverageAll: sentence<[ran: number, found: number]>({
    en: (ran, found) => `${n(ran, 'check')} ran, ${found} found something; every check could run.`,
    ja: (ran, found) => `${ran} 件のチェックを実行し、${found} 件で問題を検出しました。すべてのチェックを実行できました。`,
  }),
  coveragePartial: sentence<[ran: number, found: number, notRun: number, missing: string[], more: number]>({
    en: (ran, found, notRun, missing, more) => `${n(ran, 'check')} ran, ${found} found something; ${notRun} could not run${missing.length ? `: ${missing.join('; ')}${more > 0 ? `; and ${n(more, 'more reason')}` : ''}` : ''}.`,
    // Each reason is a sentence of its own: its 。 gives way to the list's 、.
    ja: (ran, found, notRun, missing, more) => `${ran} 件のチェックを実行し、${found} 件で問題を検出しました。${notRun} 件は実行できませんでした${missing.length ? `(${missing.map((m) => m.replace(/。$/, '')).join('、')}${more > 0 ? `、ほか ${more} 件の理由` : ''})` : ''}。`,
  }),
  peerArchiveMissing: sentence<[peers: string]>({
    en: (peers) => `no archive of peer ${peers}: the cross-node checks (split brain, versions, heartbeat settings, failover) did not run`,
    ja: (peers) => `対向ノード ${peers} のアーカイブがないため、ノード間のチェック(スプリットブレイン、バージョン、ハートビート設定、フェイルオーバー)は実行していません`,
  }),
  noProblemButNotAll: sentence<[notRun: number]>({
    en: (notRun) => `No problem found in what could be checked, but ${n(notRun, 'check')} could not run: this is not an all-clear (see Checks).`,
    ja: (notRun) => `確認できた範囲では問題は見つかりませんでしたが、${notRun} 件のチェックは実行できませんでした。問題がないことを保証するものではありません(「チェック」を参照)。`,
  }),
  clockSkew: sentence<[node: string, reference: string, amount: string, ahead: boolean, samples: number]>({
    en: (node, ref, amount, ahead, samples) => `${node}'s clock is about ${amount} ${ahead ? 'ahead of' : 'behind'} ${ref}'s (estimated from ${n(samples, 'communication failure')} both nodes logged); the merged timeline corrects for it`,
    ja: (node, ref, amount, ahead, samples) => `${node} の時計は ${ref} より約 ${amount}${ahead ? '進んで' : '遅れて'}います(両ノードが記録した通信障害 ${samples} 件から推定)。統合タイムラインでは補正済みです。`,
  }),
  checksNotRun: sentence<[count: number]>({
    en: (count) => `${count} ${count === 1 ? 'fact or rule' : 'facts and rules'} did not run: the archive is not one they can read`,
    ja: (count) => `${count} 件のファクトとルールは実行していません: 読み取れるアーカイブではありません`,
  }),
  otherName: sentence<[name: string, source: string]>({
    en: (name, source) => `${name} (${source}): the sources of the node's name disagree`,
    ja: (name, source) => `${name} (${source}): 取得元によってノード名が異なります`,
  }),
  mirrorStatus: sentence<[status: string, type: string | null, percent: number | null, bitmap: string | null]>({
    en: (status, type, percent, bitmap) => [status, type, percent !== null ? `${percent}%` : null, bitmap].filter(Boolean).join(', '),
    ja: (status, type, percent, bitmap) => [status, type, percent !== null ? `${percent}%` : null, bitmap].filter(Boolean).join('、'),
  }),
  bitmap: sentence<[bits: number | null, dirty: number | null, dirtyPercent: number | null, none: boolean]>({
    en: (bits, dirty, pct, none) => (none ? 'no bitmap' : `bitmap ${bits ?? '?'} bits${dirty !== null ? `, ${dirty} dirty${pct !== null ? ` (${pct}%)` : ''}` : ''}`),
    ja: (bits, dirty, pct, none) => (none ? 'ビットマップなし' : `ビットマップ ${bits ?? '?'} ビット${dirty !== null ? `、ダーティ ${dirty}${pct !== null ? ` (${pct}%)` : ''}` : ''}`),
  }),
  /** The findings' counts by severity after the heading of the text summary: "3 critical · 2 warning · 0 info", 「重大 3 件・警告 2 件・情報 0 件」. */
  severityCounts: sentence<[counts: Array<{ label: string; count: number }>]>({
    en: (counts) => counts.map((c) => `${c.count} ${c.label.toLowerCase()}`).join(' · '),
    ja: (counts) => counts.map((c) => `${c.label} ${c.count} 件`).join('・'),
  }),
  /** A severity's badge with its count: "Critical 3", 「重大 3 件」. */
  severityBadge: sentence<[label: string, count: number]>({
    en: (label, count) => `${label} ${count}`,
    ja: (label, count) => `${label} ${count} 件`,
  }),
  /** Under a finding whose first line of evidence is shown. */
  moreEvidence: sentence<[more: number]>({
    en: (more) => `(+${n(more, 'more line')} of evidence)`,
    ja: (more) => `(${EVIDENCE.ja}はほかに ${more} 行あります)`,
  }),
  /** How many events a timeline holds, after its heading. */
  eventCount: sentence<[count: number]>({
    en: (count) => `(${n(count, 'event')})`,
    ja: (count) => `(${count} 件)`,
  }),
  /** A button under a list that shows the next rows. */
  showMore: sentence<[more: number]>({
    en: (more) => `+${more} more`,
    ja: (more) => `さらに ${more} 件を表示`,
  }),
  /** A button above the latest rows of a list that shows the earlier ones. */
  showEarlier: sentence<[earlier: number]>({
    en: (earlier) => `+${earlier} earlier`,
    ja: (earlier) => `それより前の ${earlier} 件を表示`,
  }),
  /** The heading of a cluster's merged timeline: its times are on the reference node's clock. */
  mergedTimeline: sentence<[reference: string]>({
    en: (ref) => `Merged timeline, on ${ref}'s clock`,
    ja: (ref) => `統合タイムライン(${ref} の時計で表示)`,
  }),
  /** Under the merged timeline's heading: how its times were made comparable. */
  mergedTimelineNote: sentence<[reference: string]>({
    en: (ref) => `A column per node. The other nodes' times are corrected by their estimated clock skew against ${ref} (see Clock skew); a corrected time is underlined: point at it for the time as logged.`,
    ja: (ref) => `ノードごとの列です。他のノードの時刻は ${ref} との推定時刻差(「時刻差」を参照)で補正しています。補正した時刻には下線があり、ポインターを合わせると記録どおりの時刻を表示します。`,
  }),
  /** How many events a filtered timeline shows, of how many, after its heading. */
  eventsShown: sentence<[shown: number, total: number]>({
    en: (shown, total) => `(${shown} of ${total} ${total === 1 ? 'event' : 'events'})`,
    ja: (shown, total) => `(${total} 件中 ${shown} 件)`,
  }),
  /** A corrected time's tooltip in a merged timeline: the time as the node logged it. */
  loggedAt: sentence<[time: string, node: string]>({
    en: (time, node) => `logged as ${time} on ${node}'s clock`,
    ja: (time, node) => `${node} の時計での記録時刻 ${time}`,
  }),
  /** Above a timeline opened on its incident: the window shown, and how many events it leaves out. */
  incidentWindow: sentence<[window: string, hidden: number]>({
    en: (window, hidden) => `Around the incident (warnings and worse, ±10 min): ${window}; ${n(hidden, 'event')} outside it not shown.`,
    ja: (window, hidden) => `インシデント前後(警告以上のイベントの前後 10 分): ${window}。範囲外の ${hidden} 件は非表示です。`,
  }),
  /** The Members view: after the first analyzers that read a member, how many more. */
  andMore: sentence<[count: number]>({
    en: (count) => `and ${count} more`,
    ja: (count) => `ほか ${count} 件`,
  }),
  /** The Members view: how many members a folder holds. */
  folderMembers: sentence<[count: number]>({
    en: (count) => `${count.toLocaleString('en-US')} ${count === 1 ? 'member' : 'members'}`,
    ja: (count) => `メンバー ${count.toLocaleString('en-US')} 個`,
  }),
  /** A finding's evidence block: every log of every node around its line. */
  aroundEvidence: sentence<[minutes: number]>({
    en: (minutes) => `All logs ±${minutes} min`,
    ja: (minutes) => `前後 ${minutes} 分の全ログ`,
  }),
  /** After the findings' heading when filters hide some. */
  findingsShown: sentence<[shown: number, total: number]>({
    en: (shown, total) => `(${shown} of ${total} shown)`,
    ja: (shown, total) => `(${total} 件中 ${shown} 件を表示)`,
  }),
  /** The rules that could not run for want of their inputs, in the node's summary. */
  rulesMissingInputs: sentence<[count: number, ids: string]>({
    en: (count, ids) => `${n(count, 'rule')}, inputs missing: ${ids}`,
    ja: (count, ids) => `入力がないため確認していないルール ${count} 件: ${ids}`,
  }),
  /** How much of the archive was read. */
  membersRead: sentence<[read: number, total: number, unused: number]>({
    en: (read, total, unused) => `${read} of ${total} members (${unused} not used)`,
    ja: (read, total, unused) => `${total} メンバー中 ${read} 件 (うち未使用 ${unused} 件)`,
  }),
  /** The heading of a node's list of members. */
  membersHeading: sentence<[read: number, total: number]>({
    en: (read, total) => `Members: ${read} of ${total} read`,
    ja: (read, total) => `メンバー: ${total} 件中 ${read} 件を読込`,
  }),
  /** Members no check reads, in the list of members. */
  membersUnused: sentence<[count: number]>({
    en: (count) => `Not used by any check: ${count}`,
    ja: (count) => `どのチェックも使用しないメンバー: ${count} 件`,
  }),
  /** Entries of the total that are neither read, listed, skipped nor unused. */
  membersOther: sentence<[count: number]>({
    en: (count) => `${n(count, 'other entry', 'other entries')} (folders, and read members past the list's bound)`,
    ja: (count) => `その他 ${count} 件(フォルダー、一覧の上限を超えた読込済みメンバー)`,
  }),
  coreFiles: sentence<[count: number, bytes: string, names: string]>({
    en: (count, bytes, names) => `${count} (${bytes}): ${names}`,
    ja: (count, bytes, names) => `${count} 個 (${bytes}): ${names}`,
  }),
  /** How many message ids no rule explains, after the heading of their list. */
  unexplainedCount: sentence<[count: number]>({
    en: (count) => n(count, 'message id'),
    ja: (count) => `メッセージ ID ${count} 件`,
  }),
  /** The component an id's prefix names: a label we inferred, and said so. */
  componentByPrefix: sentence<[component: string]>({
    en: (component) => `Probably ${component}, by its id prefix`,
    ja: (component) => `ID の範囲から ${component} と推定`,
  }),
  /** A message's component and meaning on one line of the text summary. */
  componentAndMeaning: sentence<[component: string, meaning: string]>({
    en: (component, meaning) => `${component}. ${meaning}`,
    ja: (component, meaning) => `${component}。${meaning}`,
  }),
  messagesOverflow: sentence<[ids: number, lines: number]>({
    en: (ids, lines) => `+${n(ids, 'more message id')} (${n(lines, 'line')}) past the bound: counted, not listed`,
    ja: (ids, lines) => `上限を超えるメッセージ ID がほかに ${ids} 件 (${lines} 行) あります。数えただけで一覧にしていません`,
  }),
  /** Under a list cut short in the text summary. */
  moreMessages: sentence<[more: number]>({
    en: (more) => `… +${more} more (all in the JSON, HTML and app reports)`,
    ja: (more) => `… ほかに ${more} 件(JSON、HTML レポートとアプリにはすべて表示)`,
  }),
  /** The report's footer: how many analyzers ran. */
  analyzersRan: sentence<[count: number]>({
    en: (count) => `${count} analyzers (versions in the JSON)`,
    ja: (count) => `解析プラグイン ${count} 個 (バージョンは JSON に記録)`,
  }),
} as const;

export type SentenceKey = keyof typeof SENTENCES;

/** Items of a list inside a sentence or a row: "a, b" in English, 「a、b」 in Japanese. */
export function listOf(items: readonly string[], lang: Lang): string {
  return items.join(lang === 'ja' ? '、' : ', ');
}

/** A clock skew in whole seconds: "2 s", 「2 秒」. */
export function formatSeconds(seconds: number, lang: Lang): string {
  return lang === 'ja' ? `${seconds} 秒` : `${seconds} s`;
}

/** The timeline's components (TimelineEvent.component), as its column and filter name them. */
const COMPONENTS: Record<string, Record<Lang, string>> = {
  lifekeeper: { en: 'LifeKeeper', ja: 'LifeKeeper' },
  resource: { en: 'resource', ja: 'リソース' },
  comm: { en: 'comm path', ja: COMM_PATH.ja },
  quickcheck: { en: 'quickCheck', ja: 'quickCheck' },
  lkscsid: { en: 'lkscsid', ja: 'lkscsid' },
  iscsi: { en: 'iSCSI', ja: 'iSCSI' },
  datakeeper: { en: 'DataKeeper', ja: 'DataKeeper' },
  system: { en: 'system', ja: 'システム' },
};

export function componentLabel(component: string, lang: Lang): string {
  return Object.hasOwn(COMPONENTS, component) ? (COMPONENTS[component]?.[lang] ?? component) : component;
}

/** What a resync was (Resync.kind), in the resync table. */
const RESYNC_KINDS: Record<string, Record<Lang, string>> = {
  partial: { en: 'partial resync', ja: PARTIAL_RESYNC.ja },
  full: { en: 'full resync', ja: FULL_RESYNC.ja },
  pause: { en: 'pause', ja: '一時停止' },
  resume: { en: 'resume', ja: '再開' },
  force: { en: 'force online', ja: '強制オンライン' },
};

export function resyncKindLabel(kind: string, lang: Lang): string {
  return Object.hasOwn(RESYNC_KINDS, kind) ? (RESYNC_KINDS[kind]?.[lang] ?? kind) : kind;
}

/** How a node's clock skew was estimated (the cluster's skew basis, which the engine writes in English), with the number of events it rests on. */
const SKEW_BASES: Record<string, Record<Lang, (samples: number) => string>> = {
  'reference node': { en: () => 'reference node', ja: () => '基準ノード' },
  'no event logged by both sides': { en: () => 'no event logged by both sides', ja: () => '両ノードが記録したイベントなし' },
  'communication failures logged by both sides': {
    en: (n) => `communication failures logged by both sides, ${n}`,
    ja: (n) => `両ノードが記録した通信障害 ${n} 件から推定`,
  },
};

export function skewBasisLabel(basis: string, samples: number, lang: Lang): string {
  const known = Object.hasOwn(SKEW_BASES, basis) ? SKEW_BASES[basis]?.[lang] : undefined;
  return known ? known(samples) : `${basis}${samples ? `${lang === 'ja' ? '、' : ', '}${samples}` : ''}`;
}

/** Where a node's name was read (the node-identity fact's sources), as the report names them. */
export const NAME_SOURCES: Record<string, Record<Lang, string>> = {
  'lcdstatus-q': { en: 'lcdstatus -q (LOCAL column)', ja: 'lcdstatus -q の LOCAL 列' },
  lcdstatus: { en: 'lcdstatus (its first line)', ja: 'lcdstatus の先頭行' },
  'lifekeeper-uname': { en: '/opt/LifeKeeper/config/UNAME', ja: '/opt/LifeKeeper/config/UNAME' },
  hostname: { en: 'hostname', ja: 'hostname' },
  uname: { en: 'uname -n', ja: 'uname -n' },
  'lifekeeper-log': { en: 'the host that wrote lifekeeper.log', ja: 'lifekeeper.log を出力したホスト' },
  'archive-name': { en: 'the archive or folder name: nothing in the archive names the node', ja: 'アーカイブ名またはフォルダー名(アーカイブ内にノード名を示すものがありません)' },
};

export function nameSource(source: string, lang: Lang): string {
  return NAME_SOURCES[source]?.[lang] ?? source;
}
