// The Electron runtime is not installed on our build machines, so the
// security settings are held here as data and as source facts.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHANNELS } from '../host/ipc-contract.js';
import { CSP, isAppUrl, windowOptions } from './window.js';

describe('the main window', () => {
  const o = windowOptions('/app/preload.cjs', false);
  it('isolates the renderer: context isolation, sandbox, no Node, no webview, web security on', () => {
    expect(o.webPreferences).toMatchObject({
      preload: '/app/preload.cjs', contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false, webSecurity: true, allowRunningInsecureContent: false, webviewTag: false, devTools: false,
    });
  });
  it('fits 1280x800', () => {
    expect([o.width, o.height]).toEqual([1280, 800]);
  });
  it('has a strict Content-Security-Policy: nothing remote, no eval, no inline script', () => {
    expect(CSP).toContain("default-src 'none'");
    expect(CSP).toContain("script-src 'self'");
    expect(CSP).toContain("connect-src 'none'");
    expect(CSP).not.toMatch(/unsafe-eval|https?:|\*|script-src[^;]*unsafe-inline/);
  });
  it('loads only its own files', () => {
    expect(isAppUrl('file:///opt/lk/dist/renderer/index.html', '/opt/lk/dist/renderer/')).toBe(true);
    expect(isAppUrl('file:///etc/passwd', '/opt/lk/dist/renderer/')).toBe(false);
    expect(isAppUrl('https://example.com/', '/opt/lk/dist/renderer/')).toBe(false);
    expect(isAppUrl('not a url', '/opt/lk/dist/renderer/')).toBe(false);
  });
});

describe('main process and preload (source facts, checked without a runtime)', () => {
  const main = readFileSync('app/electron/main.ts', 'utf8');
  const preload = readFileSync('app/electron/preload.cts', 'utf8');
  it('denies new windows, foreign navigation, permissions and remote requests, and checks the sender', () => {
    expect(main).toContain("setWindowOpenHandler(() => ({ action: 'deny' }))");
    expect(main).toMatch(/will-navigate[\s\S]{0,120}isAppUrl[\s\S]{0,60}preventDefault/);
    expect(main).toContain('setPermissionRequestHandler((_wc, _perm, cb) => cb(false))');
    expect(main).toMatch(/onBeforeRequest[\s\S]{0,200}cancel: !details\.url\.startsWith\('file:'\)/);
    expect(main).toContain('event.sender !== win.webContents');
    // Every channel goes through the shared table's dispatch, which validates the arguments (app/host/channels.test.ts).
    expect(main).toMatch(/ipcMain\.handle\(channel,[\s\S]{0,200}event\.sender !== win\.webContents[\s\S]{0,200}return dispatch\(table, channel, raw\)/);
  });
  it('preload exposes one object with invoke, onProgress and canOpenFiles, for exactly the contract channels', () => {
    expect(preload.match(/exposeInMainWorld\(/g)).toHaveLength(1);
    const listed = JSON.parse((/const CHANNELS = (\[[^\]]*\])/.exec(preload)?.[1] ?? '[]').replace(/'/g, '"')) as string[];
    expect(listed).toEqual([...CHANNELS]);
    expect(preload).not.toMatch(/ipcRenderer\.(send|sendSync)\(|exposeInMainWorld\([^)]*ipcRenderer\)/);
    // Dropped files become paths in the preload, from File objects only.
    expect(preload).toMatch(/f instanceof File[\s\S]{0,120}webUtils\.getPathForFile/);
    expect(main).toMatch(/DROP_CHANNEL[\s\S]{0,200}event\.sender !== win\.webContents/);
  });
  it('takes archive names from the engine: no pattern of its own that could leave out .zip again', () => {
    expect(main).not.toMatch(/tar\\?\.gz|tgz|'zip'/);
    expect(main).toContain('keepChosenArchives(');
    expect(main).toContain('extensions: [...INPUT_ARCHIVE_DIALOG_EXTENSIONS]');
  });
});

