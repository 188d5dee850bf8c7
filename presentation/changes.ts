// What every output says of the changes section: archives of one node over
// time (what changed, grouped by kind, with the lines of both archives), and
// each cluster's nodes side by side (rows that differ marked, linked to the
// cross-node findings about them); and the side-by-side table as CSV.
// Pure, like model.ts: archive text is passed through, each output makes it safe.
import type { ChangeKind, ChangeVerb, NodeChanges, RowGroup, SideBySide } from '../analyzers/engine/changes/types.js';
import type { Evidence, Severity } from '../analyzers/engine/plugin/findings.js';
import type { Lang } from '../analyzers/engine/plugin/text.js';
import type { Report } from '../analyzers/engine/report/report.js';
import type { Tone } from './format.js';
import { formatTime, where } from './format.js';
import type { LabelKey } from './labels.js';
import { label, SENTENCES } from './labels.js';
import { findingKey, sortedFindings } from './model.js';

const KIND_LABELS: Record<ChangeKind | RowGroup, LabelKey> = {
  lifekeeper: 'kindLifekeeper', package: 'kindPackage', 'other-package': 'kindOtherPackage', kernel: 'kindKernel', os: 'kindOs', setting: 'kindSetting', iscsi: 'kindIscsi',
  resource: 'kindResource', priority: 'kindPriority', 'comm-path': 'kindCommPath', flag: 'kindFlag', mirror: 'kindMirror', finding: 'kindFinding',
};

const VERBS: Record<ChangeVerb, { key: LabelKey; tone: Tone }> = {
  added: { key: 'verbAdded', tone: 'good' }, removed: { key: 'verbRemoved', tone: 'warning' }, changed: { key: 'verbChanged', tone: 'warning' },
  upgraded: { key: 'verbUpgraded', tone: 'good' }, downgraded: { key: 'verbDowngraded', tone: 'warning' },
  new: { key: 'verbNew', tone: 'critical' }, resolved: { key: 'verbResolved', tone: 'good' }, still: { key: 'verbStill', tone: 'muted' },
};

const FIELDS: Readonly<Record<string, LabelKey>> = {
  version: 'fieldVersion', release: 'fieldRelease', state: 'fieldState', priority: 'fieldPriority', equivalency: 'fieldEquivalency',
  health: 'fieldHealth', status: 'fieldStatus', dirty: 'fieldDirty', strategy: 'fieldStrategy',
};

/** The order kinds are listed in: what was installed, then how it is set, then what it runs, then what was found. */
const KIND_ORDER: ChangeKind[] = ['lifekeeper', 'package', 'other-package', 'kernel', 'os', 'setting', 'iscsi', 'resource', 'comm-path', 'flag', 'mirror', 'finding'];

export interface ChangeLine {
  kind: ChangeKind;
  subject: string;
  verb: ChangeVerb;
  verbLabel: string;
  tone: Tone;
  /** The property that changed, in the reader's language, or ''. */
  field: string;
  before: string;
  after: string;
  /** The documented default of a setting, or ''. */
  default: string;
  /** `where  text` of each line of the earlier archive, then of the later. */
  evidenceBefore: string[];
  evidenceAfter: string[];
}

export interface OverTimeView {
  node: string;
  /** `lk-node2: old.tar.gz (collected …) → new.tar.gz (collected …)` */
  title: string;
  /** Said when the pair is in the order given, not by collection time; else null. */
  ordered: string | null;
  /** Facts not compared, and why. */
  incomplete: string[];
  count: string;
  /** Said when nothing changed, else null. */
  empty: string | null;
  /** `summary`: the group's changes counted by verb (`3 upgraded, 1 installed`), for the packages; else ''. */
  groups: Array<{ kind: ChangeKind; label: string; summary: string; changes: ChangeLine[] }>;
  dropped: string | null;
  events: Array<{ time: string; severity: Severity; severityLabel: string; title: string; count: string; where: string }>;
  eventsDropped: string | null;
}

export interface SideBySideRowView {
  group: RowGroup;
  key: string;
  values: string[];
  differs: boolean;
  /** Cross-node findings about this row: the rule and where the finding is in the report. */
  findings: Array<{ id: string; key: string | null }>;
  /** Each node's lines, `where  text`. */
  evidence: string[][];
}

export interface SideBySideView {
  cluster: string;
  nodes: string[];
  groups: Array<{ group: RowGroup; label: string; rows: SideBySideRowView[] }>;
  differCount: string;
  differ: number;
  dropped: string | null;
  /** Other packages the same on every node (not rows of the table), or null. */
  packagesSame: string | null;
}

