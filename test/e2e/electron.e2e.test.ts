// The desktop app itself, where an Electron runtime is installed (npm ci
// fetches none here: Electron's installer downloads it from outside the npm
// registry). Elsewhere the engine, the renderer and the IPC contract are
// tested through `lkanalyze serve` and the unit tests of app/.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { _electron } from 'playwright-core';
import { describe, expect, it } from 'vitest';

const ELECTRON = join('node_modules', 'electron', 'dist', process.platform === 'win32' ? 'electron.exe' : 'electron');
const HAS_RUNTIME = existsSync(ELECTRON);

if (!HAS_RUNTIME) console.warn(`Electron e2e skipped: no Electron runtime at ${ELECTRON} (its installer fetches it from outside the npm registry)`);

describe.skipIf(!HAS_RUNTIME)('the desktop app', () => {
  it('opens an archive given on the command line and shows its findings', async () => {
    const app = await _electron.launch({ executablePath: ELECTRON, args: ['dist/app/electron/main.js', 'samples/advisory-lkscsid-restart.tar.gz'] });
    try {
      const win = await app.firstWindow();
      await win.getByRole('button', { name: /Analyze|解析/ }).click();
      await win.locator('details.finding[data-finding="lkscsid-abnormal-restart"]').waitFor({ timeout: 30_000 });
      // No Node in the renderer, and only the bridge crosses the isolation.
      expect(await win.evaluate(() => [typeof (globalThis as { require?: unknown }).require, typeof (globalThis as { process?: unknown }).process])).toEqual(['undefined', 'undefined']);
      expect(await win.evaluate(() => Object.keys((globalThis as { lkanalyze?: object }).lkanalyze ?? {}).sort())).toEqual(['addDropped', 'canOpenFiles', 'invoke', 'onProgress']);
    } finally {
      await app.close();
    }
  }, 60_000);
});
