// One pass over an archive for the log navigator (ls, cat, grep, the UI's
// search): every member named as the report names it, with what kind of
// member it is, and its decompressed content to whoever wants it. Archives
// inside the archive (a ticket's tar of node archives) are walked in the same
// pass, their members named "inner.tar.gz » path", as deep as the analysis
// opens them (archive/nesting.ts); a zip is read as the analysis reads it: its
// node archives (their members named "node1.tar.gz » path") and its own files
// (an lksupport tree zipped again), named by their paths. Nothing is extracted.
import type { Readable } from 'node:stream';
import type { ArchiveReadResult, ArchiveVisitor, MemberHeader, MemberSink, ReadOptions } from '../archive/archive.js';
import { ArchiveError } from '../archive/archive.js';
import type { StreamInput } from '../archive/archive.js';
import { isZipFile, readArchive, readArchiveStream, readNestedArchive, visitZipEntry } from '../archive/archive.js';
import { readZipContainer } from '../archive/zip-container.js';
import type { ZipEntryData } from '../archive/zip-container.js';
import { compressionOfName, stripCompressionSuffix } from '../archive/archive-format.js';
import { isNestedArchiveName } from '../archive/archive-names.js';
import type { NotOpened } from '../archive/nesting.js';
import { openNested } from '../archive/nesting.js';
import type { InputId } from '../archive/inputs.js';
import { candidateInputs } from '../archive/inputs.js';
import { looksBinary } from '../lines/decode.js';
import type { Text } from '../plugin/text.js';
import { text } from '../plugin/text.js';
import { Budget } from '../run/budget.js';

/**
 * What a member is, as the Members view and `lkanalyze ls` say: a log
 * (streamed line by line), a command's output, another text document, a
 * binary (core file, or content that is not text), or skipped (a folder, a
 * link, a device, a path that climbs out, a compression not supported).
 */
export type MemberKind = 'log' | 'command' | 'document' | 'binary' | 'skipped';

export interface WalkedMember {
  /** How the member is named in output: its path, after the names of the archives it sits in ("inner.tar.gz » path"). */
  name: string;
  header: MemberHeader;
  /** Kind by name and type; a file named as text may still turn out binary from its first bytes (see isBinaryHead). */
  kind: MemberKind;
  /** The logical input it is read as by the analyzers, when one. */
  input: InputId | null;
  /** Why a skipped member is skipped (English; the UI has its own words). 'not-opened': an archive inside that is not opened (notOpened says why). */
  skipped: 'directory' | 'link' | 'device' | 'sparse' | 'unsafe-path' | 'unsupported-compression' | 'not-opened' | null;
  /** Why an archive inside is not opened (nested deeper than MAX_NESTING_DEPTH, past MAX_NESTED_ARCHIVES), in both languages. */
  notOpened?: Text;
  /** Read through gunzip (a rotated .gz log). */
  gunzip: boolean;
  /** Where its data starts in the tar stream of the archive it sits in (the outermost, or one inside: WalkHandlers.nested), null when unknown: the log view's index reads it there. */
  offset: number | null;
}

/** What a walk read: an archive's reading, or a zip container's. */
export type WalkResult = Omit<ArchiveReadResult, 'format'> & { format: ArchiveReadResult['format'] | 'zip' };

/**
 * Receives a member's decompressed content; write returning false stops it
 * (the rest is passed over). `gunzip: false` asks for a .gz member's bytes as
 * they are in the tar (the log view's index inflates them itself).
 */
export type ContentSink = Pick<MemberSink, 'write' | 'end'> & { gunzip?: boolean };