export interface ChangesView {
  overTime: OverTimeView[];
  sideBySide: SideBySideView[];
}

const line = (e: Evidence): string => `${where(e)}  ${e.text}`;

/** A kind's or group's label; a value this version does not know (a newer report) is shown as it is. */
const kindLabel = (kind: string, lang: Lang): string => (Object.hasOwn(KIND_LABELS, kind) ? label(KIND_LABELS[kind as ChangeKind], lang) : kind);

const VERB_ORDER: readonly ChangeVerb[] = ['added', 'removed', 'upgraded', 'downgraded', 'changed'];
const PACKAGE_KINDS: ReadonlySet<string> = new Set(['package', 'other-package']);

function changeLine(c: NodeChanges['changes'][number], lang: Lang): ChangeLine {
  const known = Object.hasOwn(VERBS, c.change) ? VERBS[c.change] : { key: 'verbChanged' as const, tone: 'warning' as const };
  // A package is installed, not added.
  const verb = c.change === 'added' && PACKAGE_KINDS.has(c.kind) ? { ...known, key: 'verbInstalled' as const } : known;
  const fieldKey = c.field !== null && Object.hasOwn(FIELDS, c.field) ? FIELDS[c.field] : undefined;
  // A setting not set reads as "(not set)": its default applies, and the default is shown beside it.
  const none = c.kind === 'setting' ? label('notSet', lang) : '';
  // A finding's title is the engine's text, in both languages: shown in the reader's.
  return {
    kind: c.kind,
    subject: c.subject,
    verb: c.change,
    verbLabel: label(verb.key, lang),
    tone: verb.tone,
    field: fieldKey ? label(fieldKey, lang) : (c.field ?? ''),
    before: c.before ?? none,
    after: c.after ?? none,
    default: c.default ?? '',
    evidenceBefore: c.evidenceBefore.map(line),
    evidenceAfter: c.evidenceAfter.map(line),
  };
}

/** `3 upgraded, 1 installed, 1 removed`, in the order verbs first appear. */
function verbSummary(changes: readonly ChangeLine[], lang: Lang): string {
  const counts = new Map<string, number>();
  for (const c of changes) counts.set(c.verbLabel, (counts.get(c.verbLabel) ?? 0) + 1);
  return [...counts].map(([verb, count]) => SENTENCES.verbCount[lang](verb, count)).join(lang === 'ja' ? '、' : ', ');
}

/** What one archive of a pair lacks, and what was looked for there. */
function incompleteText(i: NodeChanges['incomplete'][number], lang: Lang): string {
  const what = i.title?.[lang] ?? i.fact;
  const later = i.missingIn === 'after';
  if (i.what === 'rule') return SENTENCES.ruleNotCompared[lang](i.title ? `${i.fact} (${what})` : i.fact, later, i.reason?.[lang] ?? '');
  return SENTENCES.notCompared[lang](what, later, (i.lookedFor ?? []).join(', '));
}

function overTimeView(p: NodeChanges, lang: Lang, titleOf: (id: string, en: string | null) => string | null): OverTimeView {
  const lines = p.changes.map((c) => {
    const v = changeLine(c, lang);
    if (c.kind === 'finding') {
      v.before = c.before === null ? '' : (titleOf(c.subject, c.before) ?? c.before);
      v.after = c.after === null ? '' : (titleOf(c.subject, c.after) ?? c.after);
    }
    return v;
  });
  const groups = KIND_ORDER.map((kind) => {
    // Packages by what happened to them (installed, removed, upgraded, downgraded), then by name.
    const changes = lines.filter((l) => l.kind === kind);
    if (kind === 'other-package') changes.sort((x, y) => VERB_ORDER.indexOf(x.verb) - VERB_ORDER.indexOf(y.verb) || x.subject.localeCompare(y.subject));
    return { kind, label: kindLabel(kind, lang), summary: PACKAGE_KINDS.has(kind) ? verbSummary(changes, lang) : '', changes };
  }).filter((g) => g.changes.length > 0);
  const changed = p.changes.filter((c) => c.change !== 'still').length;
  return {
    node: p.node,
    title: SENTENCES.changesPair[lang](p.node, p.before.archive, formatTime(p.before.collectedAt) || label('unknown', lang), p.after.archive, formatTime(p.after.collectedAt) || label('unknown', lang)),
    ordered: p.orderedBy === 'given' ? label('orderedGiven', lang) : null,
    incomplete: p.incomplete.map((i) => incompleteText(i, lang)),
    count: SENTENCES.changesCount[lang](changed),
    empty: changed === 0 ? label('noChanges', lang) : null,
    groups,
    dropped: p.changesDropped ? SENTENCES.moreLeftOut[lang](p.changesDropped) : null,
    events: p.events.map((e) => ({ time: e.time === null ? label('untimed', lang) : formatTime(e.time), severity: e.severity, severityLabel: label(e.severity, lang), title: e.title[lang], count: e.count > 1 ? ` ×${e.count}` : '', where: e.evidence[0] ? where(e.evidence[0]) : '' })),
    eventsDropped: p.eventsDropped ? SENTENCES.moreLeftOut[lang](p.eventsDropped) : null,
  };
}

