// The real renderer against the real engine through `lkanalyze serve`, in
// Debian's Chromium: open archives, watch progress, expand a finding, switch
// to Japanese, filter, export HTML and PDF. Screenshots of the main screens go
// to test-results/screens/ to be looked at.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTar, makeZip } from '../../analyzers/engine/plugin/testing.js';
import type { Served } from '../../app/serve/serve.js';
import { serve } from '../../app/serve/serve.js';
import { CHROMIUM, launch } from './browser.js';

const SHOTS = 'test-results/screens';
const HOSTILE = 'test-results/e2e-hostile.tar.gz';
/** An evidence line that is markup: it must reach the screen and the export as text. */
const MARKUP = `Nov 11 00:00:00 evil-node recover[1]: EMERG:lcd.recover::fs1:004788:failed to remove resource '<script>alert("pwned")</script><b>fs1</b>'. SYSTEM HALTED.`;

if (!CHROMIUM) console.warn('browser e2e skipped: no Chromium at /usr/bin/chromium (install Debian\'s chromium, or set LKANALYZE_CHROMIUM)');

describe.skipIf(!CHROMIUM)('the report UI in a browser', () => {
  let served: Served;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    writeFileSync(HOSTILE, gzipSync(await makeTar([
      { name: 'n/var/log/lifekeeper.log', content: `${MARKUP}\n` },
      { name: 'n/cmd/hostname', content: 'evil-node\n' },
      { name: 'n/cmd/rpm_-qa', content: 'steeleye-lk-9.6.2-7047.x86_64\n' },
    ])));
    served = await serve({ archives: ['samples/advisory-dk-partial-resync.tar.gz', 'samples/advisory-data-corrupt.tar.gz', HOSTILE], version: 'e2e' });
    browser = await launch();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 }, acceptDownloads: true, locale: 'en-US' });
    const remote: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(served.url.replace(/\/\?.*$/, ''))) remote.push(r.url());
    });
    page.on('close', () => expect(remote).toEqual([]));
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });

  it('analyzes the archives it was given and shows the findings as soon as it is done', async () => {
    await page.goto(served.url);
    await page.getByRole('heading', { name: 'Archives' }).waitFor();
    await page.getByRole('button', { name: 'Analyze' }).click();
    await page.locator('details.finding').first().waitFor({ timeout: 30_000 });
    expect(await page.locator('details.finding').count()).toBeGreaterThanOrEqual(6);
    expect(await page.locator('.summary-badges').innerText()).toMatch(/Critical 3/);
    await page.screenshot({ path: join(SHOTS, 'report.png') });
  });

  it('opens a finding to its summary, remedy, sources and evidence lines', async () => {
    const f = page.locator('details.finding[data-finding="datakeeper-partial-resync-md-raid1"]');
    await f.locator('summary').click();
    const body = await f.innerText();
    expect(body).toContain('What to do');
    expect(body).toContain('mirror_action <tag> pause');
    // Evidence as blocks per member: the member named once, its lines numbered, the proving line marked.
    expect(await f.locator('.evidence-block .where').allInnerTexts()).toEqual(expect.arrayContaining([expect.stringMatching(/lifekeeper\.log$/)]));
    expect(await f.locator('.row.proves .ln').allInnerTexts()).toContain('4');
    expect(body).toContain('resyncing 2.9 GB');
    // What to do, in the summary line, its commands as code.
    expect(await f.locator('summary .finding-action code').allInnerTexts()).toEqual(['mirror_action datarep-dk-mirror pause', 'mirror_action datarep-dk-mirror fullresync']);
    expect(await f.locator('.remedy code').first().innerText()).toBe('mirror_action <tag> pause');
    await f.screenshot({ path: join(SHOTS, 'finding-open.png') });
  });

  it('opens a source in a new tab of the browser, the report staying where it is', async () => {
    const f = page.locator('details.finding[data-finding="datakeeper-partial-resync-md-raid1"]');
    const link = f.locator('.refs a').first();
    const href = await link.getAttribute('href');
    expect(href).toBe('https://ftp.us.sios.com/pickup/HOTFIX-PL-9146-raid1_data_integrity_patch/readme.txt');
    expect([await link.getAttribute('target'), await link.getAttribute('rel')]).toEqual(['_blank', 'noopener noreferrer']);
    // No network here: the source's page is answered locally.
    await page.context().route(/^https:\/\//, (r) => r.fulfill({ status: 200, contentType: 'text/plain', body: 'source' }));
    const before = page.url();
    const [popup] = await Promise.all([page.waitForEvent('popup'), link.click()]);
    await popup.waitForLoadState();
    expect(popup.url()).toBe(href);
    expect(page.url()).toBe(before);
    await popup.close();
    await page.context().unroute(/^https:\/\//);
  });

  it('shows archive markup as text, never as HTML', async () => {
    const f = page.locator('details.finding[data-finding="lifekeeper-emergency-messages"]');
    await f.locator('summary').click();
    expect(await f.locator('.row.proves').first().innerText()).toContain(MARKUP);
    expect(await page.locator('script:not([src])').count()).toBe(0);
    expect(await f.locator('b').count()).toBe(0);
  });

  it('shows the hierarchy, the resync history and the timeline', async () => {
    await page.locator('h3', { hasText: 'Resource hierarchy' }).first().scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'hierarchy.png') });
    expect(await page.locator('.tree .state-OSF').count()).toBe(1);
    await page.locator('svg.chart').first().scrollIntoViewIfNeeded();
    expect(await page.locator('svg.chart rect.nonzero').count()).toBe(3);
    await page.locator('h3', { hasText: 'Timeline' }).first().scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'timeline.png') });
  });

  it('filters findings by search and severity, and the timeline by severity', async () => {
    await page.getByRole('searchbox').fill('data_corrupt');
    expect(await page.locator('details.finding').count()).toBe(1);
    await page.getByRole('searchbox').fill('');
    await page.getByRole('button', { name: /^Warning \d+/ }).click();
    expect(await page.locator('details.finding.sev-warning').count()).toBe(0);
    await page.getByRole('button', { name: /^Warning \d+/ }).click();
    const all = await page.locator('table.timeline').first().locator('tbody tr').count();
    await page.locator('.filters select').first().selectOption('warning');
    const warnings = await page.locator('table.timeline').first().locator('tbody tr').count();
    expect(warnings).toBeLessThan(all);
    await page.locator('.filters select').first().selectOption('all');
  });

  it('zooms the timeline into a bar of its overview, and back out', async () => {
    const table = page.locator('table.timeline').first();
    const all = await table.locator('tbody tr').count();
    await page.locator('svg.overview').first().locator('rect.bucket[tabindex="0"]').first().click();
    const zoomed = await table.locator('tbody tr').count();
    expect(zoomed).toBeGreaterThan(0);
    expect(zoomed).toBeLessThan(all);
    await page.getByRole('button', { name: 'All', exact: true }).first().click();
    expect(await table.locator('tbody tr').count()).toBe(all);
  });

  it('moves between findings with j and k, and opens one with Enter', async () => {
    await page.locator('body').click({ position: { x: 5, y: 300 } });
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    const second = page.locator('details.finding > summary').nth(1);
    expect(await second.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
    await page.keyboard.press('k');
    const first = page.locator('details.finding').first();
    const wasOpen = await first.evaluate((el) => (el as unknown as { open: boolean }).open);
    await page.keyboard.press('Enter');
    expect(await first.evaluate((el) => (el as unknown as { open: boolean }).open)).toBe(!wasOpen);
  });

  /**
   * Serves archives made in a scratch folder in a page of their own, clicks
   * Analyze, and hands the page over; everything is closed and removed after.
   */
  async function withAnalyzed(make: (dir: string) => Promise<string[]>, check: (p: Page) => Promise<void>): Promise<void> {
    const dir = await mkdtemp(join(tmpdir(), 'lkanalyze-e2e-'));
    const served2 = await serve({ archives: await make(dir), version: 'e2e' });
    const p = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    try {
      await p.goto(served2.url);
      await p.getByRole('button', { name: 'Analyze' }).click();
      await check(p);
    } finally {
      await p.close();
      await served2.close();
      await rm(dir, { recursive: true, force: true });
    }
  }

  it('shows a cluster side by side when the archives of its nodes come in one zip', async () => {
    await withAnalyzed(async (dir) => {
      const zip = join(dir, 'ticket-4711.zip');
      await writeFile(zip, makeZip(['split-brain-node1.tar.gz', 'split-brain-node2.tar.gz'].map((name) => ({ name: `ticket-4711/${name}`, content: readFileSync(join('samples', name)) }))));
      return [zip];
    }, async (p2) => {
      const section = p2.locator('section.cluster');
      await section.waitFor();
      expect(await section.locator('h2').innerText()).toBe('Cluster: lk-node1 + lk-node2');
      expect(await section.locator('table.lanes').first().locator('thead th').allInnerTexts()).toEqual(['Tag', 'lk-node1', 'lk-node2']);
      const splitBrain = p2.locator('details.finding', { hasText: 'In service on lk-node1 and lk-node2 at once' });
      await splitBrain.locator('summary').click();
      const where = await splitBrain.locator('.evidence .where').allInnerTexts();
      expect(where.some((w) => w.startsWith('lk-node1'))).toBe(true);
      expect(where.some((w) => w.startsWith('lk-node2'))).toBe(true);
      await p2.screenshot({ path: join(SHOTS, 'cluster-finding.png') });
      await section.scrollIntoViewIfNeeded();
      await p2.screenshot({ path: join(SHOTS, 'cluster.png') });
    });
  });

  it('sets an earlier archive of the same node apart in the cluster view, with no split brain', async () => {
    await withAnalyzed(async (dir) => {
      const copy = join(dir, 'lk-node1-again.tar.gz');
      await writeFile(copy, readFileSync('samples/healthy-shared-disk-node1.tar.gz'));
      return ['samples/healthy-shared-disk-node1.tar.gz', copy, 'samples/healthy-shared-disk-node2.tar.gz'];
    }, async (p3) => {
      const section = p3.locator('section.cluster');
      await section.waitFor();
      expect(await section.locator('h2').innerText()).toBe('Cluster: lk-node1 + lk-node2');
      // The renderer gets the archive's name, not the path on the host.
      expect(await section.locator('p.earlier-archive').innerText()).toContain('lk-node1 · healthy-shared-disk-node1.tar.gz');
      expect(await p3.locator('details.finding').count()).toBe(0);
      await section.locator('h2').scrollIntoViewIfNeeded();
      await p3.screenshot({ path: join(SHOTS, 'cluster-earlier-archive.png') });
    });
  });

  it('shows the latest 200 resyncs and earlier ones on request, and says what a bounded history left out', async () => {
    await withAnalyzed(async (dir) => {
      const many = join(dir, 'many-resyncs.tar.gz');
      const resync = (i: number): string => `May ${10 + Math.floor(i / 1440)} ${String(Math.floor(i / 60) % 24).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:00 n mirror_action[1]: INFO:dr:resume:datarep-x:104009:/dev/md0: bitmap merged, resyncing 1.0 MB`;
      await writeFile(many, gzipSync(await makeTar([{ name: 'n/var/log/lifekeeper.log', content: `${Array.from({ length: 4300 }, (_, i) => resync(i)).join('\n')}\n` }])));
      return [many];
    }, async (p4) => {
      const earlier = p4.getByRole('button', { name: /earlier/ });
      await earlier.waitFor();
      const rows = p4.locator('tr.nonzero');
      expect(await rows.count()).toBe(200);
      expect(await earlier.innerText()).toBe('+3800 earlier');
      expect(await p4.locator('p.resync-bound').innerText()).toBe('4300 resyncs in the logs: kept the first 2000 and the last 2000 read, counted the other 300');
      await earlier.click();
      expect(await rows.count()).toBe(1200);
    });
  });

  it('switches every string to Japanese', async () => {
    await page.getByRole('button', { name: '日本語' }).click();
    await page.evaluate(() => (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0));
    expect(await page.locator('.toolbar').innerText()).toContain('HTML 出力');
    expect(await page.locator('details.finding').first().innerText()).toMatch(/重大/);
    await page.screenshot({ path: join(SHOTS, 'japanese.png') });
  });

  it('has a dark theme, and works on a 4K screen', async () => {
    await page.getByRole('button', { name: 'テーマ' }).click();
    expect(await page.evaluate(() => (globalThis as unknown as { document: { documentElement: { dataset: Record<string, string> } } }).document.documentElement.dataset['theme'])).toBe('dark');
    await page.screenshot({ path: join(SHOTS, 'dark.png') });
    await page.getByRole('button', { name: 'テーマ' }).click();
    await page.setViewportSize({ width: 3840, height: 2160 });
    await page.screenshot({ path: join(SHOTS, '4k.png') });
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('exports one HTML file: no script, nothing fetched, archive text escaped', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'HTML 出力' }).click()]);
    const file = join('test-results', download.suggestedFilename());
    await download.saveAs(file);
    const html = readFileSync(file, 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<html lang="ja">');
    // Sources are links a reader may follow (https, a new tab), never something the page loads.
    expect(html).toContain('<a href="https://ftp.us.sios.com/pickup/HOTFIX-PL-9146-raid1_data_integrity_patch/readme.txt" target="_blank" rel="noopener noreferrer">');
    expect(html.replace(/<a href="https:\/\/[^"\s<>]+" target="_blank" rel="noopener noreferrer">/g, '<a>')).not.toMatch(/<script|<link|<img|<iframe|\ssrc=|\shref=|@import|url\(/i);
    expect(html).toContain('&lt;script>alert("pwned")&lt;/script>&lt;b>fs1&lt;/b>');
    expect(html).toContain('影響を受けるカーネルで部分再同期');
  });

  it('exports a redacted HTML file when asked: no host name of the archives in it', async () => {
    await page.getByLabel('エクスポート時にマスク').check();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'HTML 出力' }).click()]);
    const file = join('test-results', `redacted-${download.suggestedFilename()}`);
    await download.saveAs(file);
    const html = readFileSync(file, 'utf8');
    expect(html).not.toMatch(/dk-app1|dk-db2|dk-db1|evil-node|10\.1\.0\.21|192\.168\.30\./);
    expect(html).toContain('node-1');
    expect(html).toContain('マスク済み');
    await page.getByLabel('エクスポート時にマスク').uncheck();
  });

  it('exports an A4 PDF whose text carries the finding titles', async () => {
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByRole('button', { name: 'PDF 出力' }).click()]);
    const file = join('test-results', download.suggestedFilename());
    await download.saveAs(file);
    expect(readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');
    let text = '';
    try {
      text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    } catch {
      console.warn('pdftotext not installed (poppler-utils): the PDF text was not checked');
      return;
    }
    expect(text).toContain('影響を受けるカーネルで部分再同期が 3 回発生');
    expect(text).toContain('datakeeper-data-corrupt-flag');
    expect(text).toMatch(/1\s*\/\s*\d+\s*ページ/);
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', file, join(SHOTS, 'pdf-page')]);
  }, 90_000);
});