export interface WalkHandlers {
  /** Called for every member in archive order; a sink to read its content, or null to pass over it. */
  member(m: WalkedMember): ContentSink | null;
  /**
   * An archive inside (its bytes as the archive around it holds them, or a
   * zip entry's inflated bytes): the stream its tar reader gets instead, and
   * the name that says how to read it (the log view's index inflates it
   * itself); `done` once read. Absent or null: read as always.
   */
  nested?(h: MemberHeader, content: Readable): { content: Readable; name: string; done(): void } | null;
  /** A zip entry's data, read from where its local header places it instead of by yauzl (the log view's index), or null. */
  zipEntry?(h: MemberHeader, data: ZipEntryData): Readable | null;
  /** The same for a zip entry that is a file of the zip's own (not a node archive): its bytes, and what to call once it is read. */
  zipMember?(h: MemberHeader, data: ZipEntryData): { content: Readable; done(): void } | null;
}

/** An archive inside read through `handlers.nested` when it takes it. */
function readInner(handlers: WalkHandlers, h: MemberHeader, content: Readable, visitor: ArchiveVisitor, options: Parameters<typeof readNestedArchive>[3]): Promise<ArchiveReadResult> {
  const own = handlers.nested?.(h, content) ?? null;
  return readNestedArchive(own?.content ?? content, own?.name ?? h.path, visitor, options).finally(() => own?.done());
}

const COMMAND_INPUTS: ReadonlySet<InputId> = new Set<InputId>([
  'uname', 'hostname', 'date', 'rpm-qa', 'df', 'lcdstatus', 'lcdstatus-q', 'lcdstatus-e',
  'ins-list', 'dep-list', 'eqv-list', 'flg-list', 'net-list', 'sys-list', 'mirror-status',
]);

/** The kind of a member by its header and name alone. */
export function classify(h: MemberHeader): Omit<WalkedMember, 'name' | 'header' | 'offset'> {
  const none = { input: null, gunzip: false };
  if (h.type === 'directory') return { ...none, kind: 'skipped', skipped: 'directory' };
  if (h.type === 'symlink' || h.type === 'hardlink') return { ...none, kind: 'skipped', skipped: 'link' };
  // A sparse file's bytes in the tar are not the file (archive.ts, sparseReason).
  if (h.type === 'sparse') return { ...none, kind: 'skipped', skipped: 'sparse' };
  if (h.type !== 'file') return { ...none, kind: 'skipped', skipped: 'device' };
  if (h.pathProblem === 'parent') return { ...none, kind: 'skipped', skipped: 'unsafe-path' };
  const compression = compressionOfName(h.path);
  if (compression && compression !== 'gzip') return { ...none, kind: 'skipped', skipped: 'unsupported-compression' };
  const gunzip = compression === 'gzip';
  const logical = gunzip ? stripCompressionSuffix(h.path) : h.path;
  const spec = candidateInputs(logical)[0] ?? candidateInputs(h.path)[0];
  const input = spec?.id ?? null;
  const base = { input, gunzip, skipped: null };
  if (spec?.kind === 'listing') return { ...base, kind: 'binary' };
  if (spec?.kind === 'log' || /(?:^|\/)var\/log\/|\.log(?:[.-]\d[\d.-]*)?$/i.test(logical)) return { ...base, kind: 'log' };
  if ((input && COMMAND_INPUTS.has(input)) || /(?:^|\/)cmds?\/|\.out$/i.test(logical)) return { ...base, kind: 'command' };
  return { ...base, kind: 'document' };
}

/** Whether a member's first decompressed bytes say it is not text (the analyzers' own test). */
export const isBinaryHead = (chunk: Buffer): boolean => looksBinary(chunk);

/**
 * Walks the archive once. The archive's budget (run/budget.ts) bounds what is
 * inflated, as for an analysis; archives inside are walked when their names
 * say so.
 */
