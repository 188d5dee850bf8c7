// A zip a ticket came with, holding the nodes' lksupport archives. Its central
// directory lists the members; each inner archive is inflated as a stream
// straight into the tar reader. Nothing is written to disk.
import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import { ArchiveError, budgetCounter, normalizeMemberPath } from './archive.js';
import type { MemberHeader } from './archive.js';
import type { Budget } from '../run/budget.js';
import { clipName } from '../run/budget.js';
import type { Text } from '../plugin/text.js';
import { text } from '../plugin/text.js';

export interface ZipContainerResult {
  bytes: number;
  /** Entries in the zip (directories included). */
  members: number;
  /** What was not read and why: entries that could not be opened, entries sharing data, entries past the budget (null when every archive was read). */
  problem: Text | null;
  /** Node archives in the zip that could not be read at all (encrypted, an unsupported method, a bad local header). */
  unreadable: number;
}

/** The compression methods a zip may use that yauzl cannot inflate, by number (APPNOTE 4.4.5). */
const METHODS: Readonly<Record<number, string>> = {
  1: 'Shrink', 6: 'Implode', 9: 'Deflate64', 12: 'bzip2', 14: 'LZMA', 18: 'IBM TERSE', 19: 'IBM LZ77', 20: 'zstd', 93: 'zstd', 95: 'xz', 96: 'JPEG', 97: 'WavPack', 98: 'PPMd', 99: 'AES',
};

/** Why one entry of the zip cannot be read, whatever the others hold (null: it can be). */
function entryProblem(entry: yauzl.Entry): Text | null {
  if (entry.isEncrypted()) return text('encrypted (give it decrypted)', '暗号化されています(復号して指定してください)');
  const method = entry.compressionMethod;
  if (method === 0 || method === 8) return null;
  const name = METHODS[method] ?? 'unknown';
  const hint = method === 9 ? ' (Windows Explorer writes large files so)' : '';
  const hintJa = method === 9 ? '(Windows のエクスプローラーが大きなファイルに使う方式)' : '';
  return text(
    `compressed with ${name} (method ${method})${hint}, which is not supported: extract it and give the archive, or zip it again with Deflate`,
    `${name} (方式 ${method}) で圧縮されています${hintJa}。この方式には対応していません。展開してアーカイブを指定するか、Deflate で zip し直してください`,
  );
}

/** Entries named in full, across all reasons, in a problem; past this they are counted (a directory may list 65,535). */
const UNREADABLE_SHOWN = 50;

/** Where an entry's bytes lie in the zip: its local header (as the directory gives its lengths) and its data. */
interface Span {
  start: number;
  end: number;
  path: string;
}

/**
 * An entry's modification time, or null when its MS-DOS date is none: a date
 * of 0 (what zip writers leave when they have none), or a month or day of 0 or
 * out of range. Read as is, yauzl makes 0 the day before month 1 of 1980:
 * 30 November 1979, a date no file had.
 */
export function entryTime(entry: Pick<yauzl.Entry, 'lastModFileDate' | 'getLastModDate'>): Date | null {
  const date = entry.lastModFileDate;
  const day = date & 0x1f;
  const month = (date >> 5) & 0xf;
  if (day === 0 || month === 0 || month > 12) return null;
  return entry.getLastModDate();
}

function spanOf(entry: yauzl.Entry, path: string): Span {
  const start = entry.relativeOffsetOfLocalHeader;
  return { start, end: start + 30 + entry.fileNameLength + entry.extraFieldLength + Math.max(entry.compressedSize, 1), path };
}

/**
 * Where an entry's data lies in the zip, as its local header says, checked
 * against the file: what the log view's index reads it from again (stored:
 * the bytes as they are; deflated: raw deflate, indexed as gzip is).
 */
export interface ZipEntryData {
  /** The first byte of its data in the file. */
  offset: number;
  /** Its data's length in the file and its length inflated (the central directory's; zip64 resolved by yauzl). */
  compressed: number;
  size: number;
  method: 0 | 8;
  /** The CRC-32 of its inflated bytes, from the central directory. */
  crc32: number;
}

