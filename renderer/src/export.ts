// Server-side entry: the Report component rendered to one self-contained HTML
// file: styles inline, no script, no reference outside itself, readable with
// JavaScript off. Svelte escapes every interpolated archive string.
import { render } from 'svelte/server';
import type { Report as ReportDoc } from '../../analyzers/engine/report/report.js';
import type { Lang } from '../../analyzers/engine/plugin/text.js';
import { reportTitle } from '../../presentation/model.js';
import { visibleDeep } from '../../presentation/sanitize.js';
import Report from './Report.svelte';
import css from './styles.css?inline';

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** `interactive`: the app's own view (filters, buttons, the timeline overview) rather than the export's, for tests that read what the app says. */
export function renderReportHtml(raw: ReportDoc, lang: Lang, options: { interactive?: boolean } = {}): string {
  const report = visibleDeep(raw);
  const { body } = render(Report, { props: { report, lang, interactive: options.interactive ?? false } });
  const title = reportTitle(report, lang);
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${css}</style>
</head>
<body class="export">
${body}
</body>
</html>
`;
}
