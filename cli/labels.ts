// Every label the CLI prints, in English and Japanese.
import type { Severity } from '../analyzers/engine/plugin/findings.js';
import type { Lang } from '../analyzers/engine/plugin/text.js';

const LABELS = {
  collected: { en: 'Collected', ja: '採取日時' },
  lifekeeper: { en: 'LifeKeeper', ja: 'LifeKeeper' },
  kits: { en: 'kits', ja: 'キット' },
  os: { en: 'OS', ja: 'OS' },
  kernel: { en: 'Kernel', ja: 'カーネル' },
  unknown: { en: 'unknown', ja: '不明' },
  notInstalled: { en: 'not found in rpm -qa', ja: 'rpm -qa に見つかりません' },
  read: { en: 'Read', ja: '読込' },
  members: { en: 'members', ja: 'メンバー' },
  skipped: { en: 'Skipped', ja: 'スキップ' },
  coreFiles: { en: 'Core files', ja: 'コアファイル' },
  hierarchy: { en: 'Hierarchy', ja: 'リソース階層' },
  commPaths: { en: 'Comm paths', ja: '通信パス' },
  priority: { en: 'priority', ja: '優先度' },
  none: { en: 'none', ja: 'なし' },
  rulesMissingInputs: { en: 'rule(s), inputs missing', ja: '件のルール(入力なし)' },
  resyncs: { en: 'Resyncs', ja: '再同期' },
  notChecked: { en: 'Not checked', ja: '未確認' },
  failed: { en: 'Failed', ja: '失敗' },
  partlyChecked: { en: 'Partly checked', ja: '一部のみ確認' },
  keptOnly: { en: '(of the entries kept: see Partly checked)', ja: '(保持した分のみ: 「一部のみ確認」を参照)' },
  notes: { en: 'Note', ja: '注意' },
  findings: { en: 'Findings', ja: '検出事項' },
  noFindings: {
    en: 'No findings: nothing known to be wrong was found in what was read.',
    ja: '検出事項なし: 読み込んだ範囲では既知の問題は見つかりませんでした。',
  },
  unreadable: { en: 'Unreadable', ja: '読み込めないファイル' },
  partial: { en: 'Partly read', ja: '一部のみ読込' },
  moreEvidence: { en: 'more lines of evidence', ja: '行の証拠が他にあります' },
  unused: { en: 'not used', ja: '未使用' },
} as const satisfies Record<string, Record<Lang, string>>;

export type LabelKey = keyof typeof LABELS;

export function label(key: LabelKey, lang: Lang): string {
  return LABELS[key][lang];
}

const SEVERITY_LABELS: Record<Severity, Record<Lang, string>> = {
  critical: { en: 'CRITICAL', ja: '重大' },
  warning: { en: 'WARNING', ja: '警告' },
  info: { en: 'INFO', ja: '情報' },
};

export function severityLabel(s: Severity, lang: Lang): string {
  return SEVERITY_LABELS[s][lang];
}