export interface ZipContainerOptions {
  /**
   * Reads an entry's data itself, from the place its local header gives
   * (checked: inside the file, not over another entry taken): its inflated
   * bytes, or null to have yauzl read it. The log view's pass indexes it so.
   */
  openEntry?: (header: MemberHeader, data: ZipEntryData) => Readable | null;
  /**
   * Every entry that is not a node archive (an lksupport tree or loose logs
   * zipped again: its files, its folders), in the directory's order with the
   * archives: how to open its inflated bytes (read them to their end: a
   * yauzl stream is never destroyed, its read may still be queued), or null
   * with why it cannot be read (`problem`), or neither for a folder or a path
   * recorded, not read (one that climbs out, one longer than any Linux path).
   * Not given, they are passed over (counted among the members).
   */
  onMember?: (header: MemberHeader, open: (() => Promise<Readable>) | null, problem: Text | null) => Promise<void>;
  /** Reads such an entry's data itself, as openEntry does (the log view's index): its bytes and what to call once read, or null. */
  openMember?: (header: MemberHeader, data: ZipEntryData) => { content: Readable; done(): void } | null;
}

const LOCAL_HEADER = 0x04034b50;

/**
 * An entry's data as its local header places it, or why it cannot be
 * trusted: a zip's offsets and lengths are the archive's word, checked
 * against the file's size and its directory's.
 */
export async function entryData(fh: FileHandle, fileSize: number, entry: Pick<yauzl.Entry, 'relativeOffsetOfLocalHeader' | 'compressedSize' | 'uncompressedSize' | 'compressionMethod' | 'crc32'>): Promise<ZipEntryData | Text> {
  const bad = (en: string, ja: string): Text => text(`its local header is not usable (${en})`, `ローカルヘッダーを使えません (${ja})`);
  const at = entry.relativeOffsetOfLocalHeader;
  const method = entry.compressionMethod;
  if (method !== 0 && method !== 8) return bad(`method ${method}`, `方式 ${method}`);
  if (!Number.isSafeInteger(at) || at < 0 || at + 30 > fileSize) return bad('it lies past the end of the file', 'ファイルの終わりより後にあります');
  const head = Buffer.alloc(30);
  const { bytesRead } = await fh.read(head, 0, 30, at);
  if (bytesRead < 30 || head.readUInt32LE(0) !== LOCAL_HEADER) return bad('no local header signature where the directory points', '目次が指す位置にローカルヘッダーの署名がありません');
  const offset = at + 30 + head.readUInt16LE(26) + head.readUInt16LE(28);
  const { compressedSize: compressed, uncompressedSize: size } = entry;
  if (!Number.isSafeInteger(compressed) || !Number.isSafeInteger(size) || compressed < 0 || size < 0 || offset + compressed > fileSize) {
    return bad(`its data (${compressed} bytes at ${offset}) runs past the end of the file`, `データ (${offset} からの ${compressed} バイト) がファイルの終わりを越えています`);
  }
  if (method === 0 && compressed !== size) return bad('a stored entry whose two lengths differ', '無圧縮のエントリなのに 2 つの長さが異なります');
  return { offset, compressed, size, method, crc32: entry.crc32 >>> 0 };
}

/** Names shown of the entries refused for one reason; the rest are counted. */
const REFUSED_SHOWN = 3;

/**
 * Calls `onArchive` for each member whose name says it is an archive, one at
 * a time. Names are decoded by us (as UTF-8) and checked like tar paths:
 * yauzl's own check would stop the whole zip at the first absolute or `..` name.
 *
 * An entry whose bytes overlap those of an archive already taken is refused:
 * a zip's directory may point any number of entries at one piece of data (a
 * 4 MB zip made 65,535 nodes that way). Only the archives taken are
 * remembered (at most the budget's nested archives), so checking is cheap
 * and memory bounded whatever the directory holds. Every entry counts against
 * the budget's members, and every inflated byte against its inflated bytes.
 */
