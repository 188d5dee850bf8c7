// The report's screens as a support engineer uses them on a ticket (issue 17), in Debian's Chromium through
// `lkanalyze serve`: what stays put across a language and theme switch, the merged cluster timeline (corrected
// times, log lines, filters and counts, the window around the incident), "show in timeline" from a finding and
// back, the resync chart's axis, what the CLI prints shown in the app, empty states and the keyboard.
// Screenshots of each changed screen, in English and Japanese, light and dark, go to test-results/screens/.
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Served } from '../../app/serve/serve.js';
import { serve } from '../../app/serve/serve.js';
import { CHROMIUM, launch } from './browser.js';

const SHOTS = 'test-results/screens';
/** The page's getComputedStyle, typed for the tests (their types have no DOM); used inside evaluate() only. */
type Styled = { getComputedStyle(el: unknown): { overflowWrap: string; lineHeight: string } };

describe.skipIf(!CHROMIUM)('the report screens in a browser', () => {
  let served: Served;
  let browser: Browser;
  let page: Page;

  const cluster = (): Locator => page.locator('section.cluster[data-cluster="lk-node1+lk-node2"]');
  const merged = (): Locator => cluster().locator('.timeline-block');
  const mergedRows = (): Locator => merged().locator('table.timeline tbody tr');
  const finding = (id: string, node: string): Locator => page.locator(`details.finding[data-finding="${id}"]`, { hasText: `${node} · ${id}` });
  const setLang = async (to: 'en' | 'ja'): Promise<void> => {
    if ((await page.locator('html').getAttribute('lang')) !== to) await page.locator('.toolbar button.lang').click();
    await page.locator(`article.report[lang="${to}"]`).waitFor();
  };
  const setTheme = async (to: 'light' | 'dark'): Promise<void> => {
    if ((await page.locator('html').getAttribute('data-theme')) !== to) await page.locator('.toolbar button[aria-label]').last().click();
    await page.locator(`html[data-theme="${to}"]`).waitFor();
  };
  const inView = (l: Locator): Promise<boolean> =>
    l.evaluate((el) => {
      const r = el.getBoundingClientRect();
      return r.top >= 0 && r.bottom <= (el.ownerDocument.defaultView?.innerHeight ?? 0);
    });
  /** A screenshot of one screen in each language and theme. */
  const shots = async (name: string, target: () => Locator): Promise<void> => {
    for (const lang of ['en', 'ja'] as const) {
      for (const theme of ['light', 'dark'] as const) {
        await setLang(lang);
        await setTheme(theme);
        await target().scrollIntoViewIfNeeded();
        await target().screenshot({ path: join(SHOTS, `${name}-${lang}-${theme}.png`) });
      }
    }
    await setLang('en');
    await setTheme('light');
  };

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    served = await serve({
      archives: ['samples/split-brain-node1.tar.gz', 'samples/split-brain-node2.tar.gz', 'samples/advisory-lkscsid-restart.tar.gz', 'samples/advisory-dk-partial-resync.tar.gz'],
      version: 'e2e',
    });
    browser = await launch();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'en-US', colorScheme: 'light' });
    await page.goto(served.url);
    await page.getByRole('button', { name: 'Analyze' }).click();
    await page.locator('details.finding').first().waitFor({ timeout: 30_000 });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });

  it('keeps open findings, filters, search text and the place on the page across a language and a theme switch', async () => {
    const split = finding('cluster-split-brain', 'lk-node1+lk-node2');
    await split.locator('summary').click();
    await page.getByRole('searchbox').fill('lk-node');
    await merged().locator('select').first().selectOption('warning');
    const heading = cluster().locator('h3').first();
    await heading.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    const top = await heading.evaluate((el) => el.getBoundingClientRect().top);
    for (const change of [() => setLang('ja'), () => setTheme('dark'), () => setTheme('light'), () => setLang('en')]) {
      await change();
      expect(await split.evaluate((el) => (el as unknown as { open: boolean }).open)).toBe(true);
      expect(await page.getByRole('searchbox').inputValue()).toBe('lk-node');
      expect(await merged().locator('select').first().inputValue()).toBe('warning');
      // The same heading stays where it was on the screen (within a line: the words around it change length).
      expect(Math.abs((await heading.evaluate((el) => el.getBoundingClientRect().top)) - top)).toBeLessThan(30);
    }
    await page.getByRole('searchbox').fill('');
    await merged().locator('select').first().selectOption('all');
    await split.locator('summary').click();
  });

  it('shows the merged timeline on one clock, each event with its log line, opened on the incident', async () => {
    const h3 = merged().locator('h3');
    expect(await h3.innerText()).toBe("Merged timeline, on lk-node1's clock (16 of 48 events)");
    expect(await merged().locator('.window-note').innerText()).toContain('Around the incident (warnings and worse, ±10 min): 2024-05-20 09:31:07 – 2024-05-20 10:31:27; 32 events outside it not shown.');
    // lk-node2 logged its comm failure at 09:41:09, 2 s ahead of lk-node1: shown corrected, the logged time on hover.
    const failure = mergedRows().filter({ hasText: 'Communication failure: lk-node1 out of service' });
    const time = failure.locator('td.time .corrected');
    expect(await time.innerText()).toBe('2024-05-20 09:41:07');
    expect(await time.getAttribute('title')).toBe("logged as 2024-05-20 09:41:09 on lk-node2's clock");
    expect(await failure.locator('.logline').innerText()).toContain('ERROR:lcd.mes:::004217:Communication failure: destination system "lk-node1" is out of service.');
    expect(await failure.locator('.where').innerText()).toBe('lk-node2: lksupport/var_log_lifekeeper.log:8');
    // A resource lk-node2 knows only through lcdstatus -q has no app or type: its tree says nothing, not ?/?.
    expect(await page.locator('section.node-details', { has: page.locator('h2', { hasText: /^lk-node2$/ }) }).locator('.tree').first().innerText()).not.toContain('?/?');
    // lk-node1 is the reference: its times are as logged.
    expect(await mergedRows().filter({ hasText: 'Communication failure: lk-node2 out of service' }).locator('td.time .corrected').count()).toBe(0);
    await cluster().locator('h2').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'merged-timeline.png') });
    await merged().getByRole('button', { name: 'Show the whole timeline' }).click();
    expect(await h3.innerText()).toBe("Merged timeline, on lk-node1's clock (48 events)");
    expect(await mergedRows().count()).toBe(48);
  });

  it('filters the merged timeline by severity and text, the heading counting what is shown, and says when nothing matches', async () => {
    const h3 = merged().locator('h3');
    await merged().locator('select').first().selectOption('warning');
    expect(await mergedRows().count()).toBe(6);
    expect(await h3.innerText()).toContain('(6 of 48 events)');
    await merged().getByRole('textbox', { name: 'Filter events' }).fill('lk-node2');
    expect(await mergedRows().count()).toBe(4);
    expect(await h3.innerText()).toContain('(4 of 48 events)');
    await merged().locator('select').first().selectOption('critical');
    expect(await mergedRows().count()).toBe(0);
    expect(await h3.innerText()).toContain('(0 of 48 events)');
    expect(await merged().locator('.empty').innerText()).toContain('No event matches the filters and the search.');
    await merged().locator('.empty').screenshot({ path: join(SHOTS, 'timeline-empty.png') });
    await merged().getByRole('button', { name: 'Clear filters' }).click();
    expect(await mergedRows().count()).toBe(48);
    expect(await merged().getByRole('textbox', { name: 'Filter events' }).inputValue()).toBe('');
  });

  it('shows a finding\'s events in the timeline, and goes back from an event to its finding', async () => {
    const f = finding('communication-failure-logged', 'lk-node2');
    await f.locator('summary').click();
    await f.getByRole('button', { name: 'Show in timeline' }).click();
    const linked = merged().locator('tr.linked');
    await expect.poll(() => linked.count()).toBe(1);
    expect(await linked.innerText()).toContain('Communication failure: lk-node1 out of service');
    await expect.poll(() => inView(linked)).toBe(true);
    await page.screenshot({ path: join(SHOTS, 'show-in-timeline.png') });
    // Back: the event names its finding; following it opens the finding and brings it into view, focused.
    await f.locator('summary').click();
    const back = linked.getByRole('link', { name: /Finding: Communication failure with lk-node1 logged/ });
    await back.click();
    await expect.poll(() => f.evaluate((el) => (el as unknown as { open: boolean }).open)).toBe(true);
    await expect.poll(() => inView(f.locator('summary'))).toBe(true);
    expect(await f.locator('summary').evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
    await f.locator('summary').click();
  });

  it('draws resync sizes on a linear axis labelled in one unit, with a labelled log scale on request', async () => {
    const chart = page.locator('svg.chart').first();
    await chart.scrollIntoViewIfNeeded();
    expect(await chart.getAttribute('data-scale')).toBe('linear');
    expect(await chart.locator('.scale-label').textContent()).toBe('Linear scale');
    expect(await chart.locator('.y-tick').allTextContents()).toEqual(['0', '1 GiB', '2 GiB', '3 GiB']);
    // On a linear axis the 2.2 MiB resync is a sliver beside the 2.9 GiB one, not 60% of its height.
    const heights = await chart.locator('rect.nonzero').evaluateAll((rs) => rs.map((r) => Number(r.getAttribute('height'))));
    expect(heights).toHaveLength(3);
    expect(Math.min(...heights) / Math.max(...heights)).toBeLessThan(0.01);
    await page.locator('.node-details').filter({ has: chart }).locator('h4').first().screenshot({ path: join(SHOTS, 'resync-heading.png') });
    await chart.screenshot({ path: join(SHOTS, 'resync-linear.png') });
    await page.getByRole('button', { name: 'Log scale' }).click();
    expect(await chart.getAttribute('data-scale')).toBe('log');
    expect(await chart.locator('.scale-label').textContent()).toBe('Log scale');
    expect(await chart.locator('.y-tick').allTextContents()).toEqual(['1 MiB', '1 GiB', '1 TiB']);
    await chart.screenshot({ path: join(SHOTS, 'resync-log.png') });
    await page.getByRole('button', { name: 'Linear scale' }).click();
    // One unit convention; the log's own figure stays in the log line quoted beside it.
    const row = page.locator('.node-details table:not(.timeline) tr', { hasText: '2021-03-15 22:05:18' });
    expect(await row.locator('td').nth(3).innerText()).toBe('2.9 GiB');
    expect(await row.locator('.logline').innerText()).toContain('resyncing 2.9 GB');
  });

  it('shows what the CLI prints of a node: core files, lkscsid restarts, members read; a node alone headed as a node', async () => {
    const node = page.locator('section.node', { hasText: 'advisory-lkscsid-restart.tar.gz' });
    const rows = Object.fromEntries(await node.locator('dl.summary-rows dt').evaluateAll((dts) => dts.map((dt) => [dt.textContent ?? '', (dt.nextElementSibling as unknown as { innerText: string } | null)?.innerText ?? ''])));
    expect(rows['lkscsid']).toBe('2 restarts outside LifeKeeper startup (last 2020-10-05 03:40:51)');
    expect(rows['Read']).toBe('11 of 14 members (0 not used)');
    expect(rows['Core files']).toBe('2 (2.0 MiB): core.lkscsid.6847, core.lkscsid.21877');
    expect(rows['LifeKeeper']).toBe('9.5.0 (steeleye-lk-9.5.0-7288) kits: IP');
    await node.screenshot({ path: join(SHOTS, 'node-summary.png') });
    // What was read and what was not, member by member, behind the Read row.
    const members = page.locator('.node-details details.members').filter({ hasText: 'Members: 11 of 14 read' });
    await members.locator('summary').click();
    expect(await members.locator('table.member-list tbody tr').count()).toBe(11);
    expect(await members.innerText()).toContain('Known by name and size only, never read (core files)');
    expect(await members.innerText()).toContain('lk-prod1.20201006/var/crash/core.lkscsid.6847');
    expect(await members.innerText()).toContain('1 other entry (folders, and read members past the list\'s bound)');
    await members.screenshot({ path: join(SHOTS, 'members.png') });
    await members.locator('summary').click();
    // A node alone has no cluster section: its missing peer is said in its own, as information (what another
    // archive would add), not as a warning.
    expect(await page.locator('section.cluster h2').allInnerTexts()).toEqual(['Cluster: lk-node1 + lk-node2']);
    expect(await node.locator('p.missing-peer').innerText()).toBe('No archive of these peers: theirs would add cross-node checks: lk-prod2');
    expect(await node.locator('p.missing-peer').getAttribute('class')).toContain('info');
  });

  it('says when the search matches no finding, counting what it shows; Escape leaves the search box for j and k', async () => {
    const search = page.getByRole('searchbox');
    const all = await page.locator('details.finding').count();
    await search.fill('no-such-thing-anywhere');
    expect(await page.locator('details.finding').count()).toBe(0);
    const heading = page.locator('section.findings h2');
    expect(await heading.innerText()).toMatch(/^Findings \(0 of \d+ shown\)$/);
    expect(await page.locator('section.findings .empty').innerText()).toContain('No finding matches the search and the severities chosen.');
    await page.locator('section.findings').screenshot({ path: join(SHOTS, 'findings-empty.png') });
    await page.locator('section.findings').getByRole('button', { name: 'Clear filters' }).click();
    expect(await search.inputValue()).toBe('');
    expect(await page.locator('details.finding').count()).toBe(all);
    await search.focus();
    await page.keyboard.press('Escape');
    expect(await search.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(false);
    await page.keyboard.press('j');
    expect(await page.locator('details.finding > summary').first().evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
  });

  it('keeps header words whole and breaks member paths after a slash (Japanese)', async () => {
    await setLang('ja');
    const count = page.locator('.node-details table.timeline th', { hasText: '回数' }).first();
    const box = await count.evaluate((el) => ({ height: el.getBoundingClientRect().height, line: parseFloat((globalThis as unknown as Styled).getComputedStyle(el).lineHeight) }));
    expect(box.height).toBeLessThan(box.line * 2);
    // On a narrow window a path breaks after a slash, every name of it whole (not at the hyphens of
    // lksupport-lk-node1-20240520-102001), and the toolbar's buttons keep their words on one line.
    await page.setViewportSize({ width: 900, height: 900 });
    const where = page.locator('.node-details table.timeline td.where').first();
    await where.scrollIntoViewIfNeeded();
    expect(await where.evaluate((el) => el.getClientRects().length > 0 && el.getBoundingClientRect().height > 20)).toBe(true);
    expect(await where.locator('.seg').count()).toBeGreaterThan(2);
    expect(await where.locator('.seg').evaluateAll((segs) => segs.map((s) => new Set([...s.getClientRects()].map((r) => Math.round(r.top))).size))).toEqual(expect.not.arrayContaining([2]));
    expect(await where.evaluate((el) => (globalThis as unknown as Styled).getComputedStyle(el).overflowWrap)).toBe('break-word');
    for (const name of ['HTML 出力', 'PDF 出力']) {
      const b = page.getByRole('button', { name });
      expect(await b.evaluate((el) => el.getBoundingClientRect().height)).toBeLessThan(40);
    }
    await where.screenshot({ path: join(SHOTS, 'path-wrap-ja.png') });
    await page.setViewportSize({ width: 1280, height: 900 });
    await setLang('en');
  });

  it('takes screenshots of the changed screens in English and Japanese, light and dark', async () => {
    await shots('cluster-timeline', () => merged());
    await shots('node-summary', () => page.locator('section.node', { hasText: 'advisory-lkscsid-restart.tar.gz' }));
    await shots('resync-chart', () => page.locator('.node-details', { has: page.locator('svg.chart') }).locator('svg.chart'));
    await shots('findings', () => page.locator('section.findings'));
  }, 60_000);
});
