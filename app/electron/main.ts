// The Electron main process: one window on the renderer build, served from the
// app's own origin app://renderer/ (app-protocol.ts) with the CSP on every
// response, the shared channel table (app/host/channels.ts) behind a sender
// check, with this host's capabilities: file dialogs, saving exports, printing
// PDF with Chromium's own printToPDF. It analyzes nothing itself.
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session as electronSession, shell } from 'electron';
import { httpsLink } from '../../analyzers/engine/plugin/findings.js';
import { INPUT_ARCHIVE_DIALOG_EXTENSIONS, isInputArchiveName } from '../../analyzers/engine/archive/archive-names.js';
import { tuneHeapForStreaming } from '../../analyzers/engine/workers/heap-tuning.js';
import type { HostCapabilities } from '../host/channels.js';
import { channelTable, dispatch } from '../host/channels.js';
import type { ExportedReport } from '../host/export.js';
import { saveExport } from '../host/export.js';
import type { ArchiveRef, ExportResult, Result } from '../host/ipc-contract.js';
import { ADDED_EVENT, CHANNELS, DROP_CHANNEL, PROGRESS_EVENT } from '../host/ipc-contract.js';
import { Session } from '../host/session.js';
import { APP_INDEX, APP_SCHEME, APP_SCHEME_PRIVILEGES, appHeaders, isAllowedRequest, isAppUrl, readAppFile } from './app-protocol.js';
import { archivesFromArgv, keepChosenArchives } from './chosen-archives.js';
import { validateDropped } from './dropped.js';
import { CSP, windowOptions } from './window.js';

/** The renderer build, two folders up from this file in dist/ (dist/app/electron/main.js → dist/renderer/); the preload sits beside this file. */
const RENDERER_DIR = fileURLToPath(new URL('../../renderer/', import.meta.url));
const PRELOAD = fileURLToPath(new URL('./preload.cjs', import.meta.url));

// Before ready, or the scheme has no origin of its own: app://renderer/ is standard and secure, and nothing more.
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }]);

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
  const files = await keepChosenArchives(paths, (p) => stat(p).then((s) => s.isFile(), () => false));
  await remember(files);
  return session.add(files);
}

async function printPdf(html: string, header: string, footer: string): Promise<Buffer> {
  const printer = new BrowserWindow({ show: false, webPreferences: { sandbox: true, contextIsolation: true, javascript: false } });
  try {
    await printer.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(html)}`);
    // The outline (bookmarks per node and finding) is built from the headings the export marks (renderer/src/export.ts).
    return await printer.webContents.printToPDF({ pageSize: 'A4', printBackground: true, displayHeaderFooter: true, headerTemplate: header, footerTemplate: footer, generateDocumentOutline: true, generateTaggedPDF: true });
  } finally {
    printer.destroy();
  }
}

/** Keeps the pseudonym table on this machine, beside the app's settings; never next to the export. Then saves the export where the user chooses. */
async function saveChosen(file: ExportedReport): Promise<Result<ExportResult>> {
  if (file.redactionMap) {
    const dir = join(app.getPath('userData'), 'redaction-maps');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, `${file.fileName}.map.json`), JSON.stringify(file.redactionMap, null, 2), { mode: 0o600 });
  }
  if (!win) return { ok: false, error: { code: 'failed', message: { en: 'no window', ja: 'ウィンドウがありません' } } };
  const target = await dialog.showSaveDialog(win, { defaultPath: file.fileName });
  if (target.canceled || !target.filePath) return { ok: false, error: { code: 'cancelled', message: { en: 'export cancelled', ja: 'エクスポートを中止しました' } } };
  const bytes = await saveExport(file, target.filePath);
  return { ok: true, value: { path: target.filePath, downloadId: null, fileName: file.fileName, bytes } };
}

const host: HostCapabilities = {
  openArchives: {
    available: true,
    async open() {
      if (!win) return [];
      const r = await dialog.showOpenDialog(win, { properties: ['openFile', 'multiSelections'], filters: [{ name: 'lksupport', extensions: [...INPUT_ARCHIVE_DIALOG_EXTENSIONS] }] });
      return r.canceled ? [] : addChosen(r.filePaths);
    },
  },
  deliverExport: saveChosen,
  pushProgress: (p) => win?.webContents.send(PROGRESS_EVENT, p),
  printPdf,
  // A source's link, in the system browser: https only, checked here again although link:open validated it.
  async openExternal(url) {
    const link = httpsLink(url);
    if (!link) throw new Error('only https links are opened');
    await shell.openExternal(link);
  },
};
const table = channelTable(session, host);

function createWindow(): void {
  win = new BrowserWindow(windowOptions(PRELOAD, !app.isPackaged));
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  win.webContents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  win.webContents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  win.once('ready-to-show', () => win?.show());
  void win.loadURL(APP_INDEX);
}

/** Tells the page of archives added outside it. */
function announce(added: readonly ArchiveRef[]): void {
  if (added.length) win?.webContents.send(ADDED_EVENT, added);
}

function menu(): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate([
    { label: 'File', submenu: [
      // The page lists what was opened (ADDED_EVENT) and keeps the report it shows: no reload.
      { label: 'Open…', accelerator: 'CmdOrCtrl+O', click: () => void dispatch(table, 'archive:open', {}).then((r) => r.ok && announce(r.value)) },
      { label: 'Rule packs…', click: () => void chooseRulePacks() },
      { type: 'separator' },
      { role: 'quit' },
    ] },
    { label: 'View', submenu: [{ role: 'reload' }, { role: 'toggleDevTools' }, { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }] },
  ]));
}

/**
 * The packaged command line (resources/cli/lkanalyze) starts this binary with
 * CLI_FLAG: the RunAsNode fuse is off (electron-builder.yml), so the app's own
 * runtime can no longer be run as plain Node, and the CLI runs here instead,
 * in the main process, with no window.
 */
const CLI_FLAG = '--lkanalyze-cli';

async function runCli(args: string[]): Promise<void> {
  const { main } = await import('../../cli/main.js');
  const code = await main(args, { stdout: process.stdout, stderr: process.stderr, env: process.env }).catch((err: unknown) => {
    process.stderr.write(`lkanalyze: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
    return 3;
  });
  app.exit(code);
}

