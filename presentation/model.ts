// The presentation model: what a report says in every output. The CLI text, the app and the HTML/PDF export render it; none decides on its own what to show.
//
// Built per language from a Report; pure (no Node, no DOM), so the renderer
// runs it in the browser and in the server-side export alike. Archive text is
// passed through as it is: each output makes it safe for its device (the
// terminal with `safe`, a page with `visibleDeep` before building the model).
import type { Cluster, ClusterEvent } from '../analyzers/engine/cluster/cluster.js';
import type { Evidence, Finding, Severity } from '../analyzers/engine/plugin/findings.js';
import { httpsLink, SEVERITIES, severityRank } from '../analyzers/engine/plugin/findings.js';
import type { Lang, Text } from '../analyzers/engine/plugin/text.js';
import type { AnalyzerStatus, NodeReport, Report } from '../analyzers/engine/report/report.js';
// Each fact module adds its entry to the Facts interface: importing the types
// of every fact read here keeps node['kernel'] and the others typed in any
// program that compiles this file (the renderer's does not include the registry).
import type { CommPath } from '../analyzers/facts/comm-paths/index.js';
import type { DataKeeperFact, Mirror } from '../analyzers/facts/datakeeper/index.js';
import type { KernelFact } from '../analyzers/facts/kernel/index.js';
import type { LifeKeeperFact } from '../analyzers/facts/lifekeeper-version/index.js';
import type { LkscsidFact } from '../analyzers/facts/lkscsid/index.js';
import type { LifeKeeperMessagesFact, MessageEntry } from '../analyzers/facts/lifekeeper-messages/index.js';
import type { IdentityFact } from '../analyzers/facts/node-identity/index.js';
import type { OsFact } from '../analyzers/facts/os-release/index.js';
import type { Resource, ResourceChild } from '../analyzers/facts/resource-hierarchy/index.js';
import type { Resync } from '../analyzers/facts/resync-history/index.js';
import type { SettingsFact } from '../analyzers/facts/settings/index.js';
import type { TimelineEvent, TimelineFact } from '../analyzers/facts/timeline/index.js';
import type { Tone } from './format.js';
import { commPathAddress, formatBytes, formatSkew, formatTime, location, stateTone, where } from './format.js';
import { componentLabel, inlineLabel, label, listOf, nameSource, resyncKindLabel, SENTENCES, skewBasisLabel } from './labels.js';
import type { EvidenceBlock } from './evidence.js';
import { evidenceBlocks } from './evidence.js';
import type { Triage } from './triage.js';
import { triage } from './triage.js';
import type { ResyncChartView } from './resync-chart.js';
import { resyncChart } from './resync-chart.js';

export type { Severity, TimelineEvent, ClusterEvent, ResyncChartView };

/** A run of text with the tone it is shown in (a colour on a terminal); no tone is plain. */
export interface Span {
  text: string;
  tone?: Tone | 'strong';
}

/** One line of a summary row: `depth` levels further in than the first (a tree's children). */
export interface SummaryLine {
  depth: number;
  spans: Span[];
}

/** A labelled row of a node's summary: the first line beside the label, the others under it. */
export interface SummaryRow {
  label: string;
  lines: SummaryLine[];
  /** Listed under the row, further in: the members it names. */
  items: Span[][];
  /** The section of the node's details that draws this row in full (the app leaves the row out of its summary). */
  section?: 'hierarchy' | 'comm-paths' | 'mirrors';
}

// ---------------------------------------------------------------------------
// Decisions shared by every output

/** An analyzer that ran but left something out (a bound reached): its facts are partial, and say so. */
export function isPartlyChecked(a: AnalyzerStatus): a is AnalyzerStatus & { reason: Text } {
  return a.status === 'ran' && a.reason !== null;
}

/** Why a fact of this node is partial, or null when it is whole (or was not established). */
export function partlyCheckedReason(node: NodeReport, id: string): Text | null {
  const a = node.analyzers.find((x) => x.id === id && isPartlyChecked(x));
  return a?.reason ?? null;
}

/**
 * The clusters worth a section: several nodes compared, or a node alone
 * that names peers whose archives are missing or has earlier archives.
 * A node alone with neither is all in its own section.
 */
export function shownClusters(report: Pick<Report, 'clusters'>): Cluster[] {
  return report.clusters.filter((c) => c.nodes.length > 1 || c.missingPeers.length > 0 || c.earlierArchives.length > 0);
}

/** An analyzer that did not run whole. */
export interface AnalyzerCheck {
  id: string;
  kind: AnalyzerStatus['kind'];
  state: 'failed' | 'not-checked' | 'partly-checked';
  reason: string;
  /** How the list of them names the state after the id: ` (Failed)`, ` (partly checked)`, or nothing for not checked. */
  note: string;
}

