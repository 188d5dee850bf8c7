// The log view in Debian's Chromium against `lkanalyze serve`: an evidence
// line opens its member at that line, marked, with the lines around it; e
// jumps to the next error; a member of 50,000 lines scrolls to its end with
// only a screenful of rows in the page; a search across members streams its
// hits and opens one; the Members tree (folders, summed sizes, who used each
// member); a finding's evidence opens every log around it in one time order;
// the same in Japanese. With a log view budget of 1.5 MiB (served so), members
// past it inside a zip's node archive (a deflated entry) and inside a node
// archive inside a .tar.gz open at any line through the archive's index,
// jump to the next error, and open from a search hit. Screenshots go to
// test-results/screens/.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hexNoise, makeTar, makeZip } from '../../analyzers/engine/plugin/testing.js';
import type { Served } from '../../app/serve/serve.js';
import { serve } from '../../app/serve/serve.js';
import { CHROMIUM, launch } from './browser.js';

const SHOTS = 'test-results/screens';
const BIG = 'test-results/e2e-lognav-big.tar.gz';
const LINES = 50_000;
const bigLine = (i: number): string => {
  const s = i % 60;
  const m = Math.floor(i / 60) % 60;
  const h = 8 + Math.floor(i / 3600);
  const severity = i % 10_000 === 5000 ? 'ERROR' : 'INFO';
  return `May 21 ${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')} big-node lcm[77]: ${severity}:lcm:::000000:heartbeat ${i + 1}`;
};

