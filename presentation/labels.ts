// Every word the outputs print around the report's own text, in English and Japanese: one table for the CLI, the app and the exports.
import type { Severity } from '../analyzers/engine/plugin/findings.js';
import type { Lang } from '../analyzers/engine/plugin/text.js';

/**
 * Labels, headings and short phrases. Where the text summary and the app word
 * the same thing differently (a row label beside a value vs a section
 * heading), both are here under their own keys; a label used both at the head
 * of a row and inside a sentence is stored once, capitalised, and
 * `inlineLabel` gives the sentence form.
 */
const LABELS = {
  productName: { en: 'LifeKeeper Support Analyzer', ja: 'LifeKeeper Support Analyzer' },
  appName: { en: 'LifeKeeper Support Analyzer', ja: 'LifeKeeper サポートアナライザー' },
  archives: { en: 'Archives', ja: 'アーカイブ' },
  noArchives: { en: 'No archive yet. Open the lksupport archives (.tar.gz) of one or more nodes, or the .zip / .tar that holds them.', ja: 'アーカイブがありません。1 つ以上のノードの lksupport アーカイブ (.tar.gz)、またはそれらをまとめた .zip / .tar を開いてください。' },
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
  node: { en: 'Node', ja: 'ノード' },
  collected: { en: 'Collected', ja: '採取日時' },
  lifekeeper: { en: 'LifeKeeper', ja: 'LifeKeeper' },
  os: { en: 'OS', ja: 'OS' },
  kernel: { en: 'Kernel', ja: 'カーネル' },
  kits: { en: 'Kits', ja: 'キット' },
  unknown: { en: 'unknown', ja: '不明' },
  notInstalled: { en: 'not found in rpm -qa', ja: 'rpm -qa に見つかりません' },
  read: { en: 'Read', ja: '読込' },
  members: { en: 'members', ja: 'メンバー' },
  unused: { en: 'not used', ja: '未使用' },
  coreFiles: { en: 'Core files', ja: 'コアファイル' },
  skippedRow: { en: 'Skipped', ja: 'スキップ' },
  skipped: { en: 'Skipped members', ja: 'スキップしたメンバー' },
  findings: { en: 'Findings', ja: '検出事項' },
  triage: { en: 'Summary', ja: '概要' },
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
  moreEvidence: { en: 'more lines of evidence', ja: '行の証拠が他にあります' },
  summary: { en: 'What it means', ja: '内容' },
  remediation: { en: 'What to do', ja: '対処' },
  references: { en: 'Sources', ja: '出典' },
  evidence: { en: 'Evidence', ja: '証拠' },
  wholeMember: { en: 'the file itself', ja: 'ファイル自体' },
  copy: { en: 'Copy', ja: 'コピー' },
  copied: { en: 'Copied', ja: 'コピーしました' },
  search: { en: 'Search findings and timeline', ja: '検出事項とタイムラインを検索' },
  hierarchyRow: { en: 'Hierarchy', ja: 'リソース階層' },
  hierarchy: { en: 'Resource hierarchy', ja: 'リソース階層' },
  commPathsRow: { en: 'Comm paths', ja: '通信パス' },
  commPaths: { en: 'Communication paths', ja: 'コミュニケーションパス' },
  peer: { en: 'Peer', ja: '相手' },
  type: { en: 'Type', ja: '種別' },
  addresses: { en: 'Addresses / device', ja: 'アドレス / デバイス' },
  state: { en: 'State', ja: '状態' },
  priority: { en: 'Priority', ja: '優先度' },
  priorityShort: { en: 'pri', ja: 'pri' },
  commDowns: { en: '#comm_downs', ja: '#comm_downs' },
  datakeeper: { en: 'DataKeeper', ja: 'DataKeeper' },
  mirrors: { en: 'Mirrors', ja: 'ミラー' },
  resyncsRow: { en: 'Resyncs', ja: '再同期' },
  resyncs: { en: 'Resync history', ja: '再同期履歴' },
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
  notChecked: { en: 'Not checked', ja: '未確認' },
  failed: { en: 'Failed', ja: '失敗' },
  partlyChecked: { en: 'Partly checked', ja: '一部のみ確認' },
  notCheckedOrPartly: { en: 'Not checked, or only in part', ja: '未確認・一部のみ確認' },
  rulesMissingInputs: { en: 'rule(s), inputs missing', ja: '件のルール(入力なし)' },
  partlyRead: { en: 'Partly read', ja: '一部のみ読込' },
  unreadLines: { en: 'Not understood', ja: '解釈不能' },
  unreadLinesHeading: { en: 'Lines that could not be read', ja: '読み取れなかった行' },
  nameSource: { en: 'Named by', ja: '名前の出典' },
  untimed: { en: '(no time: quoted without its syslog header)', ja: '(時刻なし: syslog ヘッダーのない行)' },
  otherNames: { en: 'Also named', ja: '別の名前' },
  mirrorsRow: { en: 'Mirrors', ja: 'ミラー' },
  notLinux: { en: 'Not analyzed', ja: '解析対象外' },
  notes: { en: 'Note', ja: '注意' },
  unreadableArchives: { en: 'Unreadable', ja: '読み込めないファイル' },
  unreadable: { en: 'Could not be read', ja: '読み込めなかったもの' },
  generatedBy: { en: 'Generated by', ja: '作成' },
  rulePacks: { en: 'Rule packs', ja: 'ルールパック' },
  none: { en: 'none', ja: 'なし' },
  events: { en: 'events', ja: '件' },
  more: { en: 'more', ja: '件以上' },
  earlier: { en: 'earlier', ja: '件 (より前)' },
  analyzersRan: { en: 'analyzers (versions in the JSON)', ja: '個の解析プラグイン(バージョンは JSON に記録)' },
  redacted: { en: 'Redacted: host names, addresses, user names and serials are pseudonyms', ja: 'マスク済み: ホスト名、アドレス、ユーザー名、シリアルは仮名です' },
  redactedNote: { en: '(redacted: host names, addresses, user names and serials are pseudonyms)', ja: '(マスク済み: ホスト名、アドレス、ユーザー名、シリアルは仮名に置き換えています)' },
  redact: { en: 'Redact exports', ja: 'エクスポートをマスク' },
  cluster: { en: 'Cluster', ja: 'クラスタ' },
  earlierArchive: { en: 'An earlier archive of the same node: analyzed on its own, the cluster compares the latest', ja: '同じノードの以前のアーカイブ: 単独で解析し、クラスタの比較には最新のものを使用' },
  missingPeer: { en: 'No archive of these peers: theirs would add cross-node checks', ja: '次の相手ノードのアーカイブがありません(あればノード間のチェックを追加できます)' },
  asymmetricPath: { en: 'asymmetric path', ja: '非対称なパス' },
  clockSkewRow: { en: 'clock skew', ja: '時刻差' },
  clockSkew: { en: 'Clock skew (against the first node)', ja: '時刻差(最初のノード基準)' },
  notEstimated: { en: 'not estimated', ja: '推定できません' },
  mergedTimeline: { en: 'Merged timeline (a column per node, clock skew corrected where estimated)', ja: '統合タイムライン(ノードごとの列、推定できた時刻差は補正済み)' },
  zoomAll: { en: 'All', ja: '全期間' },
  zoomHint: { en: 'Events over time: click a bar to zoom into it', ja: '時間ごとのイベント数: 棒をクリックするとその期間に拡大' },
  resyncChart: { en: 'resync bytes over time', ja: 'resync bytes over time' },
  keys: { en: 'Keys: / search, j/k next/previous finding, Enter open', ja: 'キー: / 検索、j/k 次/前の検出事項、Enter 開く' },
  dropHere: { en: 'Drop lksupport archives here', ja: 'lksupport のアーカイブをここにドロップ' },
  critical: { en: 'Critical', ja: '重大' },
  warning: { en: 'Warning', ja: '警告' },
  info: { en: 'Info', ja: '情報' },
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

export const SENTENCES = {
  resyncSummary: sentence<[partial: number, nonZero: number, bytes: string, last: string, kept: string]>({
    en: (partial, nonZero, bytes, last, kept) => `${partial} partial (${nonZero} non-zero, ${bytes} in all), last ${last}${kept}`,
    ja: (partial, nonZero, bytes, last, kept) => `部分再同期 ${partial} 回 (うち差分あり ${nonZero} 回、合計 ${bytes})、最終 ${last}${kept}`,
  }),
  lkscsidRestarts: sentence<[count: number, last: string, kept: string]>({
    en: (count, last, kept) => `${count} restart(s) outside LifeKeeper startup (last ${last})${kept}`,
    ja: (count, last, kept) => `起動処理以外での再起動 ${count} 回 (最終 ${last})${kept}`,
  }),
  missingPeers: sentence<[peers: string]>({
    en: (peers) => `no archive of peer ${peers}: its archive would add cross-node checks`,
    ja: (peers) => `相手ノード ${peers} のアーカイブがありません(あればノード間のチェックを追加できます)`,
  }),
  earlierArchive: sentence<[node: string, archive: string, collected: string]>({
    en: (node, archive, collected) => `earlier archive of ${node}: ${archive} (collected ${collected}), analyzed on its own; the cluster compares the latest`,
    ja: (node, archive, collected) => `${node} の以前のアーカイブ ${archive}(取得 ${collected})は単独で解析し、クラスタの比較には最新のものを使用`,
  }),
  unreadLines: sentence<[path: string, count: number]>({
    en: (path, count) => `${path}: ${count} line(s) no parser could read`,
    ja: (path, count) => `${path}: 解釈できない行 ${count} 行`,
  }),
  coverageAll: sentence<[ran: number, found: number]>({
    en: (ran, found) => `${ran} checks ran, ${found} found something; every check could run.`,
    ja: (ran, found) => `${ran} 件のチェックを実行し、${found} 件で問題を検出しました。すべてのチェックを実行できました。`,
  }),
  coveragePartial: sentence<[ran: number, found: number, notRun: number, missing: string[], more: number]>({
    en: (ran, found, notRun, missing, more) => `${ran} checks ran, ${found} found something; ${notRun} could not run${missing.length ? `: ${missing.join('; ')}${more > 0 ? `; and ${more} more reason(s)` : ''}` : ''}.`,
    ja: (ran, found, notRun, missing, more) => `${ran} 件のチェックを実行し、${found} 件で問題を検出しました。${notRun} 件は実行できませんでした${missing.length ? `(${missing.join('、')}${more > 0 ? `、ほか ${more} 件の理由` : ''})` : ''}。`,
  }),
  noProblemButNotAll: sentence<[notRun: number]>({
    en: (notRun) => `No problem found in what could be checked, but ${notRun} check(s) could not run: this is not an all-clear (see Checks).`,
    ja: (notRun) => `確認できた範囲では問題は見つかりませんでしたが、${notRun} 件のチェックは実行できませんでした。問題がないことを保証するものではありません(「チェック」を参照)。`,
  }),
  clockSkew: sentence<[node: string, reference: string, amount: string, ahead: boolean, samples: number]>({
    en: (node, ref, amount, ahead, samples) => `${node}'s clock is about ${amount} ${ahead ? 'ahead of' : 'behind'} ${ref}'s (estimated from ${samples} communication failure(s) both nodes logged); the merged timeline corrects for it`,
    ja: (node, ref, amount, ahead, samples) => `${node} の時計は ${ref} より約 ${amount}${ahead ? '進んで' : '遅れて'}います(両ノードが記録した通信障害 ${samples} 件から推定)。統合タイムラインでは補正済みです`,
  }),
  checksNotRun: sentence<[count: number]>({
    en: (count) => `${count} fact(s) and rule(s) did not run: the archive is not one they can read`,
    ja: (count) => `${count} 件のファクトとルールは実行していません: 読み取れるアーカイブではありません`,
  }),
  otherName: sentence<[name: string, source: string]>({
    en: (name, source) => `${name} (${source}): the sources of the node's name disagree`,
    ja: (name, source) => `${name} (${source}): ノード名の出典どうしが一致しません`,
  }),
  mirrorStatus: sentence<[status: string, type: string | null, percent: number | null, bitmap: string | null]>({
    en: (status, type, percent, bitmap) => [status, type, percent !== null ? `${percent}%` : null, bitmap].filter(Boolean).join(', '),
    ja: (status, type, percent, bitmap) => [status, type, percent !== null ? `${percent}%` : null, bitmap].filter(Boolean).join('、'),
  }),
  bitmap: sentence<[bits: number | null, dirty: number | null, dirtyPercent: number | null, none: boolean]>({
    en: (bits, dirty, pct, none) => (none ? 'no bitmap' : `bitmap ${bits ?? '?'} bits${dirty !== null ? `, ${dirty} dirty${pct !== null ? ` (${pct}%)` : ''}` : ''}`),
    ja: (bits, dirty, pct, none) => (none ? 'ビットマップなし' : `ビットマップ ${bits ?? '?'} ビット${dirty !== null ? `、ダーティ ${dirty}${pct !== null ? ` (${pct}%)` : ''}` : ''}`),
  }),
} as const;

export type SentenceKey = keyof typeof SENTENCES;

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
