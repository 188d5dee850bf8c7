// The app's answer time for `npm run bench`: `lkanalyze serve` with one
// sample, Debian's Chromium (playwright-core, never a downloaded browser), and
// the time from the click on Analyze to the report on screen, measured inside
// the page with the Performance API (a MutationObserver notes the moment the
// report's summary appears), so that the driver's polling adds nothing.
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { chromiumPath } from '../app/host/export.js';
import { serve } from '../app/serve/serve.js';

/**
 * Run in the page (as text: this project's TypeScript has no DOM types): at
 * the click on Analyze, note performance.now(); when the report's summary
 * appears, resolve window.lkReportShown with the milliseconds between (the
 * script's value is undefined: Playwright would wait for a promise).
 */
const WATCH = `window.lkReportShown = new Promise((resolve) => {
  const button = [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Analyze');
  button.addEventListener('click', () => {
    const clicked = performance.now();
    new MutationObserver((_m, observer) => {
      if (!document.querySelector('.summary-badges')) return;
      observer.disconnect();
      resolve(performance.now() - clicked);
    }).observe(document.body, { childList: true, subtree: true });
  }, { capture: true, once: true });
});
undefined`;

/** Milliseconds from the click to the report, for each of `runs` clicks (a fresh page each; the first click also starts the analysis worker). */
export async function appLatency(sample: string, runs: number): Promise<number[] | null> {
  const executablePath = chromiumPath();
  if (!executablePath || !existsSync(executablePath)) return null;
  const served = await serve({ archives: [sample], version: 'bench' });
  const browser = await chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
  });
  try {
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
      await page.goto(served.url);
      const analyze = page.getByRole('button', { name: 'Analyze' });
      await analyze.waitFor();
      await page.evaluate(WATCH);
      await analyze.click();
      times.push(Number(await page.evaluate('window.lkReportShown')));
      await page.close();
    }
    return times;
  } finally {
    await browser.close();
    await served.close();
  }
}
