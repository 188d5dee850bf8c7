// The Electron main process: one window on the renderer build, typed IPC
// handlers that validate their arguments and call the engine through the
// session, file dialogs, exports. It analyzes nothing itself.
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, Menu, session as electronSession } from 'electron';
import type { Channel, ExportResult, Result } from './ipc-contract.js';
import { CHANNELS, DROP_CHANNEL, PROGRESS_EVENT } from './ipc-contract.js';
import { renderPdf } from './export.js';
import { tuneHeapForStreaming } from '../analyzers/engine/workers/heap-tuning.js';
import { Session } from './session.js';
import { BadRequest, validateArgs } from './validate.js';
import { CSP, isAppUrl, windowOptions } from './window.js';

const RENDERER_DIR = fileURLToPath(new URL('../renderer/', import.meta.url));
const PRELOAD = fileURLToPath(new URL('./preload.cjs', import.meta.url));
const ARCHIVE = /\.(tar\.gz|tgz|tar)$/i;

const session = new Session({ version: app.getVersion() });
let win: BrowserWindow | null = null;
const MAX_RECENT = 10;

/** Recently opened archives, kept in the app's own settings folder (userData/recent.json). */
async function recent(): Promise<string[]> {
  try {
    const list = JSON.parse(await readFile(join(app.getPath('userData'), 'recent.json'), 'utf8')) as unknown;
    return Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

async function remember(paths: readonly string[]): Promise<void> {
  const list = [...new Set([...paths, ...(await recent())])].slice(0, MAX_RECENT);
  await writeFile(join(app.getPath('userData'), 'recent.json'), JSON.stringify(list, null, 2)).catch(() => undefined);
}

/** The app's settings (userData/settings.json): the rule pack folders. */
interface Settings {
  rulePackDirs: string[];
}

async function loadSettings(): Promise<Settings> {
  try {
    const raw = JSON.parse(await readFile(join(app.getPath('userData'), 'settings.json'), 'utf8')) as { rulePackDirs?: unknown };
    return { rulePackDirs: Array.isArray(raw.rulePackDirs) ? raw.rulePackDirs.filter((x): x is string => typeof x === 'string') : [] };
  } catch {
    return { rulePackDirs: [] };
  }
}

async function chooseRulePacks(): Promise<void> {
  if (!win) return;
  const current = session.rulePacks;
  const r = await dialog.showOpenDialog(win, {
    title: 'Rule packs / ルールパック',
    message: current.length ? `Now: ${current.join(', ')}` : 'No rule pack loaded besides the built-in rules.',
    properties: ['openDirectory', 'multiSelections'],
  });
  if (r.canceled) return;
  session.setRulePackDirs(r.filePaths);
  await writeFile(join(app.getPath('userData'), 'settings.json'), JSON.stringify({ rulePackDirs: r.filePaths }, null, 2));
}

/** Adds archives the user chose (dialog, drop, command line) and remembers them. */
async function addChosen(paths: readonly string[]): Promise<Awaited<ReturnType<Session['add']>>> {
  const files: string[] = [];
  for (const p of paths) if (ARCHIVE.test(p) && (await stat(p).then((s) => s.isFile(), () => false))) files.push(p);
  await remember(files);
  return session.add(files);
}

/** Archives named on the command line (`lkanalyze-app <archive>`), after Electron's own arguments. */
function archivesFromArgv(argv: readonly string[]): string[] {
  return argv.slice(app.isPackaged ? 1 : 2).filter((a) => !a.startsWith('-') && ARCHIVE.test(a));
}

async function printPdf(html: string, header: string, footer: string): Promise<Buffer> {
  const printer = new BrowserWindow({ show: false, webPreferences: { sandbox: true, contextIsolation: true, javascript: false } });
  try {
    await printer.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(html)}`);
    return await printer.webContents.printToPDF({ pageSize: 'A4', printBackground: true, displayHeaderFooter: true, headerTemplate: header, footerTemplate: footer });
  } finally {
    printer.destroy();
  }
}

async function handle(channel: Channel, raw: unknown): Promise<Result<unknown>> {
  switch (channel) {
    case 'archive:list':
      validateArgs(channel, raw);
      return { ok: true, value: session.list() };
    case 'archive:open': {
      validateArgs(channel, raw);
      if (!win) return { ok: true, value: [] };
      const r = await dialog.showOpenDialog(win, { properties: ['openFile', 'multiSelections'], filters: [{ name: 'lksupport', extensions: ['gz', 'tgz', 'tar', 'zip'] }] });
      return { ok: true, value: r.canceled ? [] : await addChosen(r.filePaths) };
    }
    case 'archive:analyze':
      return session.analyze(validateArgs(channel, raw).ids, (p) => win?.webContents.send(PROGRESS_EVENT, p));
    case 'analysis:cancel':
      validateArgs(channel, raw);
      return { ok: true, value: session.cancel() };
    case 'report:export': {
      const { format, lang, redact } = validateArgs(channel, raw);
      const report = session.report;
      const file = format === 'pdf' && report
        ? await (async () => {
            const html = await session.export('html', lang, redact);
            if (!html.ok) return html;
            const content = await renderPdf(html.value.content.toString('utf8'), report, lang, printPdf);
            return { ok: true as const, value: { ...html.value, fileName: html.value.fileName.replace(/\.html$/, '.pdf'), mime: 'application/pdf', content } };
          })()
        : await session.export(format, lang, redact);
      if (!file.ok) return file;
      if (file.value.redactionMap) {
        // The pseudonym table stays on this machine, beside the app's settings; never next to the export.
        const dir = join(app.getPath('userData'), 'redaction-maps');
        await mkdir(dir, { recursive: true });
        await writeFile(join(dir, `${file.value.fileName}.map.json`), JSON.stringify(file.value.redactionMap, null, 2), { mode: 0o600 });
      }
      if (!win) return { ok: false, error: { code: 'failed', message: { en: 'no window', ja: 'ウィンドウがありません' } } };
      const target = await dialog.showSaveDialog(win, { defaultPath: file.value.fileName });
      if (target.canceled || !target.filePath) return { ok: false, error: { code: 'cancelled', message: { en: 'export cancelled', ja: 'エクスポートを中止しました' } } };
      await writeFile(target.filePath, file.value.content);
      const value: ExportResult = { path: target.filePath, downloadId: null, fileName: file.value.fileName, bytes: file.value.content.length };
      return { ok: true, value };
    }
  }
}

function createWindow(): void {
  win = new BrowserWindow(windowOptions(PRELOAD, !app.isPackaged));
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  win.webContents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url, RENDERER_DIR)) event.preventDefault();
  });
  win.once('ready-to-show', () => win?.show());
  void win.loadFile(`${RENDERER_DIR}index.html`);
}

function menu(): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate([
    { label: 'File', submenu: [
      { label: 'Open…', accelerator: 'CmdOrCtrl+O', click: () => void handle('archive:open', {}).then(() => win?.webContents.reload()) },
      { label: 'Rule packs…', click: () => void chooseRulePacks() },
      { type: 'separator' },
      { role: 'quit' },
    ] },
    { label: 'View', submenu: [{ role: 'reload' }, { role: 'toggleDevTools' }, { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }] },
  ]));
}

tuneHeapForStreaming();
if (!app.requestSingleInstanceLock()) app.quit();
app.on('second-instance', (_e, argv) => {
  void addChosen(archivesFromArgv(argv)).then(() => win?.webContents.reload());
  win?.focus();
});
app.on('web-contents-created', (_e, contents) => {
  contents.on('will-attach-webview', (event) => event.preventDefault());
});
app.whenReady().then(async () => {
  // Nothing remote: deny every permission and every request that is not the app's own file.
  electronSession.defaultSession.setPermissionRequestHandler((_wc, _perm, cb) => cb(false));
  electronSession.defaultSession.webRequest.onBeforeRequest((details, cb) => cb({ cancel: !details.url.startsWith('file:') && !details.url.startsWith('data:') && !details.url.startsWith('devtools:') }));
  electronSession.defaultSession.webRequest.onHeadersReceived((details, cb) => cb({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } }));
  for (const channel of CHANNELS) {
    ipcMain.handle(channel, async (event, raw: unknown) => {
      if (!win || event.sender !== win.webContents) return { ok: false, error: { code: 'bad-request', message: { en: 'unknown sender', ja: '不明な送信元です' } } };
      try {
        return await handle(channel, raw);
      } catch (err) {
        if (err instanceof BadRequest) return { ok: false, error: err.error };
        const message = err instanceof Error ? err.message : String(err);
        return { ok: false, error: { code: 'failed', message: { en: message, ja: message } } };
      }
    });
  }
  ipcMain.handle(DROP_CHANNEL, async (event, raw: unknown) => {
    if (!win || event.sender !== win.webContents) return { ok: false, error: { code: 'bad-request', message: { en: 'unknown sender', ja: '不明な送信元です' } } };
    const paths = Array.isArray(raw) ? raw.filter((p): p is string => typeof p === 'string').slice(0, 64) : [];
    return { ok: true, value: await addChosen(paths) };
  });
  session.setRulePackDirs((await loadSettings()).rulePackDirs);
  await session.add((await recent()).filter((p) => ARCHIVE.test(p)));
  await addChosen(archivesFromArgv(process.argv));
  menu();
  createWindow();
});
app.on('window-all-closed', () => app.quit());
