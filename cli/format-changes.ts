// The changes section on a terminal: what changed between archives of one node,
// grouped by kind, each with the line of each archive that shows it; and the
// rows of each cluster's side-by-side table that differ (the app and the CSV show them all).
// Every line wraps to the terminal's width as the rest of the text report does.
import type { Lang } from '../analyzers/engine/plugin/text.js';
import type { Report } from '../analyzers/engine/report/report.js';
import type { ChangeLine } from '../presentation/changes.js';
import { changesView } from '../presentation/changes.js';
import type { Tone } from '../presentation/format.js';
import { inlineLabel, label, SENTENCES } from '../presentation/labels.js';
import { safe } from '../presentation/sanitize.js';
import { displayWidth } from './display-width.js';

type Paint = (style: Tone | 'strong' | 'info', s: string) => string;
/** format-text.ts's wrapping: `lead` (painted, `leadWidth` columns wide) then `text` wrapped, later lines starting with `next`. */
export type Wrap = (lead: string, leadWidth: number, text: string, next: string) => string[];

/** Other packages listed on a terminal before the rest are counted: an OS update changes hundreds. */
const MAX_PACKAGE_LINES = 30;
/** Up to this many changed packages, each shows its lines of both archives; past it, one line each (the reports have the lines). */
const PACKAGE_LINES_WITH_EVIDENCE = 10;

function changeText(c: ChangeLine, lang: Lang): string {
  const field = c.field ? ` ${c.field}` : '';
  if (c.kind === 'finding') return `${c.subject}  ${c.verbLabel}: ${c.after || c.before}`;
  const values = c.verb === 'added' ? c.after : c.verb === 'removed' ? c.before : `${c.before} → ${c.after}`;
  const def = c.default ? `  (${inlineLabel('default', lang)} ${c.default})` : '';
  return `${c.subject}  ${c.verbLabel}${field}: ${values}${def}`;
}

const width = displayWidth;

/** The block's lines, every archive string made safe; none when the report has nothing to compare. */
export function changesBlock(report: Report, lang: Lang, paint: Paint, brief: boolean, wrap: Wrap = (lead, _w, text) => [lead + text]): string[] {
  const view = changesView(report, lang);
  if (!view) return [];
  const out: string[] = [];
  /** A line of `indent` spaces, a painted mark or label, then text wrapped under itself. */
  const put = (indent: number, mark: string, markWidth: number, text: string, more = 2): void => {
    out.push(...wrap(`${' '.repeat(indent)}${mark}`, indent + markWidth, text, ' '.repeat(indent + more)));
  };
  /** A note in one colour: wrapped plain, then each line painted (a colour code inside the text would count as columns). */
  const note = (indent: number, style: Tone, text: string): void => {
    for (const l of wrap(' '.repeat(indent), indent, text, ' '.repeat(indent + 2))) {
      const lead = /^ */.exec(l)?.[0] ?? '';
      out.push(lead + paint(style, l.slice(lead.length)));
    }
  };
  for (const p of view.overTime) {
    const heading = `◇ ${label('changesHeading', lang)}`;
    put(0, `${paint('strong', heading)}  `, width(heading) + 2, safe(p.title), 2);
    if (p.ordered) note(2, 'warning', p.ordered);
    for (const i of p.incomplete) put(2, `${paint('warning', '!')} `, 2, safe(i));
    put(2, '', 0, p.empty ?? p.count);
    for (const g of p.groups) {
      put(2, paint('muted', g.label), width(g.label), g.summary ? `  ${g.summary}` : '');
      const many = g.kind === 'other-package' && g.changes.length > MAX_PACKAGE_LINES;
      for (const c of many ? g.changes.slice(0, MAX_PACKAGE_LINES) : g.changes) {
        put(4, `${paint(c.tone, '●')} `, 2, safe(changeText(c, lang)));
        // A finding's lines are in its own block; a long list of packages shows their versions only.
        if (brief || c.kind === 'finding' || (g.kind === 'other-package' && g.changes.length > PACKAGE_LINES_WITH_EVIDENCE)) continue;
        for (const e of c.evidenceBefore.slice(0, 1)) put(8, paint('muted', `${label('changeBefore', lang)}: `), width(label('changeBefore', lang)) + 2, safe(e));
        for (const e of c.evidenceAfter.slice(0, 1)) put(8, paint('muted', `${label('changeAfter', lang)}: `), width(label('changeAfter', lang)) + 2, safe(e));
      }
      if (many) note(4, 'muted', SENTENCES.morePackages[lang](g.changes.length - MAX_PACKAGE_LINES));
    }
    if (p.dropped) note(2, 'muted', p.dropped);
    if (p.events.length) {
      note(2, 'muted', label('eventsBetween', lang));
      for (const e of p.events) {
        const sev = e.severity === 'critical' ? 'critical' : e.severity === 'warning' ? 'warning' : 'info';
        const time = safe(e.time);
        put(4, `${time}  ${paint(sev, e.severityLabel)}  `, width(time) + width(e.severityLabel) + 4, `${safe(e.title)}${e.count}`);
      }
      if (p.eventsDropped) note(4, 'muted', p.eventsDropped);
    }
    out.push('');
  }
  for (const s of view.sideBySide) {
    const heading = `◇ ${label('sideBySideHeading', lang)}`;
    put(0, `${paint('strong', heading)}  `, width(heading) + 2, `${safe(s.nodes.join(' | '))}  ${s.differCount}`);
    for (const g of s.groups) {
      const differing = g.rows.filter((r) => r.differs);
      if (!differing.length) continue;
      put(2, paint('muted', g.label), width(g.label), g.group === 'other-package' ? `  (${differing.length})` : '');
      const many = g.group === 'other-package' && differing.length > MAX_PACKAGE_LINES;
      for (const r of many ? differing.slice(0, MAX_PACKAGE_LINES) : differing) {
        const about = r.findings.length ? `  ← ${r.findings.map((f) => f.id).join(', ')}` : '';
        put(4, '', 0, `${safe(r.key)}: ${r.values.map((v, i) => `${safe(s.nodes[i] ?? '')} ${safe(v)}`).join('  ')}${about}`, 4);
      }
      if (many) note(4, 'muted', SENTENCES.morePackages[lang](differing.length - MAX_PACKAGE_LINES));
    }
    if (s.packagesSame) note(2, 'muted', s.packagesSame);
    if (s.dropped) note(2, 'muted', s.dropped);
    out.push('');
  }
  return out;
}
