// The app and its exports as a support engineer uses them on a ticket (issue 17): the browser version opens
// archives by its Open button and by a drop, says what it refuses, exports with a notice that stays until
// dismissed, and says a cancel without alarm; the PDF a ticket gets (summary first, an outline, the case number
// in the header, the timeline's scope), checked with poppler. Screenshots go to test-results/screens/ticket-*.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Served } from '../../app/serve/serve.js';
import { serve } from '../../app/serve/serve.js';
import { main } from '../../cli/main.js';
import { CHROMIUM, launch } from './browser.js';

const SHOTS = 'test-results/screens';

const POPPLER = (() => {
  try {
    execFileSync('pdfinfo', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
if (!POPPLER) console.warn('ticket PDF e2e skipped: pdfinfo/pdftotext (poppler-utils) not installed');

const NODES = ['samples/split-brain-node1.tar.gz', 'samples/split-brain-node2.tar.gz'];

class Sink extends Writable {
  data = '';
  override _write(chunk: Buffer, _enc: string, cb: () => void): void {
    this.data += chunk.toString();
    cb();
  }
}

async function cli(args: string[]): Promise<void> {
  const stderr = new Sink();
  const code = await main(args, { stdout: new Sink(), stderr, env: {} });
  expect(code, stderr.data).toBe(0);
}

const pages = (pdf: string): number => Number(/^Pages:\s+(\d+)/m.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))?.[1]);
const pageText = (pdf: string, page: number): string => execFileSync('pdftotext', ['-layout', '-f', String(page), '-l', String(page), pdf, '-'], { encoding: 'utf8' });
/** The PDF's outline (bookmarks) as poppler reads it: its entries' titles, in order, without spaces (a wrapped title may lose the one at its line break). */
const outline = (pdf: string): string[] => {
  const xml = execFileSync('pdftohtml', ['-xml', '-i', '-stdout', pdf], { encoding: 'utf8' });
  return [...xml.matchAll(/<item page="\d+">([^<]*)<\/item>/g)].map((m) => (m[1] ?? '').replace(/\s+/g, ''));
};

describe.skipIf(!CHROMIUM || !POPPLER)('the PDF a ticket gets', () => {
  let dir: string;
  const pdf = (name: string): string => join(dir, name);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lkanalyze-ticket-'));
    for (const timeline of ['warnings', 'all']) {
      await cli([...NODES, '--format', 'pdf', '--lang', 'en', '--case', 'SR-4711', '--timeline', timeline, '--out', pdf(`${timeline}.pdf`)]);
    }
  }, 120_000);

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('gives page 1 to the triage summary, with the case number in every page header', () => {
    const first = pageText(pdf('warnings.pdf'), 1);
    expect(first).toMatch(/Case SR-4711 · LifeKeeper Support Analyzer — lk-node1, lk-node2/);
    expect(first).toMatch(/lk-node1\s+9\.6\.2/);
    expect(first).toMatch(/Checks: \d+ checks ran/);
    expect(first).toContain('Timeline: warnings and critical events only');
    // The findings start on page 2.
    expect(first).not.toContain('What it means');
    const second = pageText(pdf('warnings.pdf'), 2);
    expect(second).toMatch(/^\s*Case SR-4711 · /);
    expect(second).toMatch(/Findings/);
    expect(second).toContain('What it means');
  });

  it('has an outline with an entry for each finding, node and cluster, and not for the small headings inside them', () => {
    const entries = outline(pdf('warnings.pdf'));
    const titles = (list: string[]): string[] => list.map((t) => t.replace(/\s+/g, ''));
    expect(entries).toEqual(expect.arrayContaining(titles([
      'Findings',
      'In service on lk-node1 and lk-node2 at once: app-web, ip-web, fs-data, disk-sdb1, device-sdb',
      'Every communication path to lk-node2 is DEAD',
      'Every communication path to lk-node1 is DEAD',
      'Cluster: lk-node1 + lk-node2',
      'lk-node1',
      'lk-node2',
    ])));
    expect(entries).not.toContain('Whatitmeans');
    expect(entries).not.toContain('Whattodo');
  });

  it('takes fewer pages with the timeline cut to warnings than with every event, and no page holds only its header and footer', () => {
    const warnings = pages(pdf('warnings.pdf'));
    const all = pages(pdf('all.pdf'));
    console.log(`split-brain pair, A4: --timeline warnings ${warnings} pages, --timeline all ${all} pages`);
    expect(warnings).toBeLessThan(all);
    for (const file of ['warnings.pdf', 'all.pdf']) {
      for (let p = 1; p <= pages(pdf(file)); p++) {
        const body = pageText(pdf(file), p).split('\n').filter((l) => l.trim() && !/Case SR-4711 · |lkanalyze \S+\s+Page \d+ of \d+/.test(l));
        expect(body.length, `${file} page ${p}`).toBeGreaterThan(0);
      }
    }
  });
});

