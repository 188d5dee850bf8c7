// The Electron runtime is not installed on our build machines, so the
// security settings are held here as data and as source facts.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ADDED_EVENT, CHANNELS } from '../host/ipc-contract.js';
import { CSP, windowOptions } from './window.js';

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
});

describe('main process and preload (source facts, checked without a runtime)', () => {
  const main = readFileSync('app/electron/main.ts', 'utf8');
  const preload = readFileSync('app/electron/preload.cts', 'utf8');
  it('denies new windows, foreign navigation, permissions and remote requests, and checks the sender', () => {
    expect(main).toContain("setWindowOpenHandler(() => ({ action: 'deny' }))");
    expect(main).toMatch(/will-navigate[\s\S]{0,120}if \(!isAppUrl\(url\)\) event\.preventDefault\(\)/);
    expect(main).toMatch(/will-redirect[\s\S]{0,120}if \(!isAppUrl\(url\)\) event\.preventDefault\(\)/);
    expect(main).toContain('setPermissionRequestHandler((_wc, _perm, cb) => cb(false))');
    // file: is refused with everything else outside the app's origin (app-protocol.test.ts holds isAllowedRequest).
    expect(main).toContain('onBeforeRequest((details, cb) => cb({ cancel: !isAllowedRequest(details.url) }))');
    expect(main).toContain('event.sender !== win.webContents');
    // Every channel goes through the shared table's dispatch, which validates the arguments (app/host/channels.test.ts).
    expect(main).toMatch(/ipcMain\.handle\(channel,[\s\S]{0,200}event\.sender !== win\.webContents[\s\S]{0,200}return dispatch\(table, channel, raw\)/);
  });
  it('preload exposes one object with invoke, onProgress and canOpenFiles, for exactly the contract channels', () => {
    expect(preload.match(/exposeInMainWorld\(/g)).toHaveLength(1);
    const listed = JSON.parse((/const CHANNELS = (\[[^\]]*\])/.exec(preload)?.[1] ?? '[]').replace(/'/g, '"')) as string[];
    expect(listed).toEqual([...CHANNELS]);
    expect(preload).not.toMatch(/ipcRenderer\.(send|sendSync)\(|exposeInMainWorld\([^)]*ipcRenderer\)/);
    // Archives the menu opened reach the page as an event the preload names, not by reloading it (the report would be lost).
    expect(preload).toContain(`const ADDED_EVENT = '${ADDED_EVENT}';`);
    expect(main).not.toContain('webContents.reload()');
    expect(main).toContain('win?.webContents.send(ADDED_EVENT, added)');
    // Dropped files become paths in the preload, from File objects only.
    expect(preload).toMatch(/f instanceof File[\s\S]{0,120}webUtils\.getPathForFile/);
    expect(main).toMatch(/DROP_CHANNEL[\s\S]{0,200}event\.sender !== win\.webContents/);
    // ...and the main process checks them again (dropped.test.ts holds validateDropped).
    expect(main).toMatch(/DROP_CHANNEL[\s\S]{0,500}const dropped = await validateDropped\(raw\);\s*if \(!dropped\.ok\) return dropped;\s*return \{ ok: true, value: await addChosen\(dropped\.value\) \}/);
  });

  it('loads the renderer from its own privileged scheme, never from file:, with the CSP on every response', () => {
    const registered = main.indexOf('protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }])');
    expect(registered).toBeGreaterThan(0);
    // At the top level of the module, so before ready.
    expect(registered).toBeLessThan(main.indexOf('app.whenReady()'));
    expect(main.slice(registered - 1, registered)).toBe('\n');
    expect(main).toMatch(/protocol\.handle\(APP_SCHEME, async \(request\) => \{\s*const answer = await readAppFile\(request\.url, request\.method, RENDERER_DIR\);\s*return new Response\(answer\.body, \{ status: answer\.status, headers: appHeaders\(answer\.type, CSP\) \}\);/);
    expect(main).toContain('win.loadURL(APP_INDEX)');
    expect(main).not.toMatch(/loadFile\(|file:\/\/|registerFileProtocol|interceptFileProtocol/);
  });
  it('opens a source link only in the system browser, only when it is https (checked again in main)', () => {
    expect(main).toMatch(/async openExternal\(url\) \{\s*const link = httpsLink\(url\);\s*if \(!link\) throw new Error\([^)]*\);\s*await shell\.openExternal\(link\);/);
    expect(main.match(/shell\.openExternal\(/g)).toHaveLength(1);
  });
  it('takes archive names from the engine: no pattern of its own that could leave out .zip again', () => {
    expect(main).not.toMatch(/tar\\?\.gz|tgz|'zip'/);
    expect(main).toContain('keepChosenArchives(');
    expect(main).toContain('extensions: [...INPUT_ARCHIVE_DIALOG_EXTENSIONS]');
  });
});

