// The ten-second summary on a terminal: the presentation model's summary laid out in columns, coloured, every archive string made safe.
import type { Severity } from '../analyzers/engine/plugin/findings.js';
import type { Lang } from '../analyzers/engine/plugin/text.js';
import type { Report } from '../analyzers/engine/report/report.js';
import { label, SENTENCES } from '../presentation/labels.js';
import type { FindingView, NodeView, Span, SummaryRow } from '../presentation/model.js';
import { present } from '../presentation/model.js';
import { safe } from '../presentation/sanitize.js';
import { displayWidth } from './display-width.js';
import { changesBlock } from './format-changes.js';

export { safe };

export interface TextOptions {
  lang: Lang;
  color: boolean;
  /** The terminal's width: evidence and remedies wrap to it, indented under their finding (none: no wrapping). */
  width?: number;
  /** Leave out each finding's one-line remedy (`--brief`). */
  brief?: boolean;
}

type Style = NonNullable<Span['tone']> | Severity;

const COLORS: Record<Style, [number, number]> = {
  good: [32, 39],
  critical: [31, 39],
  warning: [33, 39],
  info: [36, 39],
  muted: [2, 22],
  strong: [1, 22],
};

function paint(o: TextOptions, style: Style, s: string): string {
  if (!o.color) return s;
  const [on, off] = COLORS[style];
  return `\u001b[${on}m${s}\u001b[${off}m`;
}

/** Spans as terminal text: each made safe, then coloured (a toned span is coloured even when empty, as a run of its own). */
function spans(o: TextOptions, line: readonly Span[]): string {
  return line.map((s) => (s.tone ? paint(o, s.tone, safe(s.text)) : safe(s.text))).join('');
}


/** The usual label column: wide enough for the usual labels (Japanese ones are wider). */
function labelWidth(o: TextOptions): number {
  return o.lang === 'ja' ? 14 : 12;
}

/** A label and its value; a label wider than the column keeps one space. */
function labelled(o: TextOptions, key: string, value: string, width = labelWidth(o)): string {
  const pad = Math.max(width - displayWidth(key), 1);
  return `  ${paint(o, 'muted', safe(key))}${' '.repeat(pad)}${value}`;
}

/**
 * A node's label column in Japanese: the usual width, or wider when one of its
 * labels is (コミュニケーションパス, as SIOS writes it, takes 22 columns), so
 * that every value starts in one column. English labels are short enough: a
 * longer one keeps one space, as before.
 */
function nodeLabelWidth(o: TextOptions, rows: readonly SummaryRow[]): number {
  if (o.lang !== 'ja') return labelWidth(o);
  return Math.max(labelWidth(o), ...rows.map((r) => displayWidth(safe(r.label)) + 2));
}

function summaryRow(o: TextOptions, r: SummaryRow, width = labelWidth(o)): string[] {
  // Continuation lines start under the value column.
  const indent = ' '.repeat(width + 2);
  const [first, ...rest] = r.lines;
  return [
    ...firstValueLine(o, r.label, first, width, indent),
    ...rest.map((l) => indent + '  '.repeat(l.depth) + spans(o, l.spans)),
    ...r.items.map((item) => `      ${spans(o, item)}`),
  ];
}

/**
 * A row's label and first value line. A value too wide for the terminal (a list
 * of rule ids) wraps under the value column, uncoloured, instead of running back
 * to the left margin in the middle of a word.
 */
function firstValueLine(o: TextOptions, key: string, first: SummaryRow['lines'][number] | undefined, width: number, indent: string): string[] {
  if (!first) return [labelled(o, key, '', width)];
  const value = '  '.repeat(first.depth) + spans(o, first.spans);
  const plain = '  '.repeat(first.depth) + first.spans.map((s) => safe(s.text)).join('');
  const lead = labelled(o, key, '', width);
  const leadWidth = 2 + Math.max(width, displayWidth(safe(key)) + 1);
  if (!o.width || leadWidth + displayWidth(plain) <= o.width) return [lead + value];
  return wrapped(o, lead, leadWidth, plain, indent);
}

/** Indentation of what stands under a finding's title. */
const UNDER = ' '.repeat(12);

/**
 * Lays `text` out under a finding: the first line after `lead`, the rest wrapped
 * to the terminal width (CJK characters take two columns) and indented one
 * step further, so a long log line never runs back to the left margin.
 */