export async function walkArchive(file: string, handlers: WalkHandlers, options: Pick<ReadOptions, 'signal' | 'onProgress'> & { source?: WalkSource; budget?: Budget } = {}): Promise<WalkResult> {
  const budget = options.budget ?? new Budget();
  /** Archives inside (in a tar, or deeper) that could not be read whole: the first few, named. */
  const innerProblems: Text[] = [];
  // `depth`: how many archives inside the one given this one is (0: the archive given; a zip's node archives are 1).
  const visitor = (prefix: string, depth: number): ArchiveVisitor => ({
    open(h: MemberHeader): MemberSink | null {
      const c = classify(h);
      const sink = handlers.member({ name: `${prefix}${h.path}`, header: h, ...c, offset: h.offset ?? null });
      return sink ? { gunzip: sink.gunzip ?? c.gunzip, write: (chunk: Buffer) => sink.write(chunk), end: (p: Text | null, note?: Text | null) => sink.end(p, note) } : null;
    },
    openArchive(h: MemberHeader): ((content: Readable) => Promise<void>) | NotOpened | null {
      const name = `${prefix}${h.path}`;
      // The analysis' policy (archive/nesting.ts): the same archives opened, the same ones listed as not opened.
      const verdict = openNested(h, depth, budget, name);
      if (verdict === null) return null;
      if (verdict !== 'open') {
        const sink = handlers.member({ name, header: h, kind: 'skipped', skipped: 'not-opened', notOpened: verdict.reason, input: null, gunzip: false, offset: h.offset ?? null });
        sink?.end(null);
        return verdict;
      }
      const inner = `${name} » `;
      return async (content) => {
        // An archive inside that cannot be read, or is cut, is named in the walk's problem, as the analysis names it.
        await readInner(handlers, h, content, visitor(inner, depth + 1), { budget, bytes: h.size, ...(options.signal ? { signal: options.signal } : {}) }).then((r) => {
          if (r.problem) innerProblems.push(text(`${name}: ${r.problem.en}`, `${name}: ${r.problem.ja}`));
        }, (err: unknown) => {
          if (err instanceof ArchiveError && err.code === 'cancelled') throw err;
          const why = err instanceof ArchiveError ? err.reason : text(String(err), String(err));
          innerProblems.push(text(`${name}: ${why.en}`, `${name}: ${why.ja}`));
        });
      };
    },
  });
  const finish = (r: WalkResult): WalkResult => withRefusals(withInner(r, innerProblems), budget);
  if (await isZipFile(file)) return finish(await walkZip(file, budget, visitor, options, handlers));
  const { source, budget: _budget, ...read } = options;
  void _budget;
  if (source) return finish(await readArchiveStream(source(budget), visitor('', 0), { budget, ...(read.signal ? { signal: read.signal } : {}) }));
  return finish(await readArchive(file, visitor('', 0), { budget, ...read }));
}

/** The walk's problem names the archives inside that could not be read whole (the first 5; the rest counted). */
function withInner(r: WalkResult, inner: readonly Text[]): WalkResult {
  if (inner.length === 0) return r;
  const shown = inner.slice(0, 5);
  const more = inner.length > shown.length ? text(`; and ${inner.length - shown.length} more`, ` ほか ${inner.length - shown.length} 件`) : text('', '');
  const said = text(`${shown.map((p) => p.en).join('; ')}${more.en}`, `${shown.map((p) => p.ja).join('。')}${more.ja}`);
  return { ...r, problem: r.problem ? text(`${r.problem.en}; ${said.en}`, `${r.problem.ja}。${said.ja}`) : said };
}

/**
 * The walk's problem says which archives inside were not opened, as the
 * analysis' record of the archive does (ls, cat and grep print it): never a
 * silent stop at the bound. A zip's own reading says those past the count.
 */
function withRefusals(r: WalkResult, budget: Budget): WalkResult {
  const refused = budget.refusedNestedReason();
  if (!refused || (r.problem && r.problem.en.includes(refused.en))) return r;
  return { ...r, problem: r.problem ? text(`${r.problem.en}; ${refused.en}`, `${r.problem.ja}。${refused.ja}`) : refused };
}

/**
 * The archive's tar stream from elsewhere than its file (the log view's
 * index inflates the gzip itself): it charges what it inflates to `budget`,
 * and says its own progress.
 */
export type WalkSource = (budget: Budget) => StreamInput;

/**
 * A zip: each node archive in it is walked as an archive inside, and its
 * other entries (an lksupport tree or loose logs zipped) are its own members,
 * as the analysis reads them. A node archive that cannot be read is named in
 * the problem, as the analysis names it.
 */
