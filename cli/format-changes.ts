// The changes section on a terminal: what changed between archives of one node,
// grouped by kind, each with the line of each archive that shows it; and the
// rows of each cluster's side-by-side table that differ (the app and the CSV show them all).
import type { Lang } from '../analyzers/engine/plugin/text.js';
import type { Report } from '../analyzers/engine/report/report.js';
import type { ChangeLine } from '../presentation/changes.js';
import { changesView } from '../presentation/changes.js';
import type { Tone } from '../presentation/format.js';
import { inlineLabel, label } from '../presentation/labels.js';
import { safe } from '../presentation/sanitize.js';

type Paint = (style: Tone | 'strong' | 'info', s: string) => string;

function changeText(c: ChangeLine, lang: Lang): string {
  const field = c.field ? ` ${c.field}` : '';
  if (c.kind === 'finding') return `${c.subject}  ${c.verbLabel}: ${c.after || c.before}`;
  const values = c.verb === 'added' ? c.after : c.verb === 'removed' ? c.before : `${c.before} → ${c.after}`;
  const def = c.default ? `  (${inlineLabel('default', lang)} ${c.default})` : '';
  return `${c.subject}  ${c.verbLabel}${field}: ${values}${def}`;
}

/** The block's lines, every archive string made safe; none when the report has nothing to compare. */
export function changesBlock(report: Report, lang: Lang, paint: Paint, brief: boolean): string[] {
  const view = changesView(report, lang);
  if (!view) return [];
  const out: string[] = [];
  for (const p of view.overTime) {
    out.push(`${paint('strong', `◇ ${label('changesHeading', lang)}`)}  ${safe(p.title)}`);
    if (p.ordered) out.push(`  ${paint('warning', p.ordered)}`);
    for (const i of p.incomplete) out.push(`  ${paint('warning', safe(i))}`);
    out.push(`  ${p.empty ?? p.count}`);
    for (const g of p.groups) {
      out.push(`  ${paint('muted', g.label)}`);
      for (const c of g.changes) {
        out.push(`    ${paint(c.tone, '●')} ${safe(changeText(c, lang))}`);
        if (brief || c.kind === 'finding') continue;
        for (const e of c.evidenceBefore.slice(0, 1)) out.push(`        ${paint('muted', `${label('changeBefore', lang)}: ${safe(e)}`)}`);
        for (const e of c.evidenceAfter.slice(0, 1)) out.push(`        ${paint('muted', `${label('changeAfter', lang)}: ${safe(e)}`)}`);
      }
    }
    if (p.dropped) out.push(`  ${paint('muted', p.dropped)}`);
    if (p.events.length) {
      out.push(`  ${paint('muted', label('eventsBetween', lang))}`);
      for (const e of p.events) out.push(`    ${safe(e.time)}  ${paint(e.severity === 'critical' ? 'critical' : e.severity === 'warning' ? 'warning' : 'info', e.severityLabel)}  ${safe(e.title)}${e.count}`);
      if (p.eventsDropped) out.push(`    ${paint('muted', p.eventsDropped)}`);
    }
    out.push('');
  }
  for (const s of view.sideBySide) {
    out.push(`${paint('strong', `◇ ${label('sideBySideHeading', lang)}`)}  ${safe(s.nodes.join(' | '))}  ${paint('muted', s.differCount)}`);
    for (const g of s.groups) {
      const differing = g.rows.filter((r) => r.differs);
      if (!differing.length) continue;
      out.push(`  ${paint('muted', g.label)}`);
      for (const r of differing) {
        const about = r.findings.length ? `  ${paint('warning', `← ${r.findings.map((f) => f.id).join(', ')}`)}` : '';
        out.push(`    ${safe(r.key)}: ${r.values.map((v, i) => `${safe(s.nodes[i] ?? '')} ${paint('warning', safe(v))}`).join('  ')}${about}`);
      }
    }
    if (s.dropped) out.push(`  ${paint('muted', s.dropped)}`);
    out.push('');
  }
  return out;
}