function wrapped(o: TextOptions, lead: string, leadWidth: number, text: string, next = `${UNDER}  `): string[] {
  const width = o.width && o.width >= 40 ? o.width : 0;
  if (!width) return [lead + text];
  const out: string[] = [];
  let line = lead;
  let body = '';
  let used = leadWidth;

  for (const ch of text) {
    const w = displayWidth(ch);
    if (used + w > width) {
      // Break at the last space when it is near (a word moves down whole), else inside the word (a long path);
      // a closing mark (。、) never starts a line: the character before it moves down with it.
      // A Japanese list separates its items with 、 and no space: a line may end after it.
      const space = body.lastIndexOf(' ');
      const comma = body.lastIndexOf('、');
      const at = Math.max(space, comma);
      const closing = /^[。、．，」』）)\]]$/.test(ch) && body.length > 1;
      const tail = closing ? [...body].slice(-1).join('') : at >= 0 && displayWidth(body.slice(at + 1)) <= 24 ? body.slice(at + 1) : '';
      if (closing) {
        out.push(line + body.slice(0, body.length - tail.length));
        body = tail;
        line = next;
        used = next.length + displayWidth(tail);
        body += ch;
        used += w;
        continue;
      }
      out.push(line + (tail ? body.slice(0, at === comma ? at + 1 : at) : body));
      body = tail;
      line = next;
      used = next.length + displayWidth(tail);
    }
    body += ch;
    used += w;
  }
  out.push(line + body);
  return out;
}

function findingBlock(o: TextOptions, f: FindingView): string[] {
  const sevText = f.severityLabel.toUpperCase().padEnd(o.lang === 'ja' ? 6 : 9);
  const sev = paint(o, f.severity, sevText);
  const tag = `[${safe(f.node)}] ${safe(f.id)}`;
  // On a terminal the title wraps under itself and the node and rule go on their own line; in a file, one line.
  const out = o.width && o.width >= 40
    ? [...wrapped(o, `  ${sev} `, 3 + displayWidth(sevText), safe(f.title)), `${UNDER}${paint(o, 'muted', tag)}`]
    : [`  ${sev} ${paint(o, 'strong', safe(f.title))}  ${paint(o, 'muted', tag)}`];
  // What to do, under the title: plain text (a terminal shows code spans without their backticks).
  if (!o.brief) out.push(...wrapped(o, `${UNDER}→ `, UNDER.length + 2, safe(f.action)));
  const first = f.evidence[0];
  if (first) {
    const where = safe(first.where);
    // A member path too long to leave room beside it wraps with the line, uncoloured.
    const roomy = !o.width || UNDER.length + displayWidth(where) + 2 <= o.width - 16;
    out.push(...(roomy
      ? wrapped(o, `${UNDER}${paint(o, 'muted', where)}  `, UNDER.length + displayWidth(where) + 2, safe(first.text))
      : wrapped(o, UNDER, UNDER.length, `${where}  ${safe(first.text)}`)));
  }
  if (f.moreEvidence) out.push(`${UNDER}${paint(o, 'muted', safe(f.moreEvidence))}`);
  return out;
}

/** Message ids listed per node in the text summary; the rest are counted (every output but this one lists them all). */
const MAX_MESSAGES_SHOWN = 8;

/** After the findings: each node's message ids no rule explains, compact, a few per node. */
function messagesBlock(o: TextOptions, nodes: readonly NodeView[]): string[] {
  const out = [paint(o, 'strong', label('unexplainedMessages', o.lang)), ...wrapped(o, '  ', 2, label('unexplainedNote', o.lang))];
  for (const n of nodes) {
    const m = n.messages;
    if (!m) continue;
    out.push(`  ${paint(o, 'strong', safe(n.name))}  ${paint(o, 'muted', safe(m.count))}`);
    for (const e of m.entries.slice(0, MAX_MESSAGES_SHOWN)) {
      const logged = e.loggedComponent ? `  (${label('loggedAs', o.lang)} ${e.severity}:${e.loggedComponent})` : '';
      out.push(`    ${safe(e.severity)} ${paint(o, 'strong', safe(e.msgid))}  ×${e.count}  ${safe(e.when)}${paint(o, 'muted', safe(logged))}`);
      out.push(...wrapped(o, UNDER, UNDER.length, safe(SENTENCES.componentAndMeaning[o.lang](e.component, e.meaning))));
      if (e.action) out.push(...wrapped(o, `${UNDER}→ `, UNDER.length + 2, safe(e.action.map((x) => x.text).join(''))));
      const where = safe(e.evidence.where);
      out.push(...wrapped(o, `${UNDER}${paint(o, 'muted', where)}  `, UNDER.length + displayWidth(where) + 2, safe(e.evidence.text)));
    }
    if (m.entries.length > MAX_MESSAGES_SHOWN) out.push(`    ${paint(o, 'muted', SENTENCES.moreMessages[o.lang](m.entries.length - MAX_MESSAGES_SHOWN))}`);
    if (m.overflow) out.push(`    ${paint(o, 'muted', safe(m.overflow))}`);
  }
  return out;
}

