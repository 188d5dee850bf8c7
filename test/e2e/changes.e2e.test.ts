// What changed, in the browser through `lkanalyze serve`: two archives of one
// node (the later given first) and the cluster's peer. The changes of the pair
// with both archives' lines, the side-by-side table with "Only differences",
// a row's rule link opening its finding, the CSV download, and Japanese.
// Screenshots go to test-results/screens/ to be looked at.
import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Served } from '../../app/serve/serve.js';
import { serve } from '../../app/serve/serve.js';
import { CHROMIUM, launch } from './browser.js';

const SHOTS = 'test-results/screens';

describe.skipIf(!CHROMIUM)('what changed, in the app', () => {
  let served: Served;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    served = await serve({ archives: ['samples/upgrade-after-node2.tar.gz', 'samples/healthy-shared-disk-node1.tar.gz', 'samples/healthy-shared-disk-node2.tar.gz'], version: 'e2e' });
    browser = await launch();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true, locale: 'en-US' });
    await page.goto(served.url);
    await page.getByRole('button', { name: 'Analyze' }).click();
    await page.locator('section.side-by-side').waitFor({ timeout: 30_000 });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });

  it('says what changed between the two archives of lk-node2, oldest first, each change with both lines', async () => {
    const section = page.locator('section.over-time');
    await section.scrollIntoViewIfNeeded();
    expect(await section.locator('.changes-pair').innerText()).toMatch(/lk-node2: samples\/healthy-shared-disk-node2\.tar\.gz \(collected 2024-05-20 10:21:30\) → samples\/upgrade-after-node2\.tar\.gz/);
    const setting = section.locator('tr.change', { hasText: 'LCMNUMHBEATS' });
    expect(await setting.locator('td').allInnerTexts()).toEqual(['LCMNUMHBEATS', 'changed', '3', '5', '3', expect.stringMatching(/Before: lksupport\/etc_default_LifeKeeper:8\s+LCMNUMHBEATS=3\nAfter: lksupport\/etc_default_LifeKeeper:8\s+LCMNUMHBEATS=5/)]);
    expect(await section.locator('tr.change', { hasText: 'ip-admin' }).getAttribute('data-change')).toBe('added');
    await section.screenshot({ path: join(SHOTS, 'changes-over-time.png') });
  });

  it('lists the LifeKeeper kits, then the other packages grouped with their counts, each with both lines', async () => {
    const section = page.locator('section.over-time');
    const groups = await section.locator('h3[data-change-group]').evaluateAll((hs) => hs.map((h) => h.getAttribute('data-change-group')));
    expect(groups.indexOf('package')).toBeLessThan(groups.indexOf('other-package'));
    expect(await section.locator('h3[data-change-group="other-package"]').innerText()).toMatch(/Other packages\s+1 installed, 1 removed, 3 upgraded, 1 downgraded/);
    const openssl = section.locator('tr.change', { hasText: 'openssl-libs' });
    expect(await openssl.locator('td').allInnerTexts()).toEqual(['openssl-libs', 'upgraded version', '1:1.1.1g-15.el8_3', '1:1.1.1k-5.el8_5', expect.stringMatching(/Before: lksupport\/rpm-qa\.out:3\s+openssl-libs-1:1\.1\.1g-15\.el8_3\.x86_64\nAfter: lksupport\/rpm-qa\.out:4\s+openssl-libs-1:1\.1\.1k-5\.el8_5\.x86_64/)]);
    await section.locator('h3[data-change-group="other-package"]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'changes-packages.png') });
  });

  it('jumping to what changed leaves its heading below the sticky toolbar', async () => {
    // A string: the test's own code has no DOM types (tsconfig.test.json).
    await page.evaluate("location.hash = ''; location.hash = '#changes'");
    const toolbar = await page.locator('.toolbar').boundingBox();
    const heading = await page.locator('section.over-time h2').first().boundingBox();
    expect(toolbar && heading).toBeTruthy();
    if (!toolbar || !heading) return;
    expect(heading.y).toBeGreaterThanOrEqual(toolbar.y + toolbar.height);
    expect(heading.y).toBeLessThan(toolbar.y + toolbar.height + 100);
    await page.screenshot({ path: join(SHOTS, 'changes-jump.png') });
  });

  it('lays the nodes side by side, and "Only differences" leaves the rows that differ', async () => {
    const table = page.locator('section.side-by-side');
    await table.scrollIntoViewIfNeeded();
    const all = await table.locator('tr.side-row').count();
    await table.screenshot({ path: join(SHOTS, 'changes-side-by-side.png') });
    await table.getByLabel('Only differences').check();
    const differing = await table.locator('tr.side-row').count();
    expect(differing).toBeGreaterThan(0);
    expect(differing).toBeLessThan(all);
    expect(await table.locator('tr.side-row[data-differs="false"]').count()).toBe(0);
    expect(await table.locator('tr.side-row', { hasText: 'LCMNUMHBEATS' }).locator('td').allInnerTexts()).toEqual(['LCMNUMHBEATS', '3', '5', 'cluster-heartbeat-mismatch']);
    await table.screenshot({ path: join(SHOTS, 'changes-side-by-side-differences.png') });
    await table.getByLabel('Only differences').uncheck();
    expect(await table.locator('tr.side-row').count()).toBe(all);
  });

  it('a row\'s rule opens the finding it is about', async () => {
    await page.locator('section.side-by-side a.finding-link', { hasText: 'cluster-version-mix' }).click();
    const finding = page.locator('details.finding[data-finding="cluster-version-mix"]');
    await expect.poll(() => finding.evaluate((d) => (d as unknown as { open: boolean }).open)).toBe(true);
  });

  it('downloads the table as CSV', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('section.side-by-side button.csv').click()]);
    const csv = await readFile(await download.path(), 'utf8');
    expect(csv.startsWith('\uFEFFcluster,group,key,node1,node2,differs,findings\r\n')).toBe(true);
    expect(csv).toContain('LCMNUMHBEATS,3,5,differs,cluster-heartbeat-mismatch');
  });

  it('in Japanese', async () => {
    await page.getByRole('button', { name: '日本語' }).click();
    await page.getByRole('heading', { name: '変更点' }).waitFor();
    const table = page.locator('section.side-by-side');
    await table.getByLabel('差異のみ表示').check();
    await table.scrollIntoViewIfNeeded();
    await table.screenshot({ path: join(SHOTS, 'changes-side-by-side-ja.png') });
    await page.locator('section.over-time').screenshot({ path: join(SHOTS, 'changes-over-time-ja.png') });
    expect(await page.locator('section.over-time tr.change', { hasText: 'LCMNUMHBEATS' }).locator('td').nth(1).innerText()).toBe('変更');
  });
});
