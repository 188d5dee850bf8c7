// The ten-second summary: per node its identity, then findings by severity
// with their first evidence line, then what could not be read or checked.
import type { Finding, Severity } from '../analyzers/engine/plugin/findings.js';
import { SEVERITIES } from '../analyzers/engine/plugin/findings.js';
import { formatBytes } from '../analyzers/engine/report/units.js';
import type { Cluster } from '../analyzers/engine/cluster/cluster.js';
import type { NodeReport, Report } from '../analyzers/engine/report/report.js';
import type { Lang } from '../analyzers/engine/plugin/text.js';
import type { IdentityFact } from '../analyzers/facts/node-identity/index.js';
import type { KernelFact } from '../analyzers/facts/kernel/index.js';
import type { LifeKeeperFact } from '../analyzers/facts/lifekeeper-version/index.js';
import type { OsFact } from '../analyzers/facts/os-release/index.js';
import type { CommPath } from '../analyzers/facts/comm-paths/index.js';
import type { LkscsidFact } from '../analyzers/facts/lkscsid/index.js';
import type { ResourceChild } from '../analyzers/facts/resource-hierarchy/index.js';
import type { Resync } from '../analyzers/facts/resync-history/index.js';
import { label, severityLabel } from './labels.js';

export interface TextOptions {
  lang: Lang;
  color: boolean;
}

const COLORS: Record<Severity | 'dim' | 'bold' | 'good', [number, number]> = {
  good: [32, 39],
  critical: [31, 39],
  warning: [33, 39],
  info: [36, 39],
  dim: [2, 22],
  bold: [1, 22],
};

function paint(o: TextOptions, style: keyof typeof COLORS, s: string): string {
  if (!o.color) return s;
  const [on, off] = COLORS[style];
  return `\u001b[${on}m${s}\u001b[${off}m`;
}

/** Archive text is printed as text: control characters are shown, never interpreted by the terminal. */
export function safe(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function row(o: TextOptions, key: string, value: string): string {
  const width = o.lang === 'ja' ? 14 : 12;
  const pad = Math.max(width - displayWidth(key), 1);
  return `  ${paint(o, 'dim', key)}${' '.repeat(pad)}${value}`;
}

/** Terminal columns: CJK characters take two. */
function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return w;
}

const STATE_STYLE: Record<string, keyof typeof COLORS> = { ISP: 'good', ISU: 'warning', OSF: 'critical', ILLSTATE: 'critical', OSU: 'dim', ALIVE: 'good', DEAD: 'critical' };

function state(o: TextOptions, s: string | null): string {
  const v = s ?? '?';
  return paint(o, STATE_STYLE[v] ?? 'dim', v);
}

/** The hierarchy as an indented tree: tag, app/type, state; shared children by reference. */
function hierarchyLines(roots: readonly ResourceChild[], o: TextOptions): string[] {
  const out: string[] = [];
  const walk = (nodes: readonly ResourceChild[], depth: number): void => {
    for (const n of nodes) {
      const indent = '  '.repeat(depth);
      if ('ref' in n) {
        out.push(`${indent}${paint(o, 'dim', `↳ ${safe(n.ref)}`)}`);
        continue;
      }
      const kind = n.app || n.type ? paint(o, 'dim', `${safe(n.app ?? '?')}/${safe(n.type ?? '?')}`) : '';
      out.push(`${indent}${safe(n.tag)}  ${kind}  ${state(o, n.state)}`);
      walk(n.children, depth + 1);
    }
  };
  walk(roots, 0);
  return out;
}

