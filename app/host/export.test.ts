import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readReport } from '../../analyzers/engine/report/read-report.js';
import type { Report } from '../../analyzers/engine/report/report.js';
import type { PdfPrinter } from './export.js';
import { exportBytes, exportReport, saveExport } from './export.js';

const golden = async (): Promise<Report> => readReport(JSON.parse(await readFile('samples/golden/healthy-shared-disk-node1.json', 'utf8')) as unknown);

/** A printer that records what it was given, in place of Chromium. */
function fakePrinter(): { printer: PdfPrinter; calls: Array<{ html: string; header: string; footer: string }> } {
  const calls: Array<{ html: string; header: string; footer: string }> = [];
  return {
    calls,
    printer: async (html, header, footer) => {
      calls.push({ html, header, footer });
      return Buffer.from('%PDF-fake');
    },
  };
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lkanalyze-export-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the export pipeline of every host', () => {
  it('names a JSON export after the hosts and the day, and streams exactly what JSON.stringify writes', async () => {
    const report = await golden();
    const file = await exportReport(report, { format: 'json', lang: 'ja', redact: false });
    expect([file.fileName, file.mime, file.redactionMap]).toEqual(['lkanalyze-lk-node1-2026-01-01.json', 'application/json', null]);
    // JSON is never held whole by the pipeline: the CLI writes it in pieces.
    expect(file.content).toBeUndefined();
    expect((await exportBytes(file)).toString('utf8')).toBe(`${JSON.stringify(report, null, 2)}\n`);
  });

  it('renders HTML in the language asked for, named with it', async () => {
    const file = await exportReport(await golden(), { format: 'html', lang: 'en', redact: false });
    expect([file.fileName, file.mime]).toEqual(['lkanalyze-lk-node1-2026-01-01.en.html', 'text/html; charset=utf-8']);
    expect(file.content?.toString('utf8')).toMatch(/^<!doctype html>[\s\S]*lk-node1/);
  });

  it('prints the same HTML to PDF with the printer the host gives, headed by the node and paged in the language', async () => {
    const report = await golden();
    const { printer, calls } = fakePrinter();
    const file = await exportReport(report, { format: 'pdf', lang: 'ja', redact: false, printPdf: printer });
    expect([file.fileName, file.mime, file.content?.toString()]).toEqual(['lkanalyze-lk-node1-2026-01-01.ja.pdf', 'application/pdf', '%PDF-fake']);
    expect(calls).toHaveLength(1);
    const html = await exportReport(report, { format: 'html', lang: 'ja', redact: false });
    // The same page, with the headings the PDF's outline is built from marked.
    expect(calls[0]?.html.replaceAll('<h4 role="none">', '<h4>')).toBe(html.content?.toString('utf8'));
    expect(calls[0]?.header).toContain('LifeKeeper サポートアナライザー — lk-node1');
    expect(calls[0]?.header).toContain('2026-01-01 00:00:00 UTC');
    expect(calls[0]?.footer).toContain('ページ');
    expect(calls[0]?.footer).toContain('lkanalyze golden');
  });

  it('redacts every format the same way and returns the pseudonym table to the host, never inside the file', async () => {
    const report = await golden();
    const { printer, calls } = fakePrinter();
    for (const format of ['json', 'html', 'pdf'] as const) {
      const file = await exportReport(report, { format, lang: 'en', redact: true, printPdf: printer });
      const host = file.redactionMap?.entries.find((e) => e.original === 'lk-node1');
      expect(host, format).toMatchObject({ kind: 'host' });
      expect(file.fileName, format).toBe(`lkanalyze-${host?.pseudonym}-2026-01-01${format === 'json' ? '' : '.en'}.${format}`);
      const text = format === 'pdf' ? (calls.at(-1)?.html ?? '') + (calls.at(-1)?.header ?? '') : (await exportBytes(file)).toString('utf8');
      expect(text, format).not.toContain('lk-node1');
      expect(text, format).toContain(host?.pseudonym);
    }
    // The report a host keeps is left as it was.
    expect(report.nodes[0]?.hostname).toBe('lk-node1');
  });

  it('saves to a file (JSON in pieces) and says how many bytes; a folder that does not exist fails instead of hanging', async () => {
    const report = await golden();
    const file = await exportReport(report, { format: 'json', lang: 'en', redact: false });
    const path = join(dir, file.fileName);
    const bytes = await saveExport(file, path);
    const written = await readFile(path, 'utf8');
    expect(written).toBe(`${JSON.stringify(report, null, 2)}\n`);
    expect(bytes).toBe(Buffer.byteLength(written));
    await expect(saveExport(file, join(dir, 'no-such-folder', 'r.json'))).rejects.toThrow(/ENOENT/);
    expect(existsSync(join(dir, 'no-such-folder'))).toBe(false);
  });

  it('puts a ticket\'s case number in the file name, the title, above the report and in the PDF header; JSON names it too', async () => {
    const report = await golden();
    const { printer, calls } = fakePrinter();
    const pdf = await exportReport(report, { format: 'pdf', lang: 'en', redact: false, caseId: 'SR 4711/b', printPdf: printer });
    expect(pdf.fileName).toBe('lkanalyze-SR_4711_b-lk-node1-2026-01-01.en.pdf');
    expect(calls[0]?.header).toContain('<strong>Case SR 4711/b</strong> · LifeKeeper Support Analyzer — lk-node1');
    const html = (await exportReport(report, { format: 'html', lang: 'ja', redact: false, caseId: 'SR 4711/b' })).content?.toString('utf8') ?? '';
    expect(html).toContain('<title>ケース番号 SR 4711/b — LifeKeeper サポートアナライザー — lk-node1</title>');
    expect(html).toContain('<div class="case-head"><strong>ケース番号 SR 4711/b</strong>');
    expect((await exportReport(report, { format: 'json', lang: 'en', redact: false, caseId: 'SR-1' })).fileName).toBe('lkanalyze-SR-1-lk-node1-2026-01-01.json');
    await expect(exportReport(report, { format: 'html', lang: 'en', redact: false, caseId: '<b>' })).rejects.toThrow(/case number/);
  });

  it('prints warning and critical timeline events by default and says how many info events it left out; all and none on request', async () => {
    const report = await golden();
    const events = report.nodes[0]?.timeline?.events ?? [];
    const info = events.filter((e) => e.severity === 'info').length;
    expect(info).toBeGreaterThan(0);
    const body = async (timeline?: 'all' | 'warnings' | 'none'): Promise<string> => (await exportReport(report, { format: 'html', lang: 'en', redact: false, ...(timeline ? { timeline } : {}) })).content?.toString('utf8') ?? '';
    const rows = (html: string, severity: string): number => (html.match(new RegExp(`<tr class="sev-row-${severity}"`, 'g')) ?? []).length;
    const byDefault = await body();
    expect(byDefault).toContain(`Timeline: warnings and critical events only (${info} info event(s) left out).`);
    expect(await body('warnings')).toBe(byDefault);
    const all = await body('all');
    expect(all).not.toContain('<p class="scope-note">');
    expect(rows(all, 'info')).toBe(info);
    expect(rows(byDefault, 'info')).toBe(0);
    expect(rows(byDefault, 'warning') + rows(byDefault, 'critical')).toBe(events.length - info);
    const none = await body('none');
    expect(none).toContain(`Timeline: not in this export (${events.length} event(s) left out).`);
    expect(none).toContain('<body class="export timeline-none">');
    expect(rows(none, 'info') + rows(none, 'warning') + rows(none, 'critical')).toBe(0);
    // The session's report is not cut.
    expect(report.nodes[0]?.timeline?.events).toHaveLength(events.length);
  });
});
