// Debian's Chromium for end-to-end tests, driven by playwright-core: never a downloaded browser.
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { chromium } from 'playwright-core';
import { chromiumPath } from '../../app/host/export.js';

export const CHROMIUM = chromiumPath();

export function launch(): Promise<Browser> {
  if (!CHROMIUM || !existsSync(CHROMIUM)) throw new Error('no Chromium');
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
  });
}
