// The one export pipeline (JSON, HTML, PDF) of the CLI, `lkanalyze serve` and the desktop app: the file name, redaction and rendering are decided here, and a host only says how a PDF is printed and where the file goes.
//
// The HTML is the renderer's own Report component rendered on the server (same
// look as the app, readable with JavaScript off, every archive string escaped
// by Svelte); the PDF is that HTML printed by Chromium: Debian's, through
// playwright-core, unless the host gives its own printer (Electron does). JSON
// is only ever streamed: a report can be hundreds of MB.
import { createWriteStream, existsSync } from 'node:fs';
import { once } from 'node:events';
import { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import type { Report } from '../../analyzers/engine/report/report.js';
import type { Lang } from '../../analyzers/engine/plugin/text.js';
import type { RedactionMap } from '../../analyzers/engine/report/redact.js';
import { redactReport } from '../../analyzers/engine/report/redact.js';
import type { ExportFormat } from './ipc-contract.js';
import { writeJson } from './json-stream.js';
import { formatTime } from '../../presentation/format.js';
import { label } from '../../presentation/labels.js';
import { reportTitle } from '../../presentation/model.js';
import type { TimelineLeftOut, TimelineScope } from './ticket.js';
import { caseFileSlug, DEFAULT_TIMELINE_SCOPE, readCaseId, scopeTimeline } from './ticket.js';

interface SsrModule {
  renderReportHtml(report: Report, lang: Lang, options?: { caseId?: string | null; timelineLeftOut?: TimelineLeftOut | null; outline?: boolean }): string;
}

/**
 * The server build of the renderer (vite build --ssr): two folders up from this file in dist/ (dist/app/host/), or
 * in dist/ when this runs from source or from the CLI's bundle (dist/bundle/, two folders below the root as app/host/ is).
 */
const SSR_ENTRY = [new URL('../../renderer-ssr/export.js', import.meta.url), new URL('../../dist/renderer-ssr/export.js', import.meta.url)]
  .map((u) => fileURLToPath(u))
  .find((p) => existsSync(p)) ?? fileURLToPath(new URL('../../renderer-ssr/export.js', import.meta.url));

/** What an HTML or PDF export adds for a ticket: the case number, and what the timeline's scope left out. */
export interface HtmlExtras {
  caseId?: string | null;
  timelineLeftOut?: TimelineLeftOut | null;
  /** Mark the headings Chromium builds the PDF's outline from (renderer/src/export.ts). */
  outline?: boolean;
}

export async function renderHtml(report: Report, lang: Lang, extras: HtmlExtras = {}): Promise<string> {
  if (!existsSync(SSR_ENTRY)) throw new Error(`the report renderer is not built (${SSR_ENTRY}); run "npm run build"`);
  const mod = (await import(pathToFileURL(SSR_ENTRY).href)) as SsrModule;
  return mod.renderReportHtml(report, lang, extras);
}

/** Prints HTML to A4 PDF, with the page header and footer given as HTML templates. */
export type PdfPrinter = (html: string, header: string, footer: string) => Promise<Buffer>;

const CHROMIUM_CANDIDATES = [process.env['LKANALYZE_CHROMIUM'], '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

export function chromiumPath(): string | null {
  return CHROMIUM_CANDIDATES.find((p): p is string => Boolean(p) && existsSync(p as string)) ?? null;
}

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The PDF's running header and footer (HTML templates Chromium fills with the page numbers); the case number first in the header when there is one. */
export function pdfHeaderFooter(report: Report, lang: Lang, caseId: string | null = null): { header: string; footer: string } {
  const style = 'font-size:8px;width:100%;padding:0 12mm;color:#555;display:flex;justify-content:space-between;gap:4mm;font-family:sans-serif';
  const page = lang === 'ja' ? '<span class="pageNumber"></span> / <span class="totalPages"></span> ページ' : 'Page <span class="pageNumber"></span> of <span class="totalPages"></span>';
  const caseLabel = caseId ? `<strong>${esc(`${label('caseNumber', lang)} ${caseId}`)}</strong> · ` : '';
  return {
    // The page's own title (product and nodes) and the report's time, as the report's header and footer say them.
    header: `<div style="${style}"><span>${caseLabel}${esc(reportTitle(report, lang))}</span><span style="white-space:nowrap">${esc(formatTime(report.generatedAt))} UTC</span></div>`,
    footer: `<div style="${style}"><span>lkanalyze ${esc(report.generator.version)}</span><span>${page}</span></div>`,
  };
}

/** Starts Debian's Chromium through playwright-core (no downloaded browser), for printing. */
export async function launchChromium(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error('PDF export needs Chromium (/usr/bin/chromium, or LKANALYZE_CHROMIUM); it was not found');
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
  });
}

/** A page to print on: no script, and every request refused (the HTML references nothing outside itself). */
export async function printingPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.route('**/*', (route) => route.abort());
  return page;
}

/** Prints HTML on a page from printingPage(): its content is replaced, so a page can print one export after another. */
export async function printOnPage(page: Page, html: string, header: string, footer: string): Promise<Buffer> {
  await page.setContent(html, { waitUntil: 'load' });
  return page.pdf(pdfOptions(header, footer));
}

/** Prints one export on a running Chromium, in a context of its own that is closed after. */
export async function printOn(browser: Browser, html: string, header: string, footer: string): Promise<Buffer> {
  const page = await printingPage(browser);
  try {
    return await printOnPage(page, html, header, footer);
  } finally {
    await page.context().close();
  }
}