export async function readZipContainer(
  file: string,
  isArchiveName: (path: string) => boolean,
  onArchive: (header: MemberHeader, content: Readable) => Promise<void>,
  budget: Budget,
  signal?: AbortSignal,
  options: ZipContainerOptions = {},
): Promise<ZipContainerResult> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.openPromise(file, { lazyEntries: true, decodeStrings: false, autoClose: false });
  } catch (err) {
    throw new ArchiveError('corrupt', text(
      `it is a zip file, but its directory cannot be read (${(err as Error).message})`,
      `zip ファイルですが、その目次を読めません (${(err as Error).message})`,
    ));
  }
  const bytes = zip.fileSize;
  budget.forFile(bytes);
  let members = 0;
  const taken: Span[] = [];
  const shared: string[] = [];
  let sharedCount = 0;
  const unreadable: Array<{ path: string; why: Text }> = [];
  let unreadableCount = 0;
  const cannotRead = (path: string, why: Text): void => {
    if (++unreadableCount <= UNREADABLE_SHOWN) unreadable.push({ path: clipName(path), why });
  };
  let fh: FileHandle | null = null;
  /** An entry that is not a node archive, to onMember: its bytes charged to the budget as an archive's are. */
  const plainEntry = async (entry: yauzl.Entry, rawName: string, path: string, pathProblem: MemberHeader['pathProblem']): Promise<void> => {
    const onMember = options.onMember;
    if (!onMember) return;
    const folder = rawName.endsWith('/');
    const header: MemberHeader = {
      path, rawName, type: folder ? 'directory' : 'file', size: folder ? 0 : entry.uncompressedSize, mtime: entryTime(entry), linkTarget: null, pathProblem,
    };
    if (folder || pathProblem === 'parent' || pathProblem === 'too-long') {
      await onMember(header, null, null);
      return;
    }
    const least = entry.relativeOffsetOfLocalHeader + 30 + entry.compressedSize;
    const why = entryProblem(entry) ?? (!Number.isSafeInteger(least) || least > bytes ? text(
      `its data runs past the end of the zip (${entry.compressedSize} bytes from byte ${entry.relativeOffsetOfLocalHeader}; the file has ${bytes})`,
      `データが zip ファイルの終わりを越えています (${entry.relativeOffsetOfLocalHeader} バイト目から ${entry.compressedSize} バイト、ファイルは ${bytes} バイト)`,
    ) : null);
    if (why) {
      await onMember(header, null, why);
      return;
    }
    // Where the log view's index reads it from (its level is made before the member is visited, so the
    // member is placed in it); a local header that cannot be used leaves it to yauzl, unindexed.
    let own: { content: Readable; done(): void } | null = null;
    if (fh && options.openMember) {
      const data = await entryData(fh, bytes, entry);
      if (!('en' in data)) own = options.openMember(header, data);
    }
    // Opened only when the reader wants its content: a member no one reads (a core file) is never inflated.
    const openData = async (): Promise<Readable> => {
      const source = own?.content ?? await zip.openReadStreamPromise(entry);
      const counted = source.pipe(budgetCounter(budget));
      source.on('error', (err: Error) => counted.destroy(err));
      return counted;
    };
    try {
      await onMember(header, openData, null);
    } finally {
      own?.done();
    }
  };
  try {
    if (options.openEntry || options.openMember) fh = await open(file, 'r');
    for await (const entry of zip.eachEntry()) {
      if (signal?.aborted) throw new ArchiveError('cancelled', text('reading was cancelled', '読み込みを中止しました'));
      if (budget.exhausted || !budget.member()) break;
      members++;
      const rawName = entry.fileNameRaw.toString('utf8');
      const { path, pathProblem } = normalizeMemberPath(rawName);
      if (rawName.endsWith('/') || pathProblem || !isArchiveName(path)) {
        if (options.onMember) await plainEntry(entry, rawName, path, pathProblem);
        continue;
      }
      // Each entry stands alone: one that cannot be read is named, and the others are read.
      const why = entryProblem(entry);
      if (why) {
        cannotRead(path, why);
        continue;
      }
      // An entry whose directory record says its data runs past the end of the file cannot be read, and
      // takes no room: the room it claims would refuse the good entries after it as "shared".
      const least = entry.relativeOffsetOfLocalHeader + 30 + entry.compressedSize;
      if (!Number.isSafeInteger(least) || least > bytes) {
        cannotRead(path, text(
          `its data runs past the end of the zip (${entry.compressedSize} bytes from byte ${entry.relativeOffsetOfLocalHeader}; the file has ${bytes})`,
          `データが zip ファイルの終わりを越えています (${entry.relativeOffsetOfLocalHeader} バイト目から ${entry.compressedSize} バイト、ファイルは ${bytes} バイト)`,
        ));
        continue;
      }
      const span = spanOf(entry, path);
      const overlapped = taken.find((t) => span.start < t.end && t.start < span.end);
      if (overlapped) {
        if (++sharedCount <= REFUSED_SHOWN) shared.push(`${clipName(path)} (over ${clipName(overlapped.path)})`);
        continue;
      }
      if (!budget.nestedArchive(path)) continue;
      taken.push(span);
      const header: MemberHeader = {
        path, rawName, type: 'file', size: entry.uncompressedSize, mtime: entryTime(entry), linkTarget: null, pathProblem: null,
      };
      let content: Readable | null = null;
      const takenBefore = taken.length - 1;
      try {
        if (fh && options.openEntry) {
          const data = await entryData(fh, bytes, entry);
          if ('en' in data) {
            // Its data is not where the directory says: the room the directory gave it is not taken either.
            taken.pop();
            cannotRead(path, data);
            continue;
          }
          // Its real data, as its local header places it, over another's: refused as the directory's overlap is.
          const real: Span = { start: data.offset, end: data.offset + Math.max(data.compressed, 1), path };
          const over = taken.find((t) => t !== span && real.start < t.end && t.start < real.end);
          if (over) {
            if (++sharedCount <= REFUSED_SHOWN) shared.push(`${clipName(path)} (over ${clipName(over.path)})`);
            continue;
          }
          taken.push(real);
          content = options.openEntry(header, data);
        }
        content ??= await zip.openReadStreamPromise(entry);
      } catch (err) {
        // Not read: the room it was given goes back, so that it refuses no other entry.
        taken.length = takenBefore;
        cannotRead(path, text(`its data cannot be opened (${(err as Error).message})`, `データを開けません (${(err as Error).message})`));
        continue;
      }
      // The entry's inflated bytes are charged before the tar reader inflates them again (and charges that too).
      const counted = content.pipe(budgetCounter(budget));
      content.on('error', (err: Error) => counted.destroy(err));
      counted.on('error', () => content.destroy());
      await onArchive(header, counted);
    }
  } catch (err) {
    if (err instanceof ArchiveError) throw err;
    throw new ArchiveError('corrupt', text(
      `the zip file is corrupt after ${members} members (${(err as Error).message})`,
      `zip ファイルが ${members} 番目のメンバーの後で壊れています (${(err as Error).message})`,
    ));
  } finally {
    zip.close();
    await fh?.close();
  }
  return { bytes, members, problem: refusals(sharedCount, shared, budget, unreadableCount, unreadable), unreadable: unreadableCount };
}

