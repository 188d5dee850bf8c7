// Server-side entry: the Report component rendered to one self-contained HTML
// file: styles inline, no script, no reference outside itself, readable with
// JavaScript off. Svelte escapes every interpolated archive string.
import { render } from 'svelte/server';
import type { Report as ReportDoc } from '../../analyzers/engine/report/report.js';
import type { Lang } from '../../analyzers/engine/plugin/text.js';
import { label, SENTENCES } from '../../presentation/labels.js';
import { reportTitle } from '../../presentation/model.js';
import { visibleDeep } from '../../presentation/sanitize.js';
import Report from './Report.svelte';
import css from './styles.css?inline';
import printCss from './print.css?inline';

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export interface RenderHtmlOptions {
  /** The app's own view (filters, buttons, the timeline overview) rather than the export's, for tests that read what the app says. */
  interactive?: boolean;
  /** The ticket's case number: above the report and first in the title. */
  caseId?: string | null;
  /** What the export's timeline scope left out, said above the report (app/host/ticket.ts). */
  timelineLeftOut?: { scope: 'all' | 'warnings' | 'none'; events: number } | null;
  /**
   * For Chromium's document outline (the PDF's bookmarks), which it builds from
   * the headings: each finding's title becomes a heading under "Findings", and
   * the small headings inside a finding or a node (What it means, What to do,
   * Sources ...) stop being outline entries, so that the outline is the nodes,
   * the clusters and the findings.
   */
  outline?: boolean;
}

/** The export's title: the case number first when there is one. */
export function exportTitle(report: ReportDoc, lang: Lang, caseId: string | null | undefined): string {
  const title = reportTitle(report, lang);
  return caseId ? `${label('caseNumber', lang)} ${caseId} — ${title}` : title;
}

/**
 * The markup the outline needs, added to the rendered body. Safe on the whole
 * body: every archive string in it is escaped by Svelte, so the literal tags
 * matched here are the components' own.
 */
function outlineMarkup(body: string): string {
  return body
    .replaceAll('<span class="finding-title">', '<span class="finding-title" role="heading" aria-level="3">')
    .replaceAll('<h4>', '<h4 role="none">');
}

export function renderReportHtml(raw: ReportDoc, lang: Lang, options: RenderHtmlOptions = {}): string {
  const report = visibleDeep(raw);
  const { body } = render(Report, { props: { report, lang, interactive: options.interactive ?? false } });
  const caseId = options.caseId ?? null;
  const title = exportTitle(report, lang, caseId);
  const leftOut = options.timelineLeftOut;
  const scope = leftOut && leftOut.scope !== 'all' ? `<p class="scope-note">${esc(SENTENCES.timelineLeftOut[lang](leftOut.events, leftOut.scope === 'none'))}</p>` : '';
  const head = caseId || scope ? `<div class="case-head">${caseId ? `<strong>${esc(`${label('caseNumber', lang)} ${caseId}`)}</strong>` : ''}${scope}</div>\n` : '';
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${css}
${printCss}</style>
</head>
<body class="export${leftOut?.scope === 'none' ? ' timeline-none' : ''}">
${head}${options.outline ? outlineMarkup(body) : body}
</body>
</html>
`;
}