function startApp(): void {
  if (!app.requestSingleInstanceLock()) app.quit();
  app.on('second-instance', (_e, argv) => {
    void addChosen(archivesFromArgv(argv, app.isPackaged)).then(announce);
    win?.focus();
  });
  app.on('web-contents-created', (_e, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-navigate', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
  });
  app.whenReady().then(async () => {
    // The renderer's files, and only those, from app://renderer/, each response with the CSP.
    protocol.handle(APP_SCHEME, async (request) => {
      const answer = await readAppFile(request.url, request.method, RENDERER_DIR);
      return new Response(answer.body, { status: answer.status, headers: appHeaders(answer.type, CSP) });
    });
    // Nothing remote and no file: URL: deny every permission and every request outside the app's origin (and data:, devtools:).
    electronSession.defaultSession.setPermissionRequestHandler((_wc, _perm, cb) => cb(false));
    electronSession.defaultSession.webRequest.onBeforeRequest((details, cb) => cb({ cancel: !isAllowedRequest(details.url) }));
    electronSession.defaultSession.webRequest.onHeadersReceived((details, cb) => cb({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } }));
    for (const channel of CHANNELS) {
      ipcMain.handle(channel, async (event, raw: unknown) => {
        if (!win || event.sender !== win.webContents) return { ok: false, error: { code: 'bad-request', message: { en: 'unknown sender', ja: '不明な送信元です' } } };
        return dispatch(table, channel, raw);
      });
    }
    ipcMain.handle(DROP_CHANNEL, async (event, raw: unknown) => {
      if (!win || event.sender !== win.webContents) return { ok: false, error: { code: 'bad-request', message: { en: 'unknown sender', ja: '不明な送信元です' } } };
      // Strings naming existing regular files, at most MAX_DROPPED, checked here again: the renderer is not trusted.
      const dropped = await validateDropped(raw);
      if (!dropped.ok) return dropped;
      return { ok: true, value: await addChosen(dropped.value) };
    });
    session.setRulePackDirs((await loadSettings()).rulePackDirs);
    await session.add((await recent()).filter(isInputArchiveName));
    await addChosen(archivesFromArgv(process.argv, app.isPackaged));
    menu();
    createWindow();
  });
  app.on('window-all-closed', () => app.quit());
}

tuneHeapForStreaming();
const cliAt = process.argv.indexOf(CLI_FLAG);
if (cliAt >= 0) void runCli(process.argv.slice(cliAt + 1));
else startApp();