async function walkZip(file: string, budget: Budget, visitor: (prefix: string, depth: number) => ArchiveVisitor, options: Pick<ReadOptions, 'signal' | 'onProgress'>, handlers: WalkHandlers): Promise<WalkResult> {
  const problems: string[] = [];
  const problemsJa: string[] = [];
  let bytesRead = 0;
  /** Node archives read, whole or in part: what the analysis would have analyzed. */
  let read = 0;
  /** The zip's own files (an lksupport tree or loose logs zipped), members of the zip as a tar's are of the tar. */
  let plain = 0;
  const own = visitor('', 0);
  /** Node archives that could not be read at all. */
  let failed = 0;
  const said = (): Text | null => (problems.length ? { en: problems.join('; '), ja: problemsJa.join('。') } : null);
  let result: Awaited<ReturnType<typeof readZipContainer>>;
  try {
    result = await readZipContainer(file, isNestedArchiveName, async (h, content) => {
      options.onProgress?.({ bytesRead, totalBytes: h.size, member: h.path });
      await readInner(handlers, h, content, visitor(`${h.path} » `, 1), { budget, bytes: h.size, ...(options.signal ? { signal: options.signal } : {}) }).then((r) => {
        read++;
        if (r.problem) {
          problems.push(`${h.path}: ${r.problem.en}`);
          problemsJa.push(`${h.path}: ${r.problem.ja}`);
        }
      }, (err: unknown) => {
        const reason = err instanceof ArchiveError ? err.reason : { en: String(err), ja: String(err) };
        if (err instanceof ArchiveError && err.code === 'cancelled') throw err;
        failed++;
        problems.push(`${h.path}: ${reason.en}`);
        problemsJa.push(`${h.path}: ${reason.ja}`);
      });
      bytesRead += h.size;
    }, budget, options.signal, {
      ...(handlers.zipEntry ? { openEntry: (h: MemberHeader, data: ZipEntryData) => handlers.zipEntry?.(h, data) ?? null } : {}),
      onMember: (h, open, problem) => {
        if (h.type === 'file') plain++;
        return visitZipEntry(h, open, problem, own, budget);
      },
      ...(handlers.zipMember ? {
        openMember: (h: MemberHeader, data: ZipEntryData) => {
          const taken = handlers.zipMember?.(h, data) ?? null;
          // Its data is a level of the log view's index of its own: the member starts at its first byte.
          if (taken) h.offset = 0;
          return taken;
        },
      } : {}),
    });
  } catch (err) {
    // The zip broke after node archives were read (a directory that lists more entries than it holds): what was
    // read stands, and the damage is the problem, as the analysis says it (a partial read, not an unreadable zip).
    if (!(err instanceof ArchiveError) || err.code === 'cancelled' || read + plain === 0) throw err;
    problems.push(err.reason.en);
    problemsJa.push(err.reason.ja);
    return { format: 'zip' as const, bytes: 0, members: 0, problem: said(), notes: [] };
  }
  if (result.problem) {
    problems.push(result.problem.en);
    problemsJa.push(result.problem.ja);
  }
  // Nothing in it could be read: the zip is unreadable, as the analysis says (ls and cat exit 2, not 0 with nothing).
  if (read === 0 && plain === 0) {
    const none = result.unreadable + failed > 0
      ? text('it is a zip, and none of the lksupport archives in it could be read', 'zip ですが、含まれる lksupport アーカイブをどれも読めませんでした')
      : text('it is a zip that holds no lksupport archive (.tar.gz, .tgz or .tar)', 'lksupport アーカイブ (.tar.gz, .tgz, .tar) を含まない zip です');
    const why = said();
    throw new ArchiveError('not-an-archive', why ? text(`${none.en}; ${why.en}`, `${none.ja}。${why.ja}`) : none);
  }
  return { format: 'zip' as const, bytes: result.bytes, members: result.members, problem: said(), notes: [] };
}
