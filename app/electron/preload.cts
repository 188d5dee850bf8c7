// The preload bridge: exactly the channels of app/host/ipc-contract.ts, nothing
// else. A sandboxed preload cannot load the project's modules, so the channel
// list is written here too; a test checks both lists agree.
import electron = require('electron');

const { contextBridge, ipcRenderer, webUtils } = electron;

const CHANNELS = ['archive:list', 'archive:open', 'archive:analyze', 'analysis:cancel', 'report:export', 'link:open', 'members:list', 'members:progress', 'members:cancel', 'member:lines', 'member:seek', 'search:start', 'search:results', 'search:cancel', 'logs:merged'];
const PROGRESS_EVENT = 'analysis:progress';
const ADDED_EVENT = 'archive:added';
const DROP_CHANNEL = 'archive:drop';

contextBridge.exposeInMainWorld('lkanalyze', {
  canOpenFiles: true,
  invoke(channel: string, args: unknown): Promise<unknown> {
    if (!CHANNELS.includes(channel)) {
      return Promise.resolve({ ok: false, error: { code: 'bad-request', message: { en: 'unknown channel', ja: '不明なチャネルです' } } });
    }
    return ipcRenderer.invoke(channel, args);
  },
  /** Paths come from the dropped files themselves (webUtils), never from a string the page supplies. */
  addDropped(files: unknown): Promise<unknown> {
    const list = Array.isArray(files) ? files.filter((f): f is File => f instanceof File) : [];
    const paths = list.map((f) => webUtils.getPathForFile(f)).filter((p) => p !== '');
    return ipcRenderer.invoke(DROP_CHANNEL, paths);
  },
  onProgress(listener: (p: unknown) => void): () => void {
    const handler = (_event: unknown, p: unknown): void => listener(p);
    ipcRenderer.on(PROGRESS_EVENT, handler);
    return () => {
      ipcRenderer.removeListener(PROGRESS_EVENT, handler);
    };
  },
  onArchivesAdded(listener: (added: unknown) => void): () => void {
    const handler = (_event: unknown, added: unknown): void => listener(added);
    ipcRenderer.on(ADDED_EVENT, handler);
    return () => {
      ipcRenderer.removeListener(ADDED_EVENT, handler);
    };
  },
});