function sideBySideView(s: SideBySide, lang: Lang, keyOf: (id: string, cluster: string) => string | null): SideBySideView {
  const groups: SideBySideView['groups'] = [];
  for (const r of s.rows) {
    let g = groups.find((x) => x.group === r.group);
    if (!g) groups.push((g = { group: r.group, label: kindLabel(r.group, lang), rows: [] }));
    g.rows.push({
      group: r.group,
      key: r.key,
      values: r.values.map((v) => v ?? (r.group === 'setting' ? label('notSet', lang) : '—')),
      differs: r.differs,
      findings: r.findings.map((id) => ({ id, key: keyOf(id, s.cluster) })),
      evidence: r.evidence.map((es) => es.map(line)),
    });
  }
  const differ = s.rows.filter((r) => r.differs).length;
  return {
    cluster: s.cluster,
    nodes: s.nodes,
    groups,
    differ,
    differCount: SENTENCES.rowsDiffer[lang](differ, s.rows.length),
    dropped: s.rowsDropped ? SENTENCES.moreLeftOut[lang](s.rowsDropped) : null,
    packagesSame: s.packagesSame ? SENTENCES.packagesSame[lang](s.packagesSame) : null,
  };
}

/** The changes section as every output shows it; null when there is nothing to compare. */
export function changesView(report: Pick<Report, 'changes' | 'findings'>, lang: Lang): ChangesView | null {
  const changes = report.changes ?? { overTime: [], sideBySide: [] };
  if (changes.overTime.length === 0 && changes.sideBySide.length === 0) return null;
  const sorted = sortedFindings(report.findings);
  // A finding's title in the reader's language, from its English title (the change records the English one).
  const titleOf = (id: string, en: string | null): string | null => sorted.find((f) => f.id === id && f.title.en === en)?.title[lang] ?? null;
  const keyOf = (id: string, cluster: string): string | null => {
    const i = sorted.findIndex((f) => f.id === id && f.node === cluster);
    const j = i >= 0 ? i : sorted.findIndex((f) => f.id === id);
    return j >= 0 ? findingKey(j) : null;
  };
  return {
    overTime: changes.overTime.map((p) => overTimeView(p, lang, titleOf)),
    sideBySide: changes.sideBySide.map((s) => sideBySideView(s, lang, keyOf)),
  };
}

/** One CSV field: quoted when it holds a comma, a quote or a line break; a leading = + - @ is defused for spreadsheets. */
function csvField(s: string): string {
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * The side-by-side tables as CSV, for a spreadsheet: one row per fact, the
 * cluster, the group and key, a column per node, whether they differ and the
 * findings about it. UTF-8 with a byte order mark, CRLF (RFC 4180), so that
 * Excel reads the Japanese right.
 */
export function sideBySideCsv(report: Pick<Report, 'changes' | 'findings'>, lang: Lang): string {
  const view = changesView(report, lang);
  const width = Math.max(0, ...(view?.sideBySide ?? []).map((s) => s.nodes.length));
  const head = ['cluster', 'group', 'key', ...Array.from({ length: width }, (_, i) => `node${i + 1}`), 'differs', 'findings'];
  const rows: string[][] = [head];
  for (const s of view?.sideBySide ?? []) {
    rows.push([s.cluster, '', label('node', lang), ...s.nodes, ...Array.from({ length: width - s.nodes.length }, () => ''), '', '']);
    for (const g of s.groups) {
      for (const r of g.rows) rows.push([s.cluster, g.label, r.key, ...r.values, ...Array.from({ length: width - r.values.length }, () => ''), r.differs ? label('differs', lang) : '', r.findings.map((f) => f.id).join(' ')]);
    }
  }
  return `\uFEFF${rows.map((r) => r.map(csvField).join(',')).join('\r\n')}\r\n`;
}
