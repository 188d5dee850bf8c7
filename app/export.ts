// HTML and PDF exports of a report. The HTML is the renderer's own Report
// component rendered on the server (same look as the app, readable with
// JavaScript off, every archive string escaped by Svelte); the PDF is that
// HTML printed by Chromium: Debian's, through playwright-core, unless a
// printer is given (Electron passes its own).
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Report } from '../analyzers/engine/report/report.js';
import type { Lang } from '../analyzers/engine/plugin/text.js';

interface SsrModule {
  renderReportHtml(report: Report, lang: Lang): string;
}

/** The server build of the renderer (vite build --ssr): beside this file in dist/, or in dist/ when this runs from source. */
const SSR_ENTRY = [new URL('../renderer-ssr/export.js', import.meta.url), new URL('../dist/renderer-ssr/export.js', import.meta.url)]
  .map((u) => fileURLToPath(u))
  .find((p) => existsSync(p)) ?? fileURLToPath(new URL('../renderer-ssr/export.js', import.meta.url));

export async function renderHtml(report: Report, lang: Lang): Promise<string> {
  if (!existsSync(SSR_ENTRY)) throw new Error(`the report renderer is not built (${SSR_ENTRY}); run "npm run build"`);
  const mod = (await import(pathToFileURL(SSR_ENTRY).href)) as SsrModule;
  return mod.renderReportHtml(report, lang);
}

/** Prints HTML to A4 PDF. */
export type PdfPrinter = (html: string, header: string, footer: string) => Promise<Buffer>;

const CHROMIUM_CANDIDATES = [process.env['LKANALYZE_CHROMIUM'], '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

export function chromiumPath(): string | null {
  return CHROMIUM_CANDIDATES.find((p): p is string => Boolean(p) && existsSync(p as string)) ?? null;
}

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function headerFooter(report: Report, lang: Lang): { header: string; footer: string } {
  const nodes = report.nodes.map((n) => n.hostname ?? n.archive).join(', ');
  const style = 'font-size:8px;width:100%;padding:0 12mm;color:#555;display:flex;justify-content:space-between;font-family:sans-serif';
  const page = lang === 'ja' ? '<span class="pageNumber"></span> / <span class="totalPages"></span> ページ' : 'Page <span class="pageNumber"></span> of <span class="totalPages"></span>';
  return {
    header: `<div style="${style}"><span>LifeKeeper Support Analyzer — ${esc(nodes)}</span><span>${esc(report.generatedAt.slice(0, 19).replace('T', ' '))} UTC</span></div>`,
    footer: `<div style="${style}"><span>lkanalyze ${esc(report.generator.version)}</span><span>${page}</span></div>`,
  };
}

/** Prints with Debian's Chromium through playwright-core (no downloaded browser). */
export async function printWithChromium(html: string, header: string, footer: string): Promise<Buffer> {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error('PDF export needs Chromium (/usr/bin/chromium, or LKANALYZE_CHROMIUM); it was not found');
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const page = await browser.newPage();
    // The HTML references nothing outside itself; refuse any request all the same.
    await page.route('**/*', (route) => route.abort());
    await page.setContent(html, { waitUntil: 'load' });
    return await page.pdf({ format: 'A4', printBackground: true, displayHeaderFooter: true, headerTemplate: header, footerTemplate: footer, margin: { top: '16mm', bottom: '16mm', left: '12mm', right: '12mm' } });
  } finally {
    await browser.close();
  }
}

export async function renderPdf(html: string, report: Report, lang: Lang, printer: PdfPrinter = printWithChromium): Promise<Buffer> {
  const { header, footer } = headerFooter(report, lang);
  return printer(html, header, footer);
}
