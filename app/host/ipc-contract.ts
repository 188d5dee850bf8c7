// The one contract between the renderer and whatever hosts it (Electron's
// preload, or `lkanalyze serve` over HTTP). Imported with `import type` only.
import type { Report } from '../../analyzers/engine/report/report.js';
import type { Lang, Text } from '../../analyzers/engine/plugin/text.js';
import type { TimelineScope } from './ticket.js';
import type { MemberLines, MemberList, MergedLines, MergedQuery, SearchResults } from './lognav.js';

export type { TimelineScope };
export type { InputReader, MemberInfo, MemberLines, MemberList, MergedLeftOut, MergedLine, MergedLines, MergedQuery, SearchHit, SearchResults } from './lognav.js';
export type { ViewLine } from '../../analyzers/engine/lognav/member-store.js';

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
  /** The log view (app/host/lognav.ts): an archive's members by id; the first call may wait for one pass over the archive. */
  'members:list': { args: { archive: string }; result: MemberList };
  /** How far that pass is, for its progress bar. */
  'members:progress': { args: { archive: string }; result: { bytesRead: number; totalBytes: number; ready: boolean; error: string | null } };
  'members:cancel': { args: { archive: string }; result: boolean };
  /** Lines `from` (1-based) on, at most `count` (a screen and its margin). */
  'member:lines': { args: { member: string; from: number; count: number }; result: MemberLines };
  /** The next or previous error or warning after `from`, or the first line at or after `time` (ISO local time as logged). */
  'member:seek': { args: { member: string; from: number; to: 'next-problem' | 'previous-problem' | 'time'; time?: string }; result: number | null };
  /** Starts a search across the text members of the archives; the hits are fetched as they come with search:results. */
  'search:start': { args: { archives: string[]; pattern: string; regex: boolean; ignoreCase: boolean; context: number; member?: string }; result: string };
  'search:results': { args: { search: string; from: number }; result: SearchResults };
  'search:cancel': { args: { search: string }; result: boolean };
  /**
   * lifekeeper.log (rotations too) and messages of several archives merged by time, clock skew taken off, in a
   * window; with each log of each archive left out of the lines, whole or in part, and why (one archive that
   * cannot be read leaves the others' lines).
   */
  'logs:merged': { args: MergedQuery; result: MergedLines };
}

export type Channel = keyof Channels;
export const CHANNELS: readonly Channel[] = ['archive:list', 'archive:open', 'archive:analyze', 'analysis:cancel', 'report:export', 'link:open', 'members:list', 'members:progress', 'members:cancel', 'member:lines', 'member:seek', 'search:start', 'search:results', 'search:cancel', 'logs:merged'];
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