export function analyzerChecks(analyzers: readonly AnalyzerStatus[], lang: Lang): AnalyzerCheck[] {
  const out: AnalyzerCheck[] = [];
  for (const a of analyzers) {
    const reason = a.reason?.[lang] ?? '';
    if (a.status === 'failed') out.push({ id: a.id, kind: a.kind, state: 'failed', reason, note: ` (${label('failed', lang)})` });
    else if (a.status === 'not-checked') out.push({ id: a.id, kind: a.kind, state: 'not-checked', reason, note: '' });
    else if (isPartlyChecked(a)) out.push({ id: a.id, kind: a.kind, state: 'partly-checked', reason, note: ` (${inlineLabel('partlyChecked', lang)})` });
  }
  return out;
}

/** Case-insensitive match of a search text against everything a finding shows, in both languages. */
export function findingMatches(f: Finding, q: string): boolean {
  if (!q) return true;
  const s = q.toLowerCase();
  return [f.id, f.node, f.title.en, f.title.ja, f.summary.en, f.summary.ja, ...f.evidence.map((e) => e.text)].some((x) => x.toLowerCase().includes(s));
}

export function eventMatches(e: TimelineEvent, q: string): boolean {
  if (!q) return true;
  const s = q.toLowerCase();
  return [e.title.en, e.title.ja, e.tag ?? '', e.msgid ?? '', ...e.evidence.map((x) => x.text)].some((x) => x.toLowerCase().includes(s));
}

// ---------------------------------------------------------------------------
// Findings

export interface EvidenceView {
  node: string | null;
  /** `path:line`, or the path and "the file itself". */
  location: string;
  /** `node: path:line`, compact. */
  where: string;
  text: string;
  before: string[];
  after: string[];
}

export interface FindingView {
  finding: Finding;
  /** Names the finding in this report, whatever the language (its place in `sortedFindings`): what links to it use. */
  key: string;
  id: string;
  severity: Severity;
  severityLabel: string;
  title: string;
  node: string;
  summary: string;
  /** What to do, in full, as plain text (code spans without their backticks). */
  remediation: string;
  /** The same, as runs of text and code, for outputs that can show code. */
  remediationSpans: CodeSpan[];
  /** What to do, in one line, as plain text (code spans without their backticks). */
  action: string;
  actionSpans: CodeSpan[];
  evidence: EvidenceView[];
  /** The evidence as one block per member: overlapping context merged, each line once, in line order, proving lines marked. */
  evidenceBlocks: EvidenceBlock[];
  /** The evidence as plain lines, to copy. */
  evidenceText: string;
  /** `(+5 more lines of evidence)` when a summary shows the first line only, else null. */
  moreEvidence: string | null;
  /** `url`: an https link with a host (`httpsLink`), or null: anything else is not a link and only the source and title are shown. */
  references: Array<{ source: string; title: string; url: string | null }>;
}

/** A run of a remedy's text: `code` when it stood between single backticks. */
export interface CodeSpan {
  text: string;
  code: boolean;
}

/**
 * A remedy's text as runs of text and code: `a` between single backticks is
 * code; nothing else is Markdown. A backtick without its pair, or a run of
 * two or more (``), stays as text; a code span does not cross a line.
 */