/** Prints with a Chromium started for this one export (the CLI); `lkanalyze serve` keeps one warm (app/host/warm-printer.ts). */
export async function printWithChromium(html: string, header: string, footer: string): Promise<Buffer> {
  const browser = await launchChromium();
  try {
    return await printOn(browser, html, header, footer);
  } finally {
    await browser.close();
  }
}

/** How every Chromium page is printed: A4, backgrounds, the running header and footer, the outline (bookmarks) from the headings, tagged. */
export function pdfOptions(header: string, footer: string): NonNullable<Parameters<Page['pdf']>[0]> {
  return { format: 'A4', printBackground: true, displayHeaderFooter: true, headerTemplate: header, footerTemplate: footer, margin: { top: '16mm', bottom: '16mm', left: '12mm', right: '12mm' }, outline: true, tagged: true };
}

/** A report ready to leave: redacted when asked, with the pseudonym table the host keeps locally (never part of the export). */
export interface PreparedReport {
  report: Report;
  redactionMap: RedactionMap | null;
}

/** The first step of every export; the CLI's text output takes it too, so its report is redacted the same way. */
export function prepareReport(report: Report, redact: boolean): PreparedReport {
  if (!redact) return { report, redactionMap: null };
  const redacted = redactReport(report);
  return { report: redacted.report, redactionMap: redacted.map };
}

export interface RenderOptions {
  format: ExportFormat;
  lang: Lang;
  /** HTML and PDF: which timeline events are printed; `warnings` when not given. JSON is always the whole document. */
  timeline?: TimelineScope;
  /** HTML and PDF: the ticket's case number (checked with readCaseId), in the header, the title and the file name. */
  caseId?: string | null;
  /** How a PDF is printed; Chromium through playwright-core when not given. */
  printPdf?: PdfPrinter;
}

export interface ExportOptions extends RenderOptions {
  redact: boolean;
}

interface ExportedFile {
  /** `lkanalyze-<hosts>-<date>.json`, or `.<lang>.html` / `.<lang>.pdf`. */
  fileName: string;
  mime: string;
  redactionMap: RedactionMap | null;
}

/** HTML and PDF are rendered whole (the renderer and the printer need the whole page); JSON is a writer that streams it in pieces. */
export type ExportedReport =
  | (ExportedFile & { content: Buffer; stream?: undefined })
  | (ExportedFile & { content?: undefined; stream: (out: NodeJS.WritableStream) => Promise<void> });

function baseName(report: Report, caseId: string | null): string {
  const host = report.nodes.map((n) => n.hostname ?? 'node').join('_').replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 80) || 'report';
  const slug = caseId ? caseFileSlug(caseId) : '';
  return `lkanalyze-${slug ? `${slug}-` : ''}${host}-${report.generatedAt.slice(0, 10)}`;
}

/** The second step: renders a prepared report in one format. */
export async function renderExport(prepared: PreparedReport, options: RenderOptions): Promise<ExportedReport> {
  const { report, redactionMap } = prepared;
  const caseId = readCaseId(options.caseId);
  const base = baseName(report, caseId);
  if (options.format === 'json') {
    return { fileName: `${base}.json`, mime: 'application/json', redactionMap, stream: (out) => writeJson(report, out) };
  }
  const scoped = scopeTimeline(report, options.timeline ?? DEFAULT_TIMELINE_SCOPE);
  const html = await renderHtml(scoped.report, options.lang, { caseId, timelineLeftOut: scoped.leftOut, outline: options.format === 'pdf' });
  if (options.format === 'html') return { fileName: `${base}.${options.lang}.html`, mime: 'text/html; charset=utf-8', redactionMap, content: Buffer.from(html) };
  const { header, footer } = pdfHeaderFooter(report, options.lang, caseId);
  const content = await (options.printPdf ?? printWithChromium)(html, header, footer);
  return { fileName: `${base}.${options.lang}.pdf`, mime: 'application/pdf', redactionMap, content };
}

/** Both steps: what every host exports. */
export function exportReport(report: Report, options: ExportOptions): Promise<ExportedReport> {
  return renderExport(prepareReport(report, options.redact), options);
}

/** Writes the export to a stream the caller ends (standard output, a file, a collector). */
export async function writeExport(file: ExportedReport, out: NodeJS.WritableStream): Promise<void> {
  if (file.stream) return file.stream(out);
  if (!out.write(file.content)) await once(out, 'drain');
}

/** Writes the export to a file and returns its size in bytes. */
export async function saveExport(file: ExportedReport, path: string): Promise<number> {
  const out = createWriteStream(path, { highWaterMark: 1 << 20 });
  // Settles on 'finish' or on the first error, such as a folder that does not exist: a write waiting for 'drain' would never see that.
  const closed = finished(out);
  closed.catch(() => undefined);
  try {
    await Promise.race([writeExport(file, out), closed]);
    out.end();
    await closed;
  } catch (err) {
    out.destroy();
    throw err;
  }
  return out.bytesWritten;
}

/** The export in memory, for a host that hands it over whole (serve's downloads). */
export async function exportBytes(file: ExportedReport): Promise<Buffer> {
  if (!file.stream) return file.content;
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer | string, _enc, cb) {
      chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
      cb();
    },
  });
  await file.stream(sink);
  return Buffer.concat(chunks);
}