function refusals(sharedCount: number, shared: string[], budget: Budget, unreadableCount: number, unreadable: ReadonlyArray<{ path: string; why: Text }>): Text | null {
  const more = (count: number, shown: string[]): string => (count > shown.length ? `, and ${count - shown.length} more` : '');
  const moreJa = (count: number, shown: string[]): string => (count > shown.length ? ` ほか ${count - shown.length} 件` : '');
  const en: string[] = [];
  const ja: string[] = [];
  if (unreadableCount > 0) {
    const rest = unreadableCount - unreadable.length;
    en.push(`${unreadableCount} node archive${unreadableCount === 1 ? '' : 's'} in the zip could not be read: ${unreadable.map((u) => `${u.path}: ${u.why.en}`).join('; ')}${rest > 0 ? `; and ${rest} more` : ''}`);
    ja.push(`zip 内の ${unreadableCount} 個のノードアーカイブを読めませんでした: ${unreadable.map((u) => `${u.path}: ${u.why.ja}`).join('。')}${rest > 0 ? ` ほか ${rest} 件` : ''}`);
  }
  if (sharedCount > 0) {
    en.push(`${sharedCount} entr${sharedCount === 1 ? 'y points' : 'ies point'} at data another entry already holds (a zip made to multiply its content): refused, not read (${shared.join(', ')}${more(sharedCount, shared)})`);
    ja.push(`${sharedCount} 件のエントリが他のエントリと同じデータを指しています(内容を水増しする zip)。拒否し、読み込んでいません (${shared.join(', ')}${moreJa(sharedCount, shared)})`);
  }
  const over = budget.refusedNestedReason();
  if (over) {
    en.push(over.en);
    ja.push(over.ja);
  }
  if (budget.exhausted) {
    en.push(budget.exhausted.en);
    ja.push(budget.exhausted.ja);
  }
  return en.length === 0 ? null : text(en.join('; '), ja.join('。'));
}