/** What the page's own functions use of the DOM: the tests are type-checked without the DOM library. */
interface PageGlobals {
  document: { documentElement: { lang: string; dataset: Record<string, string> } };
  scrollTo(x: number, y: number): void;
  DataTransfer: new () => { items: { add(file: unknown): void } };
  File: new (parts: unknown[], name: string) => unknown;
}

/** Drops files on the page as a user's drag from a file manager does: a drop event whose DataTransfer holds them. */
async function drop(page: Page, files: Array<{ name: string; content: Buffer }>): Promise<void> {
  const data = await page.evaluateHandle((list) => {
    const dom = globalThis as unknown as PageGlobals;
    const dt = new dom.DataTransfer();
    for (const f of list) dt.items.add(new dom.File([Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0))], f.name));
    return dt;
  }, files.map((f) => ({ name: f.name, base64: f.content.toString('base64') })));
  await page.dispatchEvent('main', 'dragover', { dataTransfer: data });
  await page.dispatchEvent('main', 'drop', { dataTransfer: data });
}

describe.skipIf(!CHROMIUM)('the browser version on a ticket', () => {
  let served: Served;
  let browser: Browser;
  let page: Page;
  const shot = async (name: string): Promise<void> => void (await page.screenshot({ path: join(SHOTS, `ticket-${name}.png`) }));
  const setLook = async (lang: 'en' | 'ja', theme: 'light' | 'dark'): Promise<void> => {
    await page.evaluate(({ theme }) => void ((globalThis as unknown as PageGlobals).document.documentElement.dataset['theme'] = theme), { theme });
    const now = await page.evaluate(() => (globalThis as unknown as PageGlobals).document.documentElement.lang);
    if (now !== lang) await page.locator('button.lang').click();
  };

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    // No archive on the command line: everything comes from the page.
    served = await serve({ archives: [], version: 'e2e' });
    browser = await launch();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 }, acceptDownloads: true, locale: 'en-US' });
    await page.goto(served.url);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });

  it('has an Open button and invites a drop when no archive was given', async () => {
    await page.getByRole('heading', { name: 'Archives' }).waitFor();
    expect(await page.locator('.archives').innerText()).toContain('No archive yet');
    expect(await page.getByRole('button', { name: 'Open…' }).isEnabled()).toBe(true);
    for (const [lang, theme] of [['en', 'light'], ['en', 'dark'], ['ja', 'dark'], ['ja', 'light']] as const) {
      await setLook(lang, theme);
      await shot(`empty-${lang}-${theme}`);
    }
    await setLook('en', 'light');
  });

  it('opens an archive with the Open button: sent to the server and listed, selected, under its own name', async () => {
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: 'Open…' }).click()]);
    expect(chooser.isMultiple()).toBe(true);
    await chooser.setFiles(NODES[0] as string);
    const item = page.locator('.archives li', { hasText: 'split-brain-node1.tar.gz' });
    await item.waitFor();
    expect(await item.locator('input').isChecked()).toBe(true);
  });

  it('opens an archive dropped on the page, and says which dropped files it refused and why', async () => {
    await drop(page, [{ name: 'split-brain-node2.tar.gz', content: readFileSync(NODES[1] as string) }]);
    await page.locator('.archives li', { hasText: 'split-brain-node2.tar.gz' }).waitFor();
    await drop(page, [{ name: 'notes.txt', content: Buffer.from('hello') }]);
    expect(await page.locator('.archives .error').innerText()).toMatch(/^not opened: notes\.txt \(only lksupport archives are opened: \.tar\.gz, \.tgz, \.tar, \.zip\)$/);
    const xz = Buffer.concat([Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]), Buffer.alloc(600)]);
    await drop(page, [{ name: 'node3.tar.gz', content: xz }]);
    await page.locator('.archives .error', { hasText: 'xz' }).waitFor();
    expect(await page.locator('.archives .error').innerText()).toMatch(/^node3\.tar\.gz: it is xz-compressed data, which is not supported yet/);
    expect(await page.locator('.archives li').count()).toBe(2);
  });

  it('says a cancelled upload plainly, not as an error', async () => {
    // The server never answers this one: the upload stays in progress until cancelled.
    await page.route('**/api/upload?*', () => undefined);
    await drop(page, [{ name: 'slow.tar.gz', content: readFileSync(NODES[0] as string) }]);
    const status = page.locator('.archives .progress[role="status"]');
    await status.waitFor();
    expect(await status.innerText()).toContain('slow.tar.gz');
    await status.getByRole('button', { name: 'Cancel' }).click();
    expect(await page.locator('.archives p[role="status"]').innerText()).toBe('Opening cancelled');
    expect(await page.locator('.archives .error').count()).toBe(0);
    await page.unroute('**/api/upload?*');
    expect(await page.locator('.archives li').count()).toBe(2);
  });

  it('analyzes what it was sent, then keeps the archive picker to one line above the report', async () => {
    await page.getByRole('button', { name: 'Analyze' }).click();
    await page.locator('section.cluster').waitFor({ timeout: 30_000 });
    const picker = await page.locator('section.archives').boundingBox();
    console.log(`archive picker after an analysis: ${Math.round(picker?.height ?? 0)} px high`);
    expect(picker?.height).toBeLessThan(60);
  });

  it('exports a PDF for a case: progress on the button, then a notice with the file and its size that stays until dismissed', async () => {
    await page.getByRole('textbox', { name: 'Case' }).fill('SR-4711');
    expect(await page.getByRole('combobox', { name: 'Timeline in exports' }).inputValue()).toBe('warnings');
    const times: number[] = [];
    for (const round of [1, 2]) {
      const started = Date.now();
      const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByRole('button', { name: 'Export PDF' }).click()]);
      times.push(Date.now() - started);
      expect(download.suggestedFilename()).toMatch(/^lkanalyze-SR-4711-lk-node1_lk-node2-\d{4}-\d{2}-\d{2}\.en\.pdf$/);
      const notice = page.locator('.export-notice');
      expect(await notice.innerText()).toMatch(new RegExp(`^Exported: ${download.suggestedFilename().replace(/\./g, '\\.')} \\(\\d+(\\.\\d)? KiB\\)`));
      expect(await notice.getAttribute('role')).toBe('status');
      if (round === 1) {
        // It stays while the user goes on working, until dismissed.
        await page.locator('details.finding summary').first().click();
        await page.mouse.wheel(0, 600);
        expect(await notice.isVisible()).toBe(true);
        for (const [lang, theme] of [['en', 'light'], ['en', 'dark'], ['ja', 'dark'], ['ja', 'light']] as const) {
          await setLook(lang, theme);
          await page.evaluate(() => (globalThis as unknown as PageGlobals).scrollTo(0, 0));
          await shot(`report-${lang}-${theme}`);
        }
        await setLook('en', 'light');
        await notice.getByRole('button', { name: 'Dismiss' }).click();
        expect(await notice.count()).toBe(0);
      }
    }
    console.log(`PDF export in lkanalyze serve, click to download: first ${times[0]} ms, second ${times[1]} ms (Chromium kept warm)`);
    expect(served.printer.warm).toBe(true);
  }, 120_000);

  it('shows an export in progress on its own button', async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/api/report:export', async (route) => {
      await held;
      await route.continue();
    });
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 60_000 }),
      (async () => {
        await page.getByRole('button', { name: 'Export HTML' }).click();
        const busy = page.locator('.export-bar button[aria-busy="true"]');
        expect(await busy.innerText()).toBe('Exporting…');
        expect(await page.getByRole('button', { name: 'Export PDF' }).isDisabled()).toBe(true);
        await shot('exporting-en-light');
        release();
      })(),
    ]);
    await page.unroute('**/api/report:export');
    expect(download.suggestedFilename()).toMatch(/\.en\.html$/);
    await page.locator('.export-notice button').click();
  });

  it('says a cancelled export (the desktop app\'s save dialog closed) as a cancel, not as an error', async () => {
    await page.route('**/api/report:export', (route) => route.fulfill({ contentType: 'application/json', body: JSON.stringify({ ok: false, error: { code: 'cancelled', message: { en: 'export cancelled', ja: 'エクスポートを中止しました' } } }) }));
    await page.getByRole('button', { name: 'Export PDF' }).click();
    const notice = page.locator('.export-notice');
    expect(await notice.innerText()).toMatch(/^Export cancelled/);
    expect(await notice.getAttribute('role')).toBe('status');
    expect(await notice.evaluate((el) => el.classList.contains('failed'))).toBe(false);
    await shot('export-cancelled-en-light');
    await page.locator('button.lang').click();
    expect(await notice.innerText()).toMatch(/^エクスポートを中止しました/);
    await page.locator('button.lang').click();
    await page.unroute('**/api/report:export');
    await notice.getByRole('button', { name: 'Dismiss' }).click();
  });
});