/** Pads to a display width (CJK characters take two columns). */
function padTo(s: string, width: number): string {
  return s + ' '.repeat(Math.max(0, width - displayWidth(s)));
}

/** The summary first: each node's worst finding (or why there is none), the verdict, what was and was not checked. */
function triageBlock(o: TextOptions, view: ReturnType<typeof present>): string[] {
  const t = view.triage;
  const nameWidth = Math.min(24, Math.max(...t.nodes.map((n) => displayWidth(safe(n.name))), 4));
  const versionWidth = Math.max(...t.nodes.map((n) => displayWidth(safe(n.version))), 1);
  const osWidth = Math.min(40, Math.max(...t.nodes.map((n) => displayWidth(safe(n.os))), 1));
  const out = [paint(o, 'strong', label('triage', o.lang))];
  for (const n of t.nodes) {
    const columns = `  ${paint(o, 'strong', padTo(safe(n.name), nameWidth))}  ${padTo(safe(n.version), versionWidth)}  ${padTo(safe(n.os), osWidth)}  `;
    const columnsWidth = 2 + nameWidth + 2 + versionWidth + 2 + osWidth + 2;
    if (n.worst) {
      const sev = label(n.worst.severity, o.lang).toUpperCase();
      out.push(...wrapped(o, `${columns}${paint(o, n.worst.severity, sev)} `, columnsWidth + displayWidth(sev) + 1, safe(n.worst.title)));
    } else out.push(`${columns}${paint(o, n.tone === 'good' || n.tone === 'muted' || n.tone === 'warning' ? n.tone : 'muted', safe(n.status))}`);
  }
  if (t.verdict) out.push(...wrapped(o, '  ', 2, t.verdict));
  const key = label('coverage', o.lang);
  const keyWidth = o.lang === 'ja' ? 14 : 12;
  out.push(...wrapped(o, `  ${paint(o, 'muted', key)}${' '.repeat(Math.max(keyWidth - displayWidth(key), 1))}`, 2 + Math.max(keyWidth, displayWidth(key) + 1), safe(t.coverage.sentence)));
  return out;
}

export function formatText(report: Report, o: TextOptions): string {
  const view = present(report, o.lang);
  const out: string[] = [safe(view.heading), ''];
  if (view.nodes.length) out.push(...triageBlock(o, view), '');
  if (view.findingsSection) {
    out.push(`${paint(o, 'strong', label('findings', o.lang))}  ${SENTENCES.severityCounts[o.lang](view.severityCounts)}`);
    // The verdict stands in the summary above; here the list is just empty.
    if (view.noFindings) out.push(`  ${view.nodes.length ? label('noneFound', o.lang) : view.noFindings}`);
    for (const f of view.findings) out.push(...findingBlock(o, f));
    out.push('');
  }
  if (view.nodes.some((n) => n.messages)) out.push(...messagesBlock(o, view.nodes), '');
  for (const n of view.nodes) {
    out.push(`${paint(o, 'strong', `■ ${safe(n.name)}`)}  ${paint(o, 'muted', `(${safe(n.archive)})`)}`);
    const width = nodeLabelWidth(o, n.summary);
    for (const r of n.summary) out.push(...summaryRow(o, r, width));
    out.push('');
  }
  for (const c of view.clusters) {
    out.push(paint(o, 'strong', `◆ ${safe(c.heading)}`));
    for (const line of c.summary) out.push(`  ${spans(o, line)}`);
    out.push('');
  }
  out.push(...changesBlock(report, o.lang, (style, s) => paint(o, style, s), Boolean(o.brief), (lead, leadWidth, text, next) => wrapped(o, lead, leadWidth, text, next)));
  if (view.redacted) out.push(paint(o, 'muted', view.redacted.note), '');
  if (view.unreadable.length) {
    out.push(paint(o, 'strong', label('unreadableArchives', o.lang)));
    for (const a of view.unreadable) out.push(`  ${safe(a.file)}: ${safe(a.problem)}`);
    out.push('');
  }
  return out.join('\n');
}

/** `lkanalyze diff`: the heading and the changes section only (what changed, the nodes side by side), or why there is none. */
export function formatChanges(report: Report, o: TextOptions): string {
  const view = present(report, o.lang);
  const block = changesBlock(report, o.lang, (style, s) => paint(o, style, s), Boolean(o.brief), (lead, leadWidth, text, next) => wrapped(o, lead, leadWidth, text, next));
  return [safe(view.heading), '', ...(block.length ? block : [label('nothingToCompare', o.lang), ''])].join('\n');
}
