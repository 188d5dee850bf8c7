// The one contract between the renderer and whatever hosts it (Electron's
// preload, or `lkanalyze serve` over HTTP). Imported with `import type` only.
import type { Report } from '../../analyzers/engine/report/report.js';
import type { Lang, Text } from '../../analyzers/engine/plugin/text.js';
import type { TimelineScope } from './ticket.js';

export type { TimelineScope };

/** An archive the host knows: the renderer names archives by id, never by path. */
export interface ArchiveRef {
  id: string;
  name: string;
  bytes: number;
}

export interface AnalysisProgress {
  archive: string;
  bytesRead: number;
  totalBytes: number;
  member: string | null;
  /** Archives done of all asked for. */
  done: number;
  of: number;
}

export type ExportFormat = 'html' | 'pdf' | 'json';

export interface ExportResult {
  /** Where the file was written (Electron), or null when handed to the browser as a download (serve). */
  path: string | null;
  /** For the browser host: what to fetch from `api/download/<id>`. */
  downloadId: string | null;
  fileName: string;
  bytes: number;
}

export interface IpcError {
  code: 'bad-request' | 'unknown-archive' | 'busy' | 'cancelled' | 'not-available' | 'failed';
  message: Text;
}

/** Every handler answers with this envelope; nothing throws across the bridge. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: IpcError };

/** The failing envelope, in both languages. */
export const fail = (code: IpcError['code'], en: string, ja: string): Result<never> => ({ ok: false, error: { code, message: { en, ja } } });

/** Channel names, `domain:verb`, and their argument and result types. */
export interface Channels {
  'archive:list': { args: Record<string, never>; result: ArchiveRef[] };
  'archive:open': { args: Record<string, never>; result: ArchiveRef[] };
  'archive:analyze': { args: { ids: string[] }; result: Report };
  'analysis:cancel': { args: Record<string, never>; result: boolean };
  /** `timeline` and `caseId` shape HTML and PDF for a ticket (app/host/ticket.ts); JSON is always the whole document. */
  'report:export': { args: { format: ExportFormat; lang: Lang; redact: boolean; timeline?: TimelineScope; caseId?: string }; result: ExportResult };
  /** Opens a source's https link in the system browser (Electron); a browser host answers not-available, as its page opens links itself. */
  'link:open': { args: { url: string }; result: true };
}

export type Channel = keyof Channels;
export const CHANNELS: readonly Channel[] = ['archive:list', 'archive:open', 'archive:analyze', 'analysis:cancel', 'report:export', 'link:open'];
/** Electron only: the preload turns dropped File objects into paths itself (the renderer never sends a path). */
export const DROP_CHANNEL = 'archive:drop';
/** Pushed from the host to the renderer while an analysis runs. */
export const PROGRESS_EVENT = 'analysis:progress';
/** Electron only: pushed when archives were added outside the page (File > Open…, the command line of a second start). */
export const ADDED_EVENT = 'archive:added';

/** What the renderer sees, in Electron (preload) and in the browser (HTTP). */
export interface Bridge {
  invoke<C extends Channel>(channel: C, args: Channels[C]['args']): Promise<Result<Channels[C]['result']>>;
  onProgress(listener: (p: AnalysisProgress) => void): () => void;
  /** Electron offers file dialogs and drag and drop of local files; the browser host does not. */
  readonly canOpenFiles: boolean;
  /** Electron only: archives the host added itself (its menu, a second start), so that the page lists them without a reload. */
  onArchivesAdded?(listener: (added: ArchiveRef[]) => void): () => void;
  /** Electron only: archives dropped on the window. */
  addDropped?(files: File[]): Promise<Result<ArchiveRef[]>>;
  /**
   * The browser host only: sends one file the page opened (its Open button, a
   * drop) to the server, which keeps it privately while it runs; progress in
   * bytes sent, and cancelled by the signal (the answer is then `cancelled`).
   */
  upload?(file: File, onProgress: (sent: number, total: number) => void, signal: AbortSignal): Promise<Result<ArchiveRef>>;
}