describe.skipIf(!CHROMIUM)('the log view in a browser', () => {
  let served: Served;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    writeFileSync(BIG, gzipSync(await makeTar([
      { name: 'big/var/log/lifekeeper.log', content: `${Array.from({ length: LINES }, (_, i) => bigLine(i)).join('\n')}\n`, mtime: new Date('2024-05-22T00:00:00Z') },
      { name: 'big/cmd/hostname', content: 'big-node\n' },
      { name: 'big/cmd/rpm_-qa', content: 'steeleye-lk-9.6.2-7047.x86_64\n' },
    ])));
    served = await serve({ archives: ['samples/split-brain-node1.tar.gz', 'samples/split-brain-node2.tar.gz', BIG], version: 'e2e' });
    browser = await launch();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
    await page.goto(served.url);
    await page.getByRole('button', { name: 'Analyze' }).click();
    await page.locator('details.finding').first().waitFor({ timeout: 30_000 });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });

  it('opens an evidence line in the log view, marked, with the lines around it', async () => {
    const f = page.locator('details.finding[data-finding="communication-failure-logged"]').first();
    await f.locator('summary').click();
    const proving = f.locator('.evidence-block', { hasText: 'lifekeeper.log' }).first().locator('.row.proves .ln-open').first();
    const line = Number(await proving.innerText());
    await proving.click();
    const view = page.getByRole('dialog', { name: 'Log view' });
    await view.locator('.lv-row.target').waitFor();
    expect(Number(await view.locator('.lv-row.target').getAttribute('data-line'))).toBe(line);
    expect(await view.locator('.lv-row.target .lv-ln').innerText()).toBe(String(line));
    // The lines before and after it are there too, each with its number.
    for (const n of [line - 2, line - 1, line + 1]) expect(await view.locator(`.lv-row[data-line="${n}"] .lv-text`).count()).toBe(1);
    // A syslog line: time, host, program and LifeKeeper severity apart from the message.
    const target = view.locator('.lv-row.target');
    expect(await target.locator('.lv-time').innerText()).toMatch(/^2024-05-20 \d\d:\d\d:\d\d$/);
    expect(await target.locator('.lv-host').innerText()).toMatch(/^lk-node\d$/);
    expect(await target.locator('.lv-sev').count()).toBe(1);
    await page.screenshot({ path: join(SHOTS, 'lognav-evidence.png') });
    await page.keyboard.press('Escape');
    await view.waitFor({ state: 'detached' });
  });

  it('scrolls a member of 50,000 lines to its end holding only a screenful of rows, and jumps to the next error with e', async () => {
    await page.getByRole('tab', { name: 'Members', exact: true }).click();
    const archive = page.locator('details.lognav-archive', { hasText: 'e2e-lognav-big.tar.gz' });
    await archive.locator('summary').click();
    await archive.getByRole('button', { name: 'lifekeeper.log' }).click();
    const view = page.getByRole('dialog', { name: 'Log view' });
    await view.locator('.lv-row[data-line="1"] .lv-text').waitFor();
    expect(await view.locator('.lv-row').count()).toBeLessThan(60);
    await page.keyboard.press('e');
    await view.locator('.lv-row.target[data-line="5001"]').waitFor();
    expect(await view.locator('.lv-row.target .lv-sev').innerText()).toBe('ERROR');
    // The Time field's hint is the marked line's own time, as logged on the 21st (it said 2024-05-20 whatever the log).
    expect(await view.getByLabel(/^Time/).getAttribute('placeholder')).toBe('2024-05-21T09:23');
    await page.keyboard.press('e');
    await view.locator('.lv-row.target[data-line="15001"]').waitFor();
    await page.keyboard.press('E');
    await view.locator('.lv-row.target[data-line="5001"]').waitFor();
    await page.screenshot({ path: join(SHOTS, 'lognav-next-error.png') });
    await view.locator('.lv-viewport').evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await view.locator(`.lv-row[data-line="${LINES}"] .lv-text`).waitFor();
    expect(await view.locator(`.lv-row[data-line="${LINES}"] .lv-text`).innerText()).toBe(`INFO:lcm:::000000:heartbeat ${LINES}`.replace(/^INFO:/, ''));
    expect(await view.locator('.lv-row').count()).toBeLessThan(60);
    // Go to a time: the first line logged at or after it.
    await view.getByLabel(/^Time/).fill('2024-05-21T10:00:00');
    await view.getByLabel(/^Time/).press('Enter');
    await view.locator('.lv-row.target[data-line="7201"]').waitFor();
    await page.keyboard.press('Escape');
  });

  it('searches every member, streams the hits grouped by member, and opens one at its line', async () => {
    await page.getByRole('tab', { name: 'Search all members' }).click();
    await page.getByRole('searchbox', { name: 'Text to find in every member' }).fill('Communication failure');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    const group = page.locator('.lognav-group', { hasText: 'split-brain-node1.tar.gz' }).first();
    await group.waitFor();
    expect(await group.locator('.lognav-group-name').innerText()).toMatch(/split-brain-node1\.tar\.gz » .*lifekeeper\.log$/);
    const hit = group.locator('.row.proves').first();
    expect(await hit.innerText()).toContain('Communication failure');
    const line = Number(await hit.locator('.ln-open').innerText());
    await page.screenshot({ path: join(SHOTS, 'lognav-search.png') });
    await hit.locator('.ln-open').click();
    const view = page.getByRole('dialog', { name: 'Log view' });
    await view.locator(`.lv-row.target[data-line="${line}"]`).waitFor();
    expect(await view.locator('.lv-row.target .lv-text').innerText()).toContain('Communication failure');
    await page.keyboard.press('Escape');
  });

  it('refuses a regular expression that would backtrack, and says why', async () => {
    await page.getByRole('searchbox', { name: 'Text to find in every member' }).fill('(a+)+$');
    await page.getByLabel('Regular expression').check();
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: 'backtracks' }).waitFor();
  });

  it('shows the logs of both nodes of a cluster around an evidence line, in one time order, each line marked with its node and file, and filters them', async () => {
    const f = page.locator('details.finding[data-finding="communication-failure-logged"]').first();
    if (!(await f.evaluate((el) => (el as unknown as { open: boolean }).open))) await f.locator('summary').click();
    await f.locator('.row.proves .ln-open').first().click();
    const view = page.getByRole('dialog', { name: 'Log view' });
    await view.locator('.lv-row.target .lv-time').waitFor();
    await view.getByRole('button', { name: 'All logs around this line' }).click();
    await view.waitFor({ state: 'detached' });
    const rows = page.locator('table.lognav-merged tbody tr');
    await rows.first().waitFor();
    const nodes = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-node')));
    expect(new Set(nodes)).toEqual(new Set(['lk-node1', 'lk-node2']));
    const times = await rows.evaluateAll((trs) => trs.map((tr) => tr.querySelector('td')?.textContent ?? ''));
    expect(times).toEqual([...times].sort());
    expect(await rows.first().locator('td').nth(2).innerText()).toMatch(/\.log:\d+$|messages:\d+$/);
    await page.locator('table.lognav-merged').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'lognav-merged.png'), fullPage: false });
    // Errors and warnings only: the comm failure each node logged, nothing else.
    await page.getByLabel('Errors and warnings only').check();
    await page.getByRole('button', { name: 'Show', exact: true }).click();
    await page.locator('table.lognav-merged tbody tr:not(.problem)').first().waitFor({ state: 'detached' });
    const left = await rows.evaluateAll((trs) => trs.map((tr) => `${tr.getAttribute('data-node')} ${tr.querySelectorAll('td')[3]?.textContent ?? ''}`));
    expect(left.length).toBeGreaterThanOrEqual(2);
    expect(left).toEqual(expect.arrayContaining(['lk-node1 ERROR', 'lk-node2 ERROR']));
    // One node only.
    await page.locator('.lognav-merged-form label', { hasText: 'lk-node2' }).locator('input').uncheck();
    await page.getByRole('button', { name: 'Show', exact: true }).click();
    await page.locator('table.lognav-merged tbody tr[data-node="lk-node2"]').first().waitFor({ state: 'detached' });
    expect(new Set(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-node'))))).toEqual(new Set(['lk-node1']));
    await page.locator('table.lognav-merged').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'lognav-merged-filtered.png') });
  });

  it('lists the members as a tree: folders that close, sizes summed, the kind, and the analyzers that used each', async () => {
    await page.getByRole('tab', { name: 'Members', exact: true }).click();
    const archive = page.locator('details.lognav-archive', { hasText: 'split-brain-node1.tar.gz' });
    if (!(await archive.evaluate((el) => (el as unknown as { open: boolean }).open))) await archive.locator('summary').click();
    const tree = archive.getByRole('tree');
    const log = tree.getByRole('treeitem').filter({ has: page.getByRole('button', { name: 'lifekeeper.log', exact: true }) });
    await log.waitFor();
    expect(await log.locator('span').nth(1).innerText()).toBe('log');
    // Used by: analyzers by their titles, not the logical input's name.
    const used = await log.locator('.used').innerText();
    expect(used.length).toBeGreaterThan(5);
    expect(used).not.toMatch(/^lifekeeper-log$/);
    const folder = tree.getByRole('treeitem', { name: /^[▾▸] log / }).first();
    expect(await folder.getAttribute('aria-expanded')).toBe('true');
    expect(await folder.locator('.num').last().innerText()).toMatch(/^\d+ members?$/);
    await archive.scrollIntoViewIfNeeded();
    await archive.screenshot({ path: join(SHOTS, 'lognav-members-tree.png') });
    await folder.getByRole('button').click();
    expect(await folder.getAttribute('aria-expanded')).toBe('false');
    await log.waitFor({ state: 'detached' });
    await folder.getByRole('button').click();
    await log.waitFor();
    expect(await folder.getAttribute('aria-expanded')).toBe('true');
  });

  it("opens every log of both nodes around a finding's evidence, its line marked, from the finding itself", async () => {
    const f = page.locator('details.finding[data-finding="communication-failure-logged"]').first();
    if (!(await f.evaluate((el) => (el as unknown as { open: boolean }).open))) await f.locator('summary').click();
    await f.getByRole('button', { name: 'All logs ±5 min' }).first().click();
    const rows = page.locator('table.lognav-merged tbody tr');
    await page.locator('table.lognav-merged tbody tr.target').waitFor();
    expect(new Set(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-node'))))).toEqual(new Set(['lk-node1', 'lk-node2']));
    const times = await rows.evaluateAll((trs) => trs.map((tr) => tr.querySelector('td')?.textContent ?? ''));
    expect(times).toEqual([...times].sort());
    expect(await page.locator('table.lognav-merged tr.target').innerText()).toContain('Communication');
    // The window is the line's time ± 5 minutes.
    const form = page.locator('.lognav-merged-form');
    const from = await form.getByLabel('From', { exact: true }).inputValue();
    const to = await form.getByLabel('To', { exact: true }).inputValue();
    expect(Date.parse(`${to}Z`) - Date.parse(`${from}Z`)).toBe(10 * 60_000);
    await page.locator('table.lognav-merged tr.target').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'lognav-around-finding.png') });
  });

  it('says all of it in Japanese: the members tree and the logs around a finding', async () => {
    await page.getByRole('button', { name: '日本語' }).click();
    await page.getByRole('tab', { name: 'メンバー', exact: true }).click();
    const archive = page.locator('details.lognav-archive', { hasText: 'split-brain-node1.tar.gz' });
    // Opened in English before another tab was looked at: still open.
    expect(await archive.evaluate((el) => (el as unknown as { open: boolean }).open)).toBe(true);
    const tree = archive.getByRole('tree');
    await tree.getByRole('treeitem').first().waitFor();
    const text = await tree.innerText();
    expect(text).toContain('ログ');
    expect(text).toMatch(/メンバー \d+ 個/);
    await archive.scrollIntoViewIfNeeded();
    await archive.screenshot({ path: join(SHOTS, 'lognav-members-tree-ja.png') });
    const f = page.locator('details.finding[data-finding="communication-failure-logged"]').first();
    await f.getByRole('button', { name: '前後 5 分の全ログ' }).first().click();
    await page.locator('table.lognav-merged tbody tr.target').waitFor();
    await page.locator('table.lognav-merged tr.target').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'lognav-around-finding-ja.png') });
    await page.getByRole('button', { name: 'English' }).click();
  });
});