function nodeBlock(node: NodeReport, o: TextOptions): string[] {
  const L = (k: Parameters<typeof label>[0]) => label(k, o.lang);
  const identity = node['node-identity'] as IdentityFact | undefined;
  const lk = node['lifekeeper-version'] as LifeKeeperFact | undefined;
  const os = node['os-release'] as OsFact | undefined;
  const kernel = node['kernel'] as KernelFact | undefined;
  const out: string[] = [];
  out.push(`${paint(o, 'bold', `■ ${safe(node.hostname ?? L('unknown'))}`)}  ${paint(o, 'dim', `(${safe(node.archive)})`)}`);
  if (identity?.collectedAt) out.push(row(o, L('collected'), `${identity.collectedAt.replace('T', ' ')}${identity.collectedAtZone ? ' ' + safe(identity.collectedAtZone) : ''}`));
  if (lk) {
    const core = lk.version ? `${safe(lk.version)}${lk.release ? ` (steeleye-lk-${safe(lk.version)}-${safe(lk.release)})` : ''}` : L('notInstalled');
    const kits = lk.kits.filter((k) => k !== 'GUI');
    out.push(row(o, L('lifekeeper'), kits.length ? `${core}  ${L('kits')}: ${kits.map(safe).join(', ')}` : core));
  } else out.push(row(o, L('lifekeeper'), L('unknown')));
  out.push(row(o, L('os'), os ? safe(os.prettyName ?? `${os.name} ${os.version}`) : L('unknown')));
  out.push(row(o, L('kernel'), kernel ? safe(kernel.release) : L('unknown')));
  const indent = ' '.repeat(o.lang === 'ja' ? 16 : 14);
  const resources = node['resource-hierarchy'] as ResourceChild[] | undefined;
  if (resources?.length) {
    const [first, ...rest] = hierarchyLines(resources, o);
    out.push(row(o, L('hierarchy'), first ?? ''), ...rest.map((l) => indent + l));
  }
  const comm = node['comm-paths'] as CommPath[] | undefined;
  if (comm) {
    const lines = comm.map((p) => {
      const via = p.type === 'TTY' ? p.device ?? '' : `${p.localAddress ?? ''}/${p.remoteAddress ?? ''}`;
      const downs = p.commDowns !== null ? `  #comm_downs=${p.commDowns}` : '';
      return `${safe(p.peer)}  ${safe(p.type)} ${safe(via)}  ${state(o, p.state)}  ${L('priority')} ${p.priority ?? '-'}${downs}`;
    });
    if (lines.length === 0) lines.push(L('none'));
    const [first, ...rest] = lines;
    out.push(row(o, L('commPaths'), first ?? ''), ...rest.map((l) => indent + l));
  }
  // A fact that reached its bound holds the first and last entries only: its counts are of those, and say so.
  const bounded = (id: string): string => (node.analyzers.some((a) => a.id === id && a.status === 'ran' && a.reason) ? ` ${L('keptOnly')}` : '');
  const resyncs = node['resync-history'] as Resync[] | undefined;
  if (resyncs?.length) {
    const partial = resyncs.filter((r) => r.kind === 'partial');
    const bytes = partial.reduce((n, r) => n + (r.bytes ?? 0), 0);
    const nonZero = partial.filter((r) => (r.bytes ?? 0) > 0).length;
    const last = resyncs[resyncs.length - 1];
    out.push(row(o, L('resyncs'), o.lang === 'ja'
      ? `部分再同期 ${partial.length} 回 (うち差分あり ${nonZero} 回、合計 ${formatBytes(bytes)})、最終 ${last?.time.replace('T', ' ').slice(0, 19) ?? ''}${bounded('resync-history')}`
      : `${partial.length} partial (${nonZero} non-zero, ${formatBytes(bytes)} in all), last ${last?.time.replace('T', ' ').slice(0, 19) ?? ''}${bounded('resync-history')}`));
  }
  const lkscsid = node['lkscsid'] as LkscsidFact | undefined;
  if (lkscsid?.restarts.length) {
    out.push(row(o, 'lkscsid', paint(o, 'warning', o.lang === 'ja'
      ? `起動処理以外での再起動 ${lkscsid.restarts.length} 回 (最終 ${lkscsid.restarts[lkscsid.restarts.length - 1]?.time.replace('T', ' ') ?? ''})${bounded('lkscsid')}`
      : `${lkscsid.restarts.length} restart(s) outside LifeKeeper startup (last ${lkscsid.restarts[lkscsid.restarts.length - 1]?.time.replace('T', ' ') ?? ''})${bounded('lkscsid')}`)));
  }
  const m = node.members;
  out.push(row(o, L('read'), `${m.read.length} / ${m.total} ${L('members')} (${m.unused.count} ${L('unused')})`));
  const cores = m.listed.filter((x) => x.input === 'core-file');
  if (cores.length) {
    const total = cores.reduce((n, x) => n + x.bytes, 0);
    out.push(row(o, L('coreFiles'), `${cores.length} (${formatBytes(total)}): ${cores.slice(0, 4).map((x) => safe(x.path.replace(/^.*\//, ''))).join(', ')}${cores.length > 4 ? ', …' : ''}`));
  }
  if (m.skipped.length) {
    out.push(row(o, L('skipped'), `${m.skipped.length}`));
    for (const s of m.skipped.slice(0, 8)) out.push(`      ${paint(o, 'dim', safe(s.path))}: ${safe(s.reason[o.lang])}`);
    if (m.skipped.length > 8) out.push(`      … +${m.skipped.length - 8}`);
  }
  // Facts say why part of the picture is missing; rules that could not run for it are only counted.
  for (const a of node.analyzers.filter((x) => x.status === 'failed' || (x.status === 'not-checked' && x.kind === 'fact'))) {
    out.push(row(o, a.status === 'failed' ? L('failed') : L('notChecked'), `${a.id}: ${safe(a.reason?.[o.lang] ?? '')}`));
  }
  for (const a of node.analyzers.filter((x) => x.status === 'ran' && x.reason)) out.push(row(o, L('partlyChecked'), `${a.id}: ${safe(a.reason?.[o.lang] ?? '')}`));
  const rulesNotChecked = node.analyzers.filter((x) => x.status === 'not-checked' && x.kind === 'rule');
  if (rulesNotChecked.length) {
    out.push(row(o, L('notChecked'), `${rulesNotChecked.length} ${L('rulesMissingInputs')}: ${rulesNotChecked.map((a) => a.id).join(', ')}`));
  }
  for (const r of m.read.filter((x) => x.problem)) out.push(row(o, L('partial'), `${safe(r.path)}: ${safe(r.problem?.[o.lang] ?? '')}`));
  for (const n of node.notes) out.push(row(o, L('notes'), safe(n[o.lang])));
  return out;
}

