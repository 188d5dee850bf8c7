// The message ids no rule explains (issue 20), in the app and its exports: a closed section of each node with
// their count, each id's meaning or "not known" when opened, archive text as text, and redacted in an export
// when asked. Screenshots go to test-results/screens/.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTar } from '../../analyzers/engine/plugin/testing.js';
import type { Served } from '../../app/serve/serve.js';
import { serve } from '../../app/serve/serve.js';
import { CHROMIUM, launch } from './browser.js';

const SHOTS = 'test-results/screens';
const ARCHIVE = 'test-results/e2e-messages.tar.gz';
const LOG = [
  'May 20 09:59:00 hana-node1 lcm[1402]: ERROR:lcd.mes:::004217:Communication failure: destination system "hana-node2" is out of service.',
  'May 20 10:00:00 hana-node1 restore[3001]: ERROR:hana:restore:HANA-SPS:136266:The contents of SAP HANA database SPS may not be in sync on hana-node1. To protect the data, LifeKeeper will not restore HANA-SPS.',
  "May 20 10:02:00 hana-node1 lkscsid[2201]: ERROR:lkscsid:::007078:lkscsid: DEVICE FAILURE on SCSI device '/dev/sdb', RETRY. ret=-1, errno=0x5, retry count=1.",
  'May 20 10:05:00 hana-node1 quickCheck[3002]: WARN:kit:quickCheck:res1:777001:odd <b>reply</b> from 10.1.2.3',
  'May 20 11:05:00 hana-node1 quickCheck[3002]: WARN:kit:quickCheck:res1:777001:odd <b>reply</b> from 10.1.2.3',
].join('\n');

describe.skipIf(!CHROMIUM)('messages no rule explains, in a browser', () => {
  let served: Served;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    writeFileSync(ARCHIVE, gzipSync(await makeTar([
      { name: 'n/var/log/lifekeeper.log', content: `${LOG}\n` },
      { name: 'n/cmd/hostname', content: 'hana-node1\n' },
      { name: 'n/cmd/rpm_-qa', content: 'steeleye-lk-9.6.2-7047.x86_64\n' },
    ])));
    served = await serve({ archives: [ARCHIVE], version: 'e2e' });
    browser = await launch();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true, locale: 'en-US' });
    await page.goto(served.url);
    await page.getByRole('button', { name: 'Analyze' }).click();
    await page.locator('details.finding').first().waitFor({ timeout: 30_000 });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });

  it('shows a closed section with the count of ids no rule explains, not the ones findings cite (004217, 136266)', async () => {
    const section = page.locator('details.messages');
    expect(await section.count()).toBe(1);
    expect(await section.getAttribute('open')).toBeNull();
    expect(await section.locator('summary').innerText()).toBe('Messages no rule explains (2 message ids)');
    await section.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'messages-closed.png') });
  });

  it('opens to each id: its meaning and source where one is public, "not known" where not, its line as text', async () => {
    const section = page.locator('details.messages');
    await section.locator('summary').click();
    expect(await section.locator('.message').evaluateAll((els) => els.map((e) => e.getAttribute('data-msgid')))).toEqual(['007078', '777001']);
    const lkscsid = await section.locator('[data-msgid="007078"]').innerText();
    expect(lkscsid).toContain('Probably lkscsid (SCSI device monitoring), by its id prefix');
    expect(lkscsid).toContain('lkscsid found a failure on the SCSI device and is retrying.');
    expect(await section.locator('[data-msgid="007078"] .refs a').getAttribute('href')).toBe('https://lkdkuserportal.sios.jp/hc/ja/articles/5701171567257');
    const unknown = section.locator('[data-msgid="777001"]');
    expect(await unknown.innerText()).toMatch(/×2[\s\S]*Component not known[\s\S]*Meaning not known/);
    // Archive text is text: the markup in the line is shown, never rendered.
    expect(await unknown.locator('.row.proves').innerText()).toContain('odd <b>reply</b> from 10.1.2.3');
    expect(await unknown.locator('b').count()).toBe(0);
    await section.screenshot({ path: join(SHOTS, 'messages-open.png') });
  });

  it('is open in the HTML export, and redacted there when asked', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export HTML' }).click()]);
    const file = join('test-results', `messages-${download.suggestedFilename()}`);
    await download.saveAs(file);
    const html = readFileSync(file, 'utf8');
    expect(html).toMatch(/<details class="messages" open/);
    expect(html).toContain('odd &lt;b>reply&lt;/b> from 10.1.2.3');
    await page.getByLabel('Redact exports').check();
    const [redacted] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export HTML' }).click()]);
    const redactedFile = join('test-results', `messages-redacted-${redacted.suggestedFilename()}`);
    await redacted.saveAs(redactedFile);
    const masked = readFileSync(redactedFile, 'utf8');
    expect(masked).toContain('777001');
    expect(masked).not.toMatch(/hana-node1|10\.1\.2\.3/);
    await page.getByLabel('Redact exports').uncheck();
  });
});