/** A zip whose entries are deflated (method 8) or stored: a ticket's zip of node archives. */
const zipOf = (entries: ReadonlyArray<{ name: string; data: Buffer; deflate: boolean }>): Buffer =>
  makeZip(entries.map((e) => ({ name: e.name, content: e.data, method: e.deflate ? 8 : 0 })));

const ZIP = 'test-results/e2e-lognav-ticket.zip';
/** A node archive cut in its rotated log, which is past the budget: the member the damage goes through. */
const CUT = 'test-results/e2e-lognav-cut.tar.gz';
const NESTED = 'test-results/e2e-lognav-nested.tar.gz';
const NODE_LINES = 40_000;
/** Hex deflate cannot shrink much: each node's log stays past a budget of 1.5 MiB. */
const noise = (i: number, node: number): string => hexNoise(i, node, 8);
const nodeLine = (node: number, i: number): string => {
  const s = i % 60;
  const m = Math.floor(i / 60) % 60;
  const h = 8 + Math.floor(i / 3600);
  const problem = i % 9000 === 4500;
  return `May 21 ${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')} far-node${node} lcm[88]: ${problem ? 'ERROR' : 'INFO'}:lcm:::000000:${problem ? `lost heartbeat on far-node${node}` : 'beat'} ${i + 1} ${noise(i, node)}`;
};
async function farNode(node: number): Promise<Buffer> {
  return gzipSync(await makeTar([
    { name: `far${node}/var/log/lifekeeper.log`, content: `${Array.from({ length: NODE_LINES }, (_, i) => nodeLine(node, i)).join('\n')}\n`, mtime: new Date('2024-05-22T00:00:00Z') },
    { name: `far${node}/cmd/hostname`, content: `far-node${node}\n` },
    { name: `far${node}/cmd/rpm_-qa`, content: 'steeleye-lk-9.6.2-7047.x86_64\n' },
  ]));
}