function clusterBlock(c: Cluster, o: TextOptions): string[] {
  const ja = o.lang === 'ja';
  const out = [paint(o, 'bold', `${ja ? '◆ クラスタ' : '◆ Cluster'} ${safe(c.nodes.join(' + '))}`)];
  if (c.missingPeers.length) {
    out.push(`  ${paint(o, 'warning', ja ? `相手ノード ${safe(c.missingPeers.join(', '))} のアーカイブがありません(あればノード間のチェックを追加できます)` : `no archive of peer ${safe(c.missingPeers.join(', '))}: its archive would add cross-node checks`)}`);
  }
  for (const e of c.earlierArchives) {
    const at = e.collectedAt?.replace('T', ' ') ?? (ja ? '不明' : 'unknown');
    out.push(`  ${paint(o, 'dim', ja ? `${safe(e.node)} の以前のアーカイブ ${safe(e.archive)}(取得 ${safe(at)})は単独で解析し、クラスタの比較には最新のものを使用` : `earlier archive of ${safe(e.node)}: ${safe(e.archive)} (collected ${safe(at)}), analyzed on its own; the cluster compares the latest`)}`);
  }
  const inService = c.hierarchies.filter((h) => h.inService.length > 0);
  for (const h of inService.slice(0, 12)) {
    const states = Object.entries(h.states).map(([n, s2]) => `${safe(n)} ${state(o, s2)}`).join('  ');
    out.push(`  ${safe(h.tag)}  ${states}`);
  }
  for (const p of c.commPaths.filter((x) => x.asymmetric)) {
    out.push(`  ${paint(o, 'warning', `${ja ? '非対称なパス' : 'asymmetric path'} ${safe(p.type)} ${safe(p.addresses)}: ${safe(p.a)} ${p.stateA ?? '?'} / ${safe(p.b)} ${p.stateB ?? '-'}`)}`);
  }
  for (const s2 of c.skew.filter((x) => x.offsetMs !== null && x.offsetMs !== 0)) {
    out.push(`  ${ja ? '時刻差' : 'clock skew'} ${safe(s2.node)}: ${((s2.offsetMs ?? 0) / 1000).toFixed(0)} s (${s2.samples})`);
  }
  return out;
}

function findingBlock(f: Finding, o: TextOptions): string[] {
  const sev = paint(o, f.severity, severityLabel(f.severity, o.lang).padEnd(o.lang === 'ja' ? 6 : 9));
  const out = [`  ${sev} ${paint(o, 'bold', safe(f.title[o.lang]))}  ${paint(o, 'dim', `[${safe(f.node)}] ${f.id}`)}`];
  const first = f.evidence[0];
  if (first) {
    const where = `${first.node ? `${first.node}: ` : ''}${first.line > 0 ? `${first.path}:${first.line}` : first.path}`;
    out.push(`            ${paint(o, 'dim', safe(where))}  ${safe(first.text)}`);
  }
  if (f.evidence.length > 1) out.push(`            ${paint(o, 'dim', `(+${f.evidence.length - 1} ${label('moreEvidence', o.lang)})`)}`);
  return out;
}

export function formatText(report: Report, o: TextOptions): string {
  const out: string[] = [`LifeKeeper Support Analyzer ${report.generator.version}`, ''];
  for (const node of report.nodes) out.push(...nodeBlock(node, o), '');
  for (const c of report.clusters.filter((x) => x.nodes.length > 1 || x.missingPeers.length > 0 || x.earlierArchives.length > 0)) out.push(...clusterBlock(c, o), '');
  const counts = SEVERITIES.map((s) => `${report.findings.filter((f) => f.severity === s).length} ${severityLabel(s, o.lang).toLowerCase()}`);
  if (report.nodes.length) {
    out.push(`${paint(o, 'bold', label('findings', o.lang))}  ${counts.join(' · ')}`);
    if (report.findings.length === 0) out.push(`  ${label('noFindings', o.lang)}`);
    for (const f of report.findings) out.push(...findingBlock(f, o));
    out.push('');
  }
  if (report.redaction) out.push(paint(o, 'dim', o.lang === 'ja' ? '(マスク済み: ホスト名、アドレス、ユーザー名、シリアルは仮名に置き換えています)' : '(redacted: host names, addresses, user names and serials are pseudonyms)'), '');
  const bad = report.archives.filter((a) => a.status === 'unreadable');
  if (bad.length) {
    out.push(paint(o, 'bold', label('unreadable', o.lang)));
    for (const a of bad) out.push(`  ${safe(a.file)}: ${safe(a.problem?.[o.lang] ?? '')}`);
    out.push('');
  }
  return out.join('\n');
}
