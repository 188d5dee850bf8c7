// The one channel table of both hosts (Electron's main process and `lkanalyze serve`): each channel's handler written once, a host supplying only what differs between them.
import type { Text } from '../../analyzers/engine/plugin/text.js';
import type { PdfPrinter, ExportedReport } from './export.js';
import { exportReport } from './export.js';
import type { AnalysisProgress, ArchiveRef, Channel, Channels, ExportResult, Result } from './ipc-contract.js';
import { fail } from './ipc-contract.js';
import type { Session } from './session.js';
import { BadRequest, validateArgs } from './validate.js';

/** What a host can do that the other cannot. */
export interface HostCapabilities {
  /** Electron shows its open dialog and adds what the user chose; the browser host cannot open files and says why. */
  openArchives: { available: true; open(): Promise<ArchiveRef[]> } | { available: false; why: Text };
  /** Hands an export to the user: Electron saves it where the user chooses, serve keeps it for a download by id. */
  deliverExport(file: ExportedReport): Promise<Result<ExportResult>>;
  /** Pushes analysis progress to the renderer. */
  pushProgress(progress: AnalysisProgress): void;
  /** How a PDF is printed; Chromium through playwright-core when not given. */
  printPdf?: PdfPrinter;
  /**
   * Electron: opens an https link (validated by link:open) in the system
   * browser. The browser host has none: its page opens links in a new tab.
   */
  openExternal?(url: string): Promise<void>;
}

/** A handler per channel, typed by the contract: validated arguments in, the envelope out. */
export type ChannelTable = { [C in Channel]: (args: Channels[C]['args']) => Promise<Result<Channels[C]['result']>> };

const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export function channelTable(session: Session, host: HostCapabilities): ChannelTable {
  return {
    'archive:list': async () => ({ ok: true, value: session.list() }),
    'archive:open': async () => {
      const open = host.openArchives;
      if (!open.available) return { ok: false, error: { code: 'not-available', message: open.why } };
      return { ok: true, value: await open.open() };
    },
    'archive:analyze': ({ ids }) => session.analyze(ids, (p) => host.pushProgress(p)),
    'analysis:cancel': async () => ({ ok: true, value: session.cancel() }),
    'report:export': async ({ format, lang, redact, timeline, caseId }) => {
      const report = session.report;
      if (!report) return fail('not-available', 'there is no report to export yet', 'エクスポートするレポートがまだありません');
      let file: ExportedReport;
      try {
        file = await exportReport(report, { format, lang, redact, caseId: caseId ?? null, ...(timeline ? { timeline } : {}), ...(host.printPdf ? { printPdf: host.printPdf } : {}) });
      } catch (err) {
        const message = messageOf(err);
        return fail('failed', `the export failed: ${message}`, `エクスポートに失敗しました: ${message}`);
      }
      return host.deliverExport(file);
    },
    'members:list': ({ archive }) => session.lognav.members(archive),
    'members:progress': async ({ archive }) => ({ ok: true, value: session.lognav.progress(archive) }),
    'members:cancel': async ({ archive }) => ({ ok: true, value: session.lognav.cancel(archive) }),
    'member:lines': ({ member, from, count }) => session.lognav.lines(member, from, count),
    'member:seek': ({ member, from, to, time }) => session.lognav.seek(member, from, to, time === undefined ? null : Date.parse(`${time}Z`)),
    'search:start': ({ archives, pattern, regex, ignoreCase, context, member }) => session.lognav.startSearch({ archives, pattern, regex, ignoreCase, context, member: member ?? null }),
    'search:results': async ({ search, from }) => session.lognav.results(search, from),
    'search:cancel': async ({ search }) => ({ ok: true, value: session.lognav.cancelSearch(search) }),
    'logs:merged': (query) => session.lognav.merged(query),
    'link:open': async ({ url }) => {
      if (!host.openExternal) return fail('not-available', 'this host does not open links: the page opens them itself', 'このホストではリンクを開けません。リンクはページ自身が開きます');
      try {
        await host.openExternal(url);
      } catch (err) {
        const message = messageOf(err);
        return fail('failed', `the link could not be opened: ${message}`, `リンクを開けませんでした: ${message}`);
      }
      return { ok: true, value: true };
    },
  };
}

/**
 * Validates the arguments of a call from the renderer (app/host/validate.ts)
 * and runs its handler; both hosts call this, so neither can skip the check.
 * Every outcome is the envelope: bad arguments are `bad-request`, a throw is
 * `failed`.
 */
export async function dispatch<C extends Channel>(table: ChannelTable, channel: C, raw: unknown): Promise<Result<Channels[C]['result']>> {
  try {
    return await table[channel](validateArgs(channel, raw));
  } catch (err) {
    if (err instanceof BadRequest) return { ok: false, error: err.error };
    const message = messageOf(err);
    return fail('failed', message, message);
  }
}