describe.skipIf(!CHROMIUM)('members past the log view budget, inside a zip and inside an archive inside', () => {
  let served: Served;
  let browser: Browser;
  let page: Page;
  const budget = process.env['LKANALYZE_LOGNAV_BUDGET_MIB'];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    writeFileSync(ZIP, zipOf([{ name: 'node1.tar.gz', data: await farNode(1), deflate: true }, { name: 'node2.tar.gz', data: await farNode(2), deflate: false }]));
    writeFileSync(NESTED, gzipSync(await makeTar([{ name: 'ticket/node3.tar.gz', content: await farNode(3) }])));
    const cut = gzipSync(await makeTar([
      { name: 'cut4/var/log/lifekeeper.log', content: `${Array.from({ length: 600 }, (_, i) => nodeLine(4, i)).join('\n')}\n`, mtime: new Date('2024-05-22T00:00:00Z') },
      { name: 'cut4/cmd/hostname', content: 'far-node4\n' },
      { name: 'cut4/cmd/rpm_-qa', content: 'steeleye-lk-9.6.2-7047.x86_64\n' },
      { name: 'cut4/var/log/lifekeeper.log.1.gz', content: gzipSync(`${Array.from({ length: NODE_LINES }, (_, i) => nodeLine(4, i).replace('May 21', 'May 20')).join('\n')}\n`), mtime: new Date('2024-05-22T00:00:00Z') },
    ]));
    writeFileSync(CUT, cut.subarray(0, Math.floor(cut.length * 0.9)));
    // The session's budget, read when serve makes its log view: each node's log (1.3 MB of hex at least, deflated) is past it.
    process.env['LKANALYZE_LOGNAV_BUDGET_MIB'] = '1.5';
    served = await serve({ archives: [ZIP, NESTED, CUT], version: 'e2e' });
    browser = await launch();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
    await page.goto(served.url);
    await page.getByRole('button', { name: 'Analyze' }).click();
    await page.getByRole('tab', { name: 'Members', exact: true }).waitFor({ timeout: 60_000 });
  }, 120_000);

  afterAll(async () => {
    if (budget === undefined) delete process.env['LKANALYZE_LOGNAV_BUDGET_MIB'];
    else process.env['LKANALYZE_LOGNAV_BUDGET_MIB'] = budget;
    await browser?.close();
    await served?.close();
  });

  it('opens a log inside a zip entry at any line, and jumps to the next error', async () => {
    await page.getByRole('tab', { name: 'Members', exact: true }).click();
    const archive = page.locator('details.lognav-archive', { hasText: 'e2e-lognav-ticket.zip' });
    await archive.locator('summary').click();
    const logs = archive.getByRole('button', { name: 'lifekeeper.log', exact: true });
    await logs.first().waitFor({ timeout: 60_000 });
    // Past the budget, read again from the archive: not "not kept".
    const row = archive.getByRole('treeitem').filter({ has: page.getByRole('button', { name: 'lifekeeper.log', exact: true }) }).first();
    expect(await row.innerText()).toMatch(/read from the archive when opened/);
    await archive.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'lognav-zip-members.png') });
    await logs.first().click();
    const view = page.getByRole('dialog', { name: 'Log view' });
    await view.locator('.lv-row[data-line="1"] .lv-text').waitFor();
    expect(await view.innerText()).not.toMatch(/not kept/);
    await page.keyboard.press('e');
    await view.locator('.lv-row.target[data-line="4501"]').waitFor();
    expect(await view.locator('.lv-row.target .lv-sev').innerText()).toBe('ERROR');
    await page.keyboard.press('e');
    await view.locator('.lv-row.target[data-line="13501"]').waitFor();
    // Any line: far past the first 4 MiB of the node's tar stream.
    await view.getByLabel(/^Line/).fill('38000');
    await view.getByLabel(/^Line/).press('Enter');
    await view.locator('.lv-row.target[data-line="38000"]').waitFor();
    expect(await view.locator('.lv-row.target .lv-text').innerText()).toContain(`beat 38000 ${noise(37_999, 1)}`);
    await page.screenshot({ path: join(SHOTS, 'lognav-zip-line.png') });
    await page.keyboard.press('Escape');
    await view.waitFor({ state: 'detached' });
  }, 120_000);

  it('opens a search hit in a member not held, inside an archive inside a .tar.gz, and one inside the zip\'s stored entry', async () => {
    await page.getByRole('tab', { name: 'Search all members' }).click();
    await page.getByRole('searchbox', { name: 'Text to find in every member' }).fill('lost heartbeat on far-node');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    for (const [node, archive] of [[3, 'e2e-lognav-nested.tar.gz'], [2, 'e2e-lognav-ticket.zip']] as const) {
      const group = page.locator('.lognav-group', { hasText: `far${node}/var/log/lifekeeper.log` }).first();
      await group.waitFor({ timeout: 60_000 });
      expect(await group.locator('.lognav-group-name').innerText()).toContain(archive);
      const hit = group.locator('.row.proves').nth(2);
      expect(await hit.innerText()).toContain(`lost heartbeat on far-node${node}`);
      const line = Number(await hit.locator('.ln-open').innerText());
      expect(line).toBe(2 * 9000 + 4501);
      if (node === 3) await page.screenshot({ path: join(SHOTS, 'lognav-nested-search.png') });
      await hit.locator('.ln-open').click();
      const view = page.getByRole('dialog', { name: 'Log view' });
      await view.locator(`.lv-row.target[data-line="${line}"]`).waitFor();
      expect(await view.locator('.lv-row.target .lv-text').innerText()).toContain(`lost heartbeat on far-node${node} ${line} ${noise(line - 1, node)}`);
      expect(await view.locator(`.lv-row[data-line="${line + 1}"] .lv-text`).innerText()).toContain(`beat ${line + 1} `);
      if (node === 3) await page.screenshot({ path: join(SHOTS, 'lognav-nested-hit.png') });
      await page.keyboard.press('E');
      await view.locator(`.lv-row.target[data-line="${line - 9000}"]`).waitFor();
      await page.keyboard.press('Escape');
      await view.waitFor({ state: 'detached' });
    }
  }, 120_000);
  it("says in the time-ordered view which log of which node it leaves out and why, and shows the others' lines", async () => {
    await page.getByRole('tab', { name: 'All logs by time' }).click();
    const form = page.locator('.lognav-merged-form');
    await form.getByLabel('From', { exact: true }).fill('2024-05-21T08:00:00');
    await form.getByLabel('To', { exact: true }).fill('2024-05-21T08:02:00');
    await page.getByRole('button', { name: 'Show', exact: true }).click();
    const left = page.locator('.lognav-left-out li');
    await left.first().waitFor({ timeout: 60_000 });
    const said = await left.allInnerTexts();
    expect(said).toEqual(expect.arrayContaining([
      expect.stringMatching(/^far-node4: lifekeeper\.log\.1\.gz not included: not viewable here: the archive is damaged in this member \(.*the archive file is cut: it ends at byte [\d,]+, in the middle of its compressed data/),
      expect.stringMatching(/^far-node4: the archive could not be read to its end/),
    ]));
    // The other logs are merged all the same: every node's lines, the cut node's own lifekeeper.log too.
    const rows = page.locator('table.lognav-merged tbody tr');
    await rows.first().waitFor();
    // A container's nodes are nodes of their own (a zip's two node archives, the one inside a .tar.gz), by hostname.
    expect(new Set(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-node'))))).toEqual(new Set(['far-node1', 'far-node2', 'far-node3', 'far-node4']));
    expect((await page.locator('.lognav-merged-form label').allInnerTexts()).map((x) => x.trim())).toEqual(expect.arrayContaining(['far-node1', 'far-node2', 'far-node3', 'far-node4']));
    expect(await page.locator('table.lognav-merged tbody tr[data-node="far-node4"]', { hasText: 'lifekeeper.log:' }).count()).toBeGreaterThan(0);
    await page.locator('.lognav-left-out').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'lognav-merged-left-out.png') });
    await page.getByRole('button', { name: '日本語' }).click();
    await page.getByRole('button', { name: '表示', exact: true }).click();
    await page.locator('.lognav-left-out li', { hasText: 'は含まれていません' }).first().waitFor();
    expect(await page.locator('.lognav-left-out li', { hasText: 'lifekeeper.log.1.gz' }).innerText()).toMatch(/^far-node4: lifekeeper\.log\.1\.gz は含まれていません: ここでは表示できません。このメンバーの中でアーカイブが破損しています .*バイト目でファイルが終わっています/);
    await page.locator('.lognav-left-out').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'lognav-merged-left-out-ja.png') });
    await page.getByRole('button', { name: 'English' }).click();
  }, 120_000);

  it('gives the member the cut goes through its damage as why it does not open, in the Members view and when a search hit is opened', async () => {
    await page.getByRole('tab', { name: 'Members', exact: true }).click();
    const archive = page.locator('details.lognav-archive', { hasText: 'e2e-lognav-cut.tar.gz' });
    await archive.locator('summary').click();
    const row = archive.getByRole('treeitem').filter({ hasText: 'lifekeeper.log.1.gz' });
    await row.waitFor({ timeout: 60_000 });
    expect(await row.locator('.member-note').innerText()).toMatch(/^not viewable here: the archive is damaged in this member/);
    expect(await row.locator('.member-note').innerText()).not.toMatch(/memory set aside/);
    // Not a link: it does not open.
    expect(await row.getByRole('button').count()).toBe(0);
    await archive.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'lognav-members-damaged.png') });
    await page.getByRole('tab', { name: 'Search all members' }).click();
    await page.getByRole('searchbox', { name: 'Text to find in every member' }).fill('lost heartbeat on far-node4');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    const group = page.locator('.lognav-group', { hasText: 'lifekeeper.log.1.gz' }).first();
    await group.waitFor({ timeout: 60_000 });
    await group.locator('.row.proves .ln-open').first().click();
    const alert = page.locator('.lognav-problem[role="alert"]');
    await alert.waitFor();
    expect(await alert.innerText()).toMatch(/^lifekeeper\.log\.1\.gz: not viewable here: the archive is damaged in this member .*lkanalyze cat shows the [\d,]+ lines read before it/);
    await alert.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'lognav-damaged-open.png') });
  }, 120_000);
});