export function codeSpans(s: string): CodeSpan[] {
  const out: CodeSpan[] = [];
  const push = (text: string, code: boolean): void => {
    const last = out[out.length - 1];
    if (!text) return;
    if (last && !last.code && !code) last.text += text;
    else out.push({ text, code });
  };
  const re = /(?<!`)`([^`\n]+)`(?!`)/g;
  let at = 0;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    push(s.slice(at, m.index), false);
    push(m[1] ?? '', true);
    at = m.index + m[0].length;
  }
  push(s.slice(at), false);
  return out;
}

/** Spans as plain text: code without its backticks. */
export function plainText(spans: readonly CodeSpan[]): string {
  return spans.map((s) => s.text).join('');
}

function evidenceView(e: Evidence, lang: Lang): EvidenceView {
  return { node: e.node ?? null, location: location(e, lang), where: where(e), text: e.text, before: e.before ?? [], after: e.after ?? [] };
}

/** The findings in the order every output lists them: most severe first; within a severity, what spans nodes (a split brain) before what one node saw. */
export function sortedFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) => severityRank(a.severity) - severityRank(b.severity) || Number(b.node.includes('+')) - Number(a.node.includes('+')));
}

/** The key of the finding at this place of `sortedFindings`. */
export function findingKey(index: number): string {
  return `finding-${index}`;
}

function findingView(f: Finding, index: number, lang: Lang): FindingView {
  const evidence = f.evidence.map((e) => evidenceView(e, lang));
  const remediation = codeSpans(f.remediation[lang]);
  const action = codeSpans(f.action[lang]);
  return {
    finding: f,
    key: findingKey(index),
    id: f.id,
    severity: f.severity,
    severityLabel: label(f.severity, lang),
    title: f.title[lang],
    node: f.node,
    summary: f.summary[lang],
    remediation: plainText(remediation),
    remediationSpans: remediation,
    action: plainText(action),
    actionSpans: action,
    evidence,
    evidenceBlocks: evidenceBlocks(f.evidence),
    evidenceText: evidence.map((e) => `${e.where}  ${e.text}`).join('\n'),
    moreEvidence: f.evidence.length > 1 ? SENTENCES.moreEvidence[lang](f.evidence.length - 1) : null,
    references: f.references.map((r) => ({ source: r.source, title: r.title[lang], url: httpsLink(r.url) })),
  };
}

// ---------------------------------------------------------------------------
// Nodes

/** A resource of the hierarchy as shown: a shared child named again is a reference. */
export type TreeItem =
  | { ref: string }
  | {
      tag: string;
      /** `app/type`, `?` for either unknown. */
      kind: string;
      /** Whether app or type is known at all (the summary leaves `?/?` out). */
      kindKnown: boolean;
      state: string;
      stateTone: Tone;
      /** The state for a class name: `unknown` when there is none. */
      stateKey: string;
      priority: number | null;
      equivalencies: string[];
      children: TreeItem[];
    };

function treeItems(nodes: readonly ResourceChild[]): TreeItem[] {
  return nodes.map((n) => {
    if ('ref' in n) return { ref: n.ref };
    const state = n.state ?? '?';
    return {
      tag: n.tag,
      kind: `${n.app ?? '?'}/${n.type ?? '?'}`,
      kindKnown: Boolean(n.app || n.type),
      state,
      stateTone: stateTone(state),
      stateKey: n.state ?? 'unknown',
      priority: n.localPriority,
      equivalencies: n.equivalencies.map((e) => `${e.peer} (${e.peerTag}, ${e.priority ?? '?'})`),
      children: treeItems(n.children),
    };
  });
}

export interface CommPathView {
  peer: string;
  type: string;
  address: string;
  state: string;
  stateTone: Tone;
  /** `-` when not given. */
  priority: string;
  commDowns: number | null;
}

function commPathView(p: CommPath): CommPathView {
  return { peer: p.peer, type: p.type, address: commPathAddress(p), state: p.state, stateTone: stateTone(p.state), priority: p.priority === null ? '-' : String(p.priority), commDowns: p.commDowns };
}

export interface MirrorView {
  /** The md device, or '' when only mirror_status tells of the mirror. */
  device: string;
  tag: string;
  degraded: boolean;
  /** `[UU]` from /proc/mdstat, or '' when there is none. */
  health: string;
  members: string;
  bitmap: string;
  /** What mirror_status says: status, sync type, progress, bitmap size and dirty share. */
  status: string;
  /** The state class: a mirror not fully operational or degraded is shown as a problem. */
  tone: Tone;
}

type MirrorStatusFields = NonNullable<Mirror['status']>;

function mirrorStatusText(st: MirrorStatusFields | null, lang: Lang): string {
  if (!st) return '';
  const bitmap = st.bitmap ? SENTENCES.bitmap[lang](st.bitmap.bits, st.bitmap.dirty, st.bitmap.dirtyPercent, st.bitmap.none) : null;
  return SENTENCES.mirrorStatus[lang](st.status ?? '?', st.type, st.percent, bitmap);
}

function mirrorTone(degraded: boolean, st: MirrorStatusFields | null): Tone {
  if (degraded) return 'critical';
  if (st?.status && !/fully operational|in.?sync/i.test(st.status)) return 'warning';
  return 'good';
}

function mirrorView(m: Mirror, lang: Lang): MirrorView {
  return {
    device: m.device,
    tag: m.tag ?? '',
    degraded: m.degraded,
    health: m.health ?? '?',
    members: m.members.map((x) => x.device).join(' + '),
    bitmap: m.bitmap?.file ?? '',
    status: mirrorStatusText(m.status, lang),
    tone: mirrorTone(m.degraded, m.status),
  };
}

/** A mirror known from mirror_status alone (no /proc/mdstat in the archive). */
function statusOnlyMirrorView(u: DataKeeperFact['unmatchedStatus'][number], lang: Lang): MirrorView {
  return { device: '', tag: u.tag ?? '', degraded: false, health: '', members: '', bitmap: '', status: mirrorStatusText(u.status, lang), tone: mirrorTone(false, u.status) };
}

export interface ResyncRowView {
  time: string;
  tag: string;
  action: string;
  /** In the one convention of every output (KiB, MiB, GiB); the log's own figure is in `line`. */
  size: string;
  where: string;
  /** The log line as it was written. */
  line: string;
  nonZero: boolean;
}

export interface NodeView {
  /** The host name, or "unknown". */
  name: string;
  archive: string;
  /** The host name, or the archive where there is none. */
  shortName: string;
  /** The identity rows of the node's section (the collection time is '' when unknown). */
  identity: { collected: string; lifekeeper: string; kits: string; os: string; kernel: string };
  notes: string[];
  /** The ten-second summary, row by row. */
  summary: SummaryRow[];
  hierarchy: TreeItem[] | null;
  commPaths: CommPathView[] | null;
  datakeeper: {
    mirrors: MirrorView[];
    resyncs: {
      rows: ResyncRowView[];
      chart: ResyncChartView | null;
      /** Why the history is partial (its start and end kept): said beside the chart, whose gap is not an absence. */
      bound: string | null;
    } | null;
  } | null;
  timeline: { events: TimelineEvent[]; count: string } | null;
  settings: { differing: Array<{ key: string; value: string; default: string; where: string }> } | null;
  checks: AnalyzerCheck[];
  skipped: Array<{ path: string; reason: string }>;
  /** Members with lines no parser could read: how many, and the first few as they are. */
  unread: Array<{ path: string; count: number; first: EvidenceView[] }>;
  /** Where the node's name comes from, and names other sources gave. */
  naming: { source: string; others: string[] } | null;
  /** What of the archive was read and what was not, member by member: the detail behind the summary's Read row. */
  members: MemberList;
  /** The message ids no rule explains; null when there are none (or the report has no such fact). */
  messages: MessagesView | null;
}

export interface MemberList {
  /** `Members: 11 of 14 read`. */
  heading: string;
  read: Array<{ path: string; size: string; problem: string }>;
  /** Known by name and size only (core files): never read. */
  listed: Array<{ path: string; size: string }>;
  skipped: Array<{ path: string; reason: string }>;
  /** Members no check reads: how many, and the first names. */
  unused: { count: number; sample: string[] };
  /** Entries counted in the total that are none of these: folders (and read members past the list's bound). */
  other: number;
}

function memberList(m: NodeReport['members'], lang: Lang): MemberList {
  const listedOrSkipped = m.listed.length + m.skipped.length;
  return {
    heading: SENTENCES.membersHeading[lang](m.read.length, m.total),
    read: m.read.map((r) => ({ path: r.path, size: formatBytes(r.bytes), problem: r.problem?.[lang] ?? '' })),
    listed: m.listed.map((x) => ({ path: x.path, size: formatBytes(x.bytes) })),
    skipped: m.skipped.map((x) => ({ path: x.path, reason: x.reason[lang] })),
    unused: { count: m.unused.count, sample: m.unused.sample },
    other: Math.max(0, m.total - m.read.length - listedOrSkipped - m.unused.count),
  };
}

function row(label: string, value: string | Span[], items: Span[][] = []): SummaryRow {
  return { label, lines: [{ depth: 0, spans: typeof value === 'string' ? [{ text: value }] : value }], items };
}

function treeLines(items: readonly TreeItem[], depth = 0): SummaryLine[] {
  const out: SummaryLine[] = [];
  for (const n of items) {
    if ('ref' in n) {
      out.push({ depth, spans: [{ text: `↳ ${n.ref}`, tone: 'muted' }] });
      continue;
    }
    // A resource seen only through lcdstatus -q has no app or type: its state follows its tag.
    const kind: Span[] = n.kindKnown ? [{ text: n.kind, tone: 'muted' }, { text: '  ' }] : [];
    out.push({ depth, spans: [{ text: n.tag }, { text: '  ' }, ...kind, { text: n.state, tone: n.stateTone }] });
    out.push(...treeLines(n.children, depth + 1));
  }
  return out;
}

/** The kits every output names: the GUI is part of every installation, the others say what is protected. */
export function protectingKits(lk: Pick<LifeKeeperFact, 'kits'>): string[] {
  return lk.kits.filter((k) => k !== 'GUI');
}

function nodeView(node: NodeReport, lang: Lang): NodeView {
  const L = (k: Parameters<typeof label>[0]): string => label(k, lang);
  const identity: IdentityFact | undefined = node['node-identity'];
  const lk: LifeKeeperFact | undefined = node['lifekeeper-version'];
  const os: OsFact | undefined = node['os-release'];
  const kernel: KernelFact | undefined = node['kernel'];
  const resources: Resource[] | undefined = node['resource-hierarchy'];
  const comm: CommPath[] | undefined = node['comm-paths'];
  const resyncs: Resync[] = node['resync-history'] ?? [];
  const datakeeper: DataKeeperFact | undefined = node['datakeeper'];
  const lkscsid: LkscsidFact | undefined = node['lkscsid'];
  const timeline: TimelineFact | undefined = node['timeline'];
  const settings: SettingsFact | undefined = node['settings'];
  const osName = os ? os.prettyName ?? `${os.name} ${os.version}` : L('unknown');
  const collected = identity?.collectedAt ? `${formatTime(identity.collectedAt)}${identity.collectedAtZone ? ` ${identity.collectedAtZone}` : ''}` : null;
  const kept = (id: string): string => (partlyCheckedReason(node, id) ? ` ${L('keptOnly')}` : '');
  const checks = analyzerChecks(node.analyzers, lang);
  const hierarchy = resources?.length ? treeItems(resources) : null;
  const commPaths = comm?.map(commPathView) ?? null;
  const mirrors = [...(datakeeper?.mirrors ?? []).map((x) => mirrorView(x, lang)), ...(datakeeper?.unmatchedStatus ?? []).map((u) => statusOnlyMirrorView(u, lang))];
  const m = node.members;

  const summary: SummaryRow[] = [];
  // An archive that is not LifeKeeper for Linux says so before anything else.
  if (!node.recognized) for (const n of node.notes) summary.push(row(L('notLinux'), [{ text: n[lang], tone: 'warning' }]));
  if (identity?.hostnameSource) {
    summary.push(row(L('nameSource'), nameSource(identity.hostnameSource, lang)));
    for (const o of identity.otherNames ?? []) summary.push(row(L('otherNames'), [{ text: SENTENCES.otherName[lang](o.name, nameSource(o.source, lang)), tone: 'warning' }]));
  }
  if (collected) summary.push(row(L('collected'), collected));
  if (lk) {
    const kits = protectingKits(lk);
    const core = lk.version ? `${lk.version}${lk.release ? ` (steeleye-lk-${lk.version}-${lk.release})` : ''}` : L('notInstalled');
    summary.push(row(L('lifekeeper'), kits.length ? `${core}  ${inlineLabel('kits', lang)}: ${listOf(kits, lang)}` : core));
  } else summary.push(row(L('lifekeeper'), L('unknown')));
  summary.push(row(L('os'), osName));
  summary.push(row(L('kernel'), kernel ? kernel.release : L('unknown')));
  if (hierarchy) summary.push({ label: L('hierarchyRow'), lines: treeLines(hierarchy), items: [], section: 'hierarchy' });
  if (commPaths) {
    const lines = commPaths.map((p): SummaryLine => ({
      depth: 0,
      spans: [
        { text: `${p.peer}  ${p.type} ${p.address}  ` },
        { text: p.state, tone: p.stateTone },
        { text: `  ${inlineLabel('priority', lang)} ${p.priority}${p.commDowns !== null ? `  #comm_downs=${p.commDowns}` : ''}` },
      ],
    }));
    summary.push({ label: L('commPathsRow'), lines: lines.length ? lines : [{ depth: 0, spans: [{ text: L('none') }] }], items: [], section: 'comm-paths' });
  }
  if (mirrors.length) {
    const lines = mirrors.map((x): SummaryLine => ({
      depth: 0,
      spans: [{ text: [x.tag, x.device, x.health].filter(Boolean).join('  ') }, { text: x.status ? `  ${x.status}` : '', tone: x.tone }],
    }));
    summary.push({ label: L('mirrorsRow'), lines, items: [], section: 'mirrors' });
  }
  if (resyncs.length) {
    const partial = resyncs.filter((r) => r.kind === 'partial');
    const bytes = partial.reduce((n, r) => n + (r.bytes ?? 0), 0);
    const nonZero = partial.filter((r) => (r.bytes ?? 0) > 0).length;
    const last = resyncs[resyncs.length - 1];
    summary.push(row(L('resyncsRow'), SENTENCES.resyncSummary[lang](partial.length, nonZero, formatBytes(bytes), formatTime(last?.time), kept('resync-history'))));
  }
  // The restarts are the starts outside a LifeKeeper startup (the fact's restartsOf; the report holds each start once).
  const restarts = (lkscsid?.starts ?? []).filter((s) => !s.duringStartup);
  if (restarts.length) {
    const last = restarts[restarts.length - 1];
    summary.push(row('lkscsid', [{ text: SENTENCES.lkscsidRestarts[lang](restarts.length, formatTime(last?.time, 'keep'), kept('lkscsid')), tone: 'warning' }]));
  }
  summary.push(row(L('read'), SENTENCES.membersRead[lang](m.read.length, m.total, m.unused.count)));
  const cores = m.listed.filter((x) => x.input === 'core-file');
  if (cores.length) {
    const total = cores.reduce((n, x) => n + x.bytes, 0);
    const names = listOf(cores.slice(0, 4).map((x) => x.path.replace(/^.*\//, '')), lang);
    summary.push(row(L('coreFiles'), SENTENCES.coreFiles[lang](cores.length, formatBytes(total), cores.length > 4 ? listOf([names, '…'], lang) : names)));
  }
  if (m.skipped.length) {
    const items: Span[][] = m.skipped.slice(0, 8).map((s) => [{ text: s.path, tone: 'muted' }, { text: `: ${s.reason[lang]}` }]);
    if (m.skipped.length > 8) items.push([{ text: `… +${m.skipped.length - 8}` }]);
    summary.push(row(L('skippedRow'), String(m.skipped.length), items));
  }
  // Facts say why part of the picture is missing; rules that could not run for it are only counted.
  // An archive that is not LifeKeeper for Linux was not analyzed at all: one line says so, not one per check.
  const notRun = checks.filter((c) => c.state !== 'partly-checked');
  if (!node.recognized && notRun.length) summary.push(row(L('notChecked'), SENTENCES.checksNotRun[lang](notRun.length)));
  for (const c of node.recognized ? checks : []) {
    if (c.state === 'failed' || (c.state === 'not-checked' && c.kind === 'fact')) summary.push(row(c.state === 'failed' ? L('failed') : L('notChecked'), `${c.id}: ${c.reason}`));
  }
  for (const c of checks.filter((x) => x.state === 'partly-checked')) summary.push(row(L('partlyChecked'), `${c.id}: ${c.reason}`));
  const rulesNotChecked = checks.filter((x) => x.state === 'not-checked' && x.kind === 'rule');
  if (rulesNotChecked.length && node.recognized) summary.push(row(L('notChecked'), SENTENCES.rulesMissingInputs[lang](rulesNotChecked.length, listOf(rulesNotChecked.map((a) => a.id), lang))));
  for (const r of m.read) if (r.problem) summary.push(row(L('partlyRead'), `${r.path}: ${r.problem[lang]}`));
  const unread = m.read.flatMap((r) => (r.unread ? [{ path: r.path, count: r.unread.lines, first: r.unread.first.map((e) => evidenceView(e, lang)) }] : []));
  for (const u of unread) {
    summary.push(row(L('unreadLines'), SENTENCES.unreadLines[lang](u.path, u.count), u.first.map((e) => [{ text: `${e.location}`, tone: 'muted' }, { text: `  ${e.text}` }])));
  }
  if (node.recognized) for (const n of node.notes) summary.push(row(L('notes'), n[lang]));

  const resyncBound = partlyCheckedReason(node, 'resync-history');
  return {
    name: node.hostname ?? L('unknown'),
    archive: node.archive,
    shortName: node.hostname ?? node.archive,
    identity: {
      collected: collected ?? '',
      lifekeeper: `${lk?.version ?? L('unknown')}${lk?.release ? ` (${lk.release})` : ''}`,
      kits: listOf(lk ? protectingKits(lk) : [], lang) || L('none'),
      os: osName,
      kernel: kernel?.release ?? L('unknown'),
    },
    notes: node.notes.map((n) => n[lang]),
    summary,
    hierarchy,
    commPaths,
    datakeeper: mirrors.length || resyncs.length
      ? {
          mirrors,
          resyncs: resyncs.length
            ? {
                rows: resyncs.map((r) => ({ time: formatTime(r.time), tag: r.tag, action: `${resyncKindLabel(r.kind, lang)} / ${r.action}`, size: r.bytes !== null ? formatBytes(r.bytes) : (r.size ?? ''), where: where(r.evidence), line: r.evidence.text, nonZero: (r.bytes ?? 0) > 0 })),
                chart: resyncChart(resyncs),
                bound: resyncBound?.[lang] ?? null,
              }
            : null,
        }
      : null,
    timeline: timeline ? { events: timeline.events, count: SENTENCES.eventCount[lang](timeline.events.length) } : null,
    settings: settings
      ? { differing: settings.lifekeeper.filter((s) => s.differs).map((s) => ({ key: s.key, value: s.value, default: s.default ?? '', where: where(s.evidence) })) }
      : null,
    checks,
    skipped: m.skipped.slice(0, 50).map((s) => ({ path: s.path, reason: s.reason[lang] })),
    unread,
    members: memberList(m, lang),
    naming: identity?.hostnameSource
      ? { source: nameSource(identity.hostnameSource, lang), others: (identity.otherNames ?? []).map((o) => SENTENCES.otherName[lang](o.name, nameSource(o.source, lang))) }
      : null,
    messages: messagesView(node['lifekeeper-messages'], lang),
  };
}

// ---------------------------------------------------------------------------
// Messages no rule explains: information beside the findings, never a finding (we cannot say how severe they are)

export interface MessageView {
  msgid: string;
  /** As LifeKeeper logged it (EMERG, FATAL, ERROR, WARN): its own word, not one of our severities. */
  severity: string;
  count: number;
  /** The first time, and the last when it differs: `2024-05-20 09:41:14 – 2024-05-21 10:00:00`; '' for lines without a time. */
  when: string;
  /** The component its id prefix names, said to be inferred, or that it is not known. */
  component: string;
  /** The component field of its line as logged (`filesys`), or ''. */
  loggedComponent: string;
  /** What it means, or that no public source says. */
  meaning: string;
  meaningKnown: boolean;
  /** What to do, where the source says it. */
  action: CodeSpan[] | null;
  source: { source: string; title: string; url: string | null } | null;
  /** Its earliest line. */
  evidence: EvidenceView;
  evidenceBlocks: EvidenceBlock[];
}

export interface MessagesView {
  entries: MessageView[];
  /** `2 message ids no rule explains`. */
  count: string;
  /** What the list is, and is not. */
  note: string;
  /** Ids past the fact's bound, counted, not listed; or null. */
  overflow: string | null;
}

function messageView(m: MessageEntry, lang: Lang): MessageView {
  const first = formatTime(m.first);
  const last = formatTime(m.last);
  return {
    msgid: m.msgid,
    severity: m.severity,
    count: m.count,
    when: first && last && last !== first ? `${first} – ${last}` : first,
    component: m.component ? SENTENCES.componentByPrefix[lang](m.component[lang]) : label('componentNotKnown', lang),
    loggedComponent: m.loggedComponent,
    meaning: m.meaning?.[lang] ?? label('meaningNotKnown', lang),
    meaningKnown: m.meaning !== null,
    action: m.action ? codeSpans(m.action[lang]) : null,
    source: m.source ? { source: m.source.source, title: m.source.title[lang], url: httpsLink(m.source.url) } : null,
    evidence: evidenceView(m.evidence, lang),
    evidenceBlocks: evidenceBlocks([m.evidence]),
  };
}

export function messagesView(fact: LifeKeeperMessagesFact | undefined, lang: Lang): MessagesView | null {
  if (!fact) return null;
  const entries = fact.messages.filter((m) => m.explainedBy.length === 0).map((m) => messageView(m, lang));
  const overflow = fact.overflow.ids > 0 ? SENTENCES.messagesOverflow[lang](fact.overflow.ids, fact.overflow.lines) : null;
  if (entries.length === 0 && !overflow) return null;
  return { entries, count: SENTENCES.unexplainedCount[lang](entries.length), note: label('unexplainedNote', lang), overflow };
}

// ---------------------------------------------------------------------------
// Clusters

export interface ClusterView {
  id: string;
  /** `lk-node1 + lk-node2` */
  title: string;
  /** What the section is headed as: a cluster of several nodes, or a node alone (whose peers' archives are missing). */
  heading: string;
  nodes: string[];
  /** Peers whose archives were not given, or null: information (what another archive would add), not a problem. */
  missingPeers: string | null;
  earlierArchives: Array<{ node: string; archive: string; collected: string }>;
  /** Whether several nodes are compared: hierarchies side by side, paths from both sides, skew, the merged timeline. */
  compared: boolean;
  hierarchies: Array<{ tag: string; inServiceOnSeveral: boolean; states: Array<string | null> }>;
  commPaths: Array<{ pair: string; type: string; addresses: string; asymmetric: boolean; a: { text: string; key: string }; b: { text: string; key: string } }>;
  skew: Array<{ node: string; offset: string; basis: string }>;
  timeline: ClusterEvent[];
  timelineCount: string;
  /** The merged timeline's heading: whose clock its times are on; and the note under it, how the others were corrected. */
  timelineHeading: string;
  timelineNote: string;
  /** The cluster's lines of the ten-second summary. */
  summary: Span[][];
}

/** Hierarchies listed in a cluster's summary lines; the rest are counted (the app's cluster view lists them all). */
const MAX_CLUSTER_HIERARCHIES = 40;

function clusterView(c: Cluster, lang: Lang): ClusterView {
  const summary: Span[][] = [];
  const missingPeers = c.missingPeers.length ? listOf(c.missingPeers, lang) : null;
  // A missing peer's archive is what the reader may add, not something wrong with the node.
  if (missingPeers) summary.push([{ text: SENTENCES.missingPeers[lang](missingPeers), tone: 'muted' }]);
  for (const e of c.earlierArchives) {
    summary.push([{ text: SENTENCES.earlierArchive[lang](e.node, e.archive, e.collectedAt ? formatTime(e.collectedAt) : label('unknown', lang)), tone: 'muted' }]);
  }
  // Every hierarchy, in service somewhere or not (one out of service on every node is news too), where
  // several nodes are compared; a node alone shows its states in its own section.
  const compared = c.nodes.length > 1 ? c.hierarchies : [];
  for (const h of compared.slice(0, MAX_CLUSTER_HIERARCHIES)) {
    const spans: Span[] = [{ text: `${h.tag}  ` }];
    Object.entries(h.states).forEach(([n, s], i) => {
      const state = s ?? '?';
      spans.push({ text: `${i > 0 ? '  ' : ''}${n} ` }, { text: state, tone: stateTone(state) });
    });
    summary.push(spans);
  }
  if (compared.length > MAX_CLUSTER_HIERARCHIES) summary.push([{ text: `… +${compared.length - MAX_CLUSTER_HIERARCHIES}`, tone: 'muted' }]);
  for (const p of c.commPaths.filter((x) => x.asymmetric)) {
    summary.push([{ text: `${label('asymmetricPath', lang)} ${p.type} ${p.addresses}: ${p.a} ${p.stateA ?? '?'} / ${p.b} ${p.stateB ?? '-'}`, tone: 'warning' }]);
  }
  for (const s of c.skew) {
    if (s.offsetMs !== null && s.offsetMs !== 0) summary.push([{ text: SENTENCES.clockSkew[lang](s.node, c.skew[0]?.node ?? '', formatSkew(Math.abs(s.offsetMs), lang), s.offsetMs > 0, s.samples) }]);
  }
  const reference = c.skew.find((s) => s.offsetMs === 0 && s.samples === 0)?.node ?? c.nodes[0] ?? '';
  return {
    id: c.id,
    title: c.nodes.join(' + '),
    heading: `${label(c.nodes.length > 1 ? 'cluster' : 'node', lang)} ${c.nodes.join(' + ')}`,
    nodes: c.nodes,
    missingPeers,
    earlierArchives: c.earlierArchives.map((e) => ({ node: e.node, archive: e.archive, collected: e.collectedAt ? formatTime(e.collectedAt) : '?' })),
    compared: c.nodes.length > 1,
    hierarchies: c.hierarchies.map((h) => ({ tag: h.tag, inServiceOnSeveral: h.inService.length > 1, states: c.nodes.map((n) => h.states[n] ?? null) })),
    commPaths: c.commPaths.map((p) => ({
      pair: `${p.a} ⇄ ${p.b}`,
      type: p.type,
      addresses: p.addresses,
      asymmetric: p.asymmetric,
      a: { text: `${p.a}: ${p.stateA ?? '?'}`, key: p.stateA ?? '' },
      b: { text: `${p.b}: ${p.stateB ?? '—'}`, key: p.stateB ?? 'unknown' },
    })),
    skew: c.skew.map((s) => ({ node: s.node, offset: s.offsetMs === null ? label('notEstimated', lang) : formatSkew(s.offsetMs, lang), basis: skewBasisLabel(s.basis, s.samples, lang) })),
    timeline: c.timeline,
    timelineCount: SENTENCES.eventCount[lang](c.timeline.length),
    timelineHeading: SENTENCES.mergedTimeline[lang](reference),
    timelineNote: SENTENCES.mergedTimelineNote[lang](reference),
    summary,
  };
}

/** A timeline event as a row shows it (a node's timeline or a cluster's lanes). */
export interface EventRow {
  time: string;
  /** When a group of lines ends, or '' for a single line. */
  lastTime: string;
  severity: string;
  title: string;
  /** ` ×3` when the event stands for several lines, else ''. */
  count: string;
  where: string;
  /** The part of the cluster the event concerns (LifeKeeper, a resource, a comm path ...), in the report's language; '' when not given. */
  component: string;
}

/** Timelines hold thousands of events: each is made a row only when shown. */
export function eventRow(e: { time: string | null; lastTime?: string | null; severity: Severity; title: Text; count: number; evidence: readonly Evidence[]; component?: string }, lang: Lang): EventRow {
  const first = e.evidence[0];
  return {
    time: e.time === null ? label('untimed', lang) : formatTime(e.time),
    lastTime: formatTime(e.lastTime),
    severity: label(e.severity, lang),
    title: e.title[lang],
    count: e.count > 1 ? ` ×${e.count}` : '',
    where: first ? where(first) : '',
    component: e.component ? componentLabel(e.component, lang) : '',
  };
}

// ---------------------------------------------------------------------------
// The report

export interface ReportView {
  lang: Lang;
  /** What every output says first: the worst finding of each node, the verdict, what was and was not checked. */
  triage: Triage;
  /** `LifeKeeper Support Analyzer 0.1.0`: the first line of the text summary. */
  heading: string;
  severityCounts: Array<{ severity: Severity; label: string; count: number }>;
  nodes: NodeView[];
  clusters: ClusterView[];
  findings: FindingView[];
  /** Said when there is no finding at all, else null. */
  noFindings: string | null;
  /** Whether the text summary has a findings section: not when no archive gave a node. */
  findingsSection: boolean;
  /** Said when names and addresses are pseudonyms, else null. */
  redacted: { note: string; banner: string } | null;
  /** Archives that were not an archive at all. */
  unreadable: Array<{ file: string; problem: string }>;
  /** Archives not read whole: unreadable, or cut short. */
  notReadWhole: Array<{ file: string; problem: string }>;
  generator: string;
  generatedAt: string;
  rulePacks: string;
  analyzerCount: number;
  /** Names the report in a page title: the nodes' host names or archives. */
  title: string;
}

/** Names the report in a page title and a PDF header: the product, then the nodes' host names (or archives). */
export function reportTitle(report: Pick<Report, 'nodes'>, lang: Lang): string {
  return `${label('productName', lang)} — ${listOf(report.nodes.map((n) => n.hostname ?? n.archive), lang)}`;
}

export function present(report: Report, lang: Lang): ReportView {
  const summary = triage(report, lang);
  const problem = (a: Report['archives'][number]): { file: string; problem: string } => ({ file: a.file, problem: a.problem?.[lang] ?? '' });
  return {
    lang,
    triage: summary,
    heading: `${label('productName', lang)} ${report.generator.version}`,
    severityCounts: SEVERITIES.map((s) => ({ severity: s, label: label(s, lang), count: report.findings.filter((f) => f.severity === s).length })),
    nodes: report.nodes.map((n) => nodeView(n, lang)),
    clusters: shownClusters(report).map((c) => clusterView(c, lang)),
    findings: sortedFindings(report.findings).map((f, i) => findingView(f, i, lang)),
    // One verdict, the triage's: never an all-clear for what could not be analyzed or checked.
    noFindings: summary.verdict,
    findingsSection: report.nodes.length > 0,
    redacted: report.redaction ? { note: label('redactedNote', lang), banner: label('redacted', lang) } : null,
    unreadable: report.archives.filter((a) => a.status === 'unreadable').map(problem),
    notReadWhole: report.archives.filter((a) => a.status !== 'read').map(problem),
    generator: `lkanalyze ${report.generator.version}`,
    generatedAt: formatTime(report.generatedAt),
    rulePacks: report.rulePacks.map((p) => `${p.name}@${p.version}`).join(', ') || label('none', lang),
    analyzerCount: report.nodes[0]?.analyzers.length ?? 0,
    title: reportTitle(report, lang),
  };
}
