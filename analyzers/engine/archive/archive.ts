// Reads an lksupport archive once, as it comes: gunzip (1 MiB chunks) into the
// tar reader (tar-reader.ts). Nothing is written to disk; member paths and links are recorded,
// never trusted or followed. What to do with each member is the visitor's call.
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import type { TransformOptions } from 'node:stream';
import { Duplex, PassThrough, Readable, Transform } from 'node:stream';
import type { ZlibOptions } from 'node:zlib';
import { crc32, createGunzip, createInflateRaw } from 'node:zlib';
import type { ArchiveFormat } from './archive-format.js';
import type { NotOpened } from './nesting.js';
import type { Sniffed } from './archive-format.js';
import { foreignFormatReason, isGzip, isTarHeader, sniff } from './archive-format.js';
import type { Text } from '../plugin/text.js';
import { formatBytes } from '../report/units.js';
import { text } from '../plugin/text.js';
import type { Limits } from '../run/budget.js';
import { Budget, MAX_PATH_CHARS } from '../run/budget.js';
import { freezeYoungGeneration, holdYoungGeneration } from '../workers/heap-tuning.js';
import type { Inflater } from './native-gunzip.js';
import { afterGzipData, NativeGunzip, nativeGunzipAvailable, StreamGunzip } from './native-gunzip.js';
import type { ChunkSource, TarHeader, TarType } from './tar-reader.js';
import { EntryData, readTarChunks } from './tar-reader.js';

/** zlib's default output chunk is 16 KiB; 1 MiB measured about 3.6 times faster here. */
export const ZLIB_CHUNK = 1 << 20;
/** How far zlib may inflate ahead of the scanner (bytes of inflated output waiting to be read). */
const INFLATE_AHEAD = ZLIB_CHUNK;

/** The bounds of a read: all of them live in run/budget.ts, one budget per archive given. */
export type ReadLimits = Limits;
export { DEFAULT_LIMITS } from '../run/budget.js';

/** `sparse`: a sparse file (GNU tar --sparse), its data in the tar only the stored chunks: never read (sparseReason). */
export type MemberType = 'file' | 'directory' | 'symlink' | 'hardlink' | 'device' | 'fifo' | 'sparse' | 'other';

export interface MemberHeader {
  /** Normalized relative path: no leading `/` or `./`, no empty or `.` segments. */
  path: string;
  /** The name exactly as the archive gave it. */
  rawName: string;
  type: MemberType;
  size: number;
  mtime: Date | null;
  linkTarget: string | null;
  /** Why the path cannot be trusted, if it cannot (too-long: longer than any Linux path, MAX_PATH_CHARS). */
  pathProblem: 'absolute' | 'parent' | 'too-long' | null;
  /** Where its data starts in the tar stream it was read from (the log view reads it there again), when known. */
  offset?: number;
  /** A sparse file's own size (`type: 'sparse'`), when its header gives one. */
  sparseSize?: number | null;
}

/**
 * Why a sparse member is not read, in the words the analysis, ls/cat/grep and
 * the log view use: the tar holds its data without its holes (zeros), so the
 * bytes in the archive are not the file, and the holes are not read as zeros
 * either (a hole of a terabyte costs nothing to store).
 */
export function sparseReason(size: number | null | undefined): Text {
  const en = size == null ? '' : ` of ${formatBytes(size)}`;
  const ja = size == null ? '' : `(${formatBytes(size)})`;
  return text(
    `sparse file${en}: not read (the archive stores its data without its holes, so its bytes there are not the file)`,
    `スパースファイル${ja}のため読み込んでいません(アーカイブには穴の部分を除いたデータのみが格納されており、そのままではファイルの内容になりません)`,
  );
}

/** Receives the content of one member; returning false from write stops reading it. */
export interface MemberSink {
  gunzip: boolean;
  /** False: send no more of this member. The chunk's memory is reused once this returns (NativeGunzip): copy what is kept. */
  write(chunk: Buffer): boolean;
  /**
   * `problem`: why reading stopped before the member's end (what came before was read). `note`: what was passed
   * over without loss of the member's data (bytes after a rotated log's gzip data, as gzip ignores them).
   */
  end(problem: Text | null, note?: Text | null): void;
}

export interface ArchiveVisitor {
  open(header: MemberHeader): MemberSink | null;
  /**
   * For a member that is itself an archive (a container of node archives):
   * a reader that consumes its content, why it is not opened (it is then
   * passed over unread: nesting.ts), or null to read it as a member.
   */
  openArchive?(header: MemberHeader): ((content: Readable) => Promise<void>) | NotOpened | null;
}

export interface Progress {
  bytesRead: number;
  totalBytes: number;
  member: string | null;
}

export interface ReadOptions {
  signal?: AbortSignal;
  limits?: Partial<ReadLimits>;
  /** The account this read charges (shared with the archives inside it); a new one from `limits` when not given. */
  budget?: Budget;
  onProgress?: (p: Progress) => void;
}

export interface ArchiveReadResult {
  format: 'tar+gzip' | 'tar';
  bytes: number;
  members: number;
  /** Set when reading stopped early: what was read before it is still analyzed. */
  problem: Text | null;
  /** What the reader passed over without losing anything (bytes after the end of the gzip data). */
  notes: Text[];
}

/** The input cannot be read as an archive at all. */
export class ArchiveError extends Error {
  constructor(
    readonly code: 'missing' | 'not-a-file' | 'empty' | 'foreign' | 'not-an-archive' | 'corrupt' | 'cancelled',
    readonly reason: Text,
  ) {
    super(reason.en);
    this.name = 'ArchiveError';
  }
}

export function normalizeMemberPath(raw: string): Pick<MemberHeader, 'path' | 'pathProblem'> {
  const absolute = /^[/\\]/.test(raw) || /^[a-zA-Z]:[/\\]/.test(raw);
  const segments = raw.replace(/\\/g, '/').split('/').filter((s) => s !== '' && s !== '.');
  const parent = segments.includes('..');
  return {
    path: segments.join('/'),
    pathProblem: parent ? 'parent' : raw.length > MAX_PATH_CHARS ? 'too-long' : absolute ? 'absolute' : null,
  };
}

function memberType(t: TarType | null, sparse: boolean): MemberType {
  if (sparse) return 'sparse';
  switch (t) {
    case 'file':
    case 'contiguous-file':
    case null:
      return 'file';
    case 'directory':
      return 'directory';
    case 'symlink':
      return 'symlink';
    case 'link':
      return 'hardlink';
    case 'character-device':
    case 'block-device':
      return 'device';
    case 'fifo':
      return 'fifo';
    default:
      return 'other';
  }
}

function toHeader(h: TarHeader): MemberHeader {
  const mtime = h.mtime instanceof Date && !Number.isNaN(h.mtime.getTime()) ? h.mtime : null;
  return {
    ...normalizeMemberPath(h.name),
    rawName: h.name,
    type: memberType(h.type, h.sparse !== null),
    // A base-256 size can be negative, a pax one anything: neither is a size.
    size: Number.isSafeInteger(h.size) && h.size >= 0 ? h.size : 0,
    mtime,
    linkTarget: h.linkname,
    ...(Number.isSafeInteger(h.byteOffset) ? { offset: h.byteOffset } : {}),
    ...(h.sparse ? { sparseSize: h.sparse.size } : {}),
  };
}

async function readHead(file: string, bytes: number): Promise<Buffer> {
  const fh = await open(file, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await fh.read(buf, 0, bytes, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/** Whether the file starts like a zip (read as a container of node archives, not as a node's archive). */
export async function isZipFile(file: string): Promise<boolean> {
  try {
    // Never opened unless it is a regular file: a FIFO would wait for a writer for ever.
    await checkFile(file);
    const head = await readHead(file, 8);
    const s = sniff(head);
    return s.kind === 'foreign' && s.format === 'zip';
  } catch {
    return false;
  }
}

/** Why a path given as an input cannot be opened, from the error of stat or open. */
export function openErrorReason(err: unknown): ArchiveError {
  if (err instanceof ArchiveError) return err;
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new ArchiveError('missing', text('no such file', 'ファイルが存在しません'));
  if (code === 'ENOTDIR') return new ArchiveError('missing', text('no such file (a part of its path is a file, not a folder)', 'ファイルが存在しません(パスの途中がフォルダーではなくファイルです)'));
  if (code === 'EACCES' || code === 'EPERM') return new ArchiveError('missing', text('permission denied (it cannot be read by this user)', '読み取り権限がありません(このユーザーでは読めません)'));
  if (code === 'EISDIR') return new ArchiveError('not-a-file', text('it is not a regular file (a folder)', '通常のファイルではありません(フォルダーです)'));
  return new ArchiveError('missing', text(`it cannot be opened (${code ?? errorMessage(err)})`, `開けません (${code ?? errorMessage(err)})`));
}

async function checkFile(file: string): Promise<number> {
  let st: Awaited<ReturnType<typeof stat>>;
  try {
    st = await stat(file);
  } catch (err) {
    throw openErrorReason(err);
  }
  // Checked before anything opens it: opening a FIFO waits for a writer, for ever.
  if (st.isDirectory()) throw new ArchiveError('not-a-file', text('it is not a regular file (a folder)', '通常のファイルではありません(フォルダーです)'));
  if (!st.isFile()) throw new ArchiveError('not-a-file', text('it is not a regular file (a FIFO, socket or device)', '通常のファイルではありません(FIFO、ソケット、デバイスなど)'));
  return st.size;
}

/**
 * Checks a path given as an input before it is read: that it exists, is a
 * regular file and can be opened for reading. Throws ArchiveError with the
 * reason a user should see.
 */
export async function checkInput(file: string): Promise<void> {
  await checkFile(file);
  try {
    const fh = await open(file, 'r');
    await fh.close();
  } catch (err) {
    throw openErrorReason(err);
  }
}

/** Charges the bytes through a stream to the budget and stops the stream once it is used up. */
export function budgetCounter(budget: Budget): Transform {
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      if (budget.inflate(chunk.length)) cb(null, chunk);
      else cb(new LimitError('budget used up'));
    },
  });
}

/** Reading stopped at a bound of the budget (budget.exhausted says which). */
export class LimitError extends Error {}

/** Large output chunks, and room for a few of them so zlib inflates ahead on the thread pool while this thread scans. */
function inflateOptions(): ZlibOptions {
  // zlib passes stream options through to its Transform; its typings do not list them.
  const options: ZlibOptions & TransformOptions = { chunkSize: ZLIB_CHUNK, readableHighWaterMark: INFLATE_AHEAD };
  return options;
}

/**
 * Streams the archive through the visitor. Throws ArchiveError when the file
 * cannot be read as an archive at all; returns with `problem` set when it was
 * cut short (truncated, corrupt) after some members were read.
 */
/**
 * The format of an archive from its first bytes, or the reason it cannot be
 * read, for a file or for a stream (standard input, where a zip cannot be
 * read: its directory is at its end, and reading it needs seeking).
 */
function archiveFormatOf(sniffed: Sniffed, from: 'file' | 'stream'): ArchiveFormat {
  if (sniffed.kind === 'archive') return sniffed.format;
  if (sniffed.kind === 'empty') throw new ArchiveError('empty', from === 'file' ? text('the file is empty', 'ファイルが空です') : text('standard input is empty', '標準入力が空です'));
  if (sniffed.kind === 'foreign' && sniffed.format === 'zip' && from === 'stream') {
    throw new ArchiveError('foreign', text(
      'it is a zip archive, which cannot be read from standard input (its directory is at its end, and reading it needs seeking): save it to a file and give the file',
      'zip アーカイブです。zip は標準入力からは読めません(目次が末尾にあり、読むには位置の移動が必要です)。ファイルに保存してそのファイルを指定してください',
    ));
  }
  if (sniffed.kind === 'foreign') throw new ArchiveError('foreign', foreignFormatReason(sniffed.format));
  throw new ArchiveError(
    'not-an-archive',
    from === 'file'
      ? text('it is neither a .tar.gz nor a .tar file (unknown content)', '.tar.gz でも .tar でもありません(内容を認識できません)')
      : text('it is neither a .tar.gz nor a .tar stream (unknown content)', '.tar.gz でも .tar のストリームでもありません(内容を認識できません)'),
  );
}

export async function readArchive(file: string, visitor: ArchiveVisitor, options: ReadOptions = {}): Promise<ArchiveReadResult> {
  const budget = options.budget ?? new Budget(options.limits);
  const totalBytes = await checkFile(file);
  budget.forFile(totalBytes);
  const head = await readHead(file, 4096).catch((err: unknown) => {
    throw openErrorReason(err);
  });
  const format = archiveFormatOf(sniff(head), 'file');

  const reopen = (): Readable => createReadStream(file, { highWaterMark: ZLIB_CHUNK });
  // A gzip file is inflated into reused buffers where zlib's handle can be driven (NativeFileGunzip), else by zlib's stream.
  const chunks = format === 'gzip' && nativeGunzipAvailable()
    ? (count: (bytes: number) => void): TarSource => new NativeFileGunzip(file, count, reopen)
    : (count: (bytes: number) => void): TarSource => streamChunks(counted(reopen(), count), format, reopen);
  return readSource(chunks, format, totalBytes, visitor, budget, options);
}

/** An archive given as a stream (standard input): read once, as it comes; never seeked. */
export interface StreamInput {
  /** How the report names it. */
  name: string;
  stream: Readable;
  /** Its size when known (a file redirected to standard input), else null. */
  bytes: number | null;
}

/** The first `bytes` bytes of a stream (fewer if it ends), and a stream that gives them again followed by the rest. */
async function peek(stream: Readable, bytes: number): Promise<{ head: Buffer; source: Readable }> {
  const it = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer | string>;
  const chunks: Buffer[] = [];
  let got = 0;
  let done = false;
  while (got < bytes) {
    const n = await it.next();
    if (n.done) {
      done = true;
      break;
    }
    const b = typeof n.value === 'string' ? Buffer.from(n.value) : n.value;
    chunks.push(b);
    got += b.length;
  }
  const head = Buffer.concat(chunks);
  async function* replay(): AsyncGenerator<Buffer> {
    yield head;
    if (done) return;
    for (let n = await it.next(); !n.done; n = await it.next()) yield typeof n.value === 'string' ? Buffer.from(n.value) : n.value;
  }
  return { head, source: Readable.from(replay(), { objectMode: false }) };
}

/**
 * Reads an archive from a stream (standard input): a .tar.gz or a .tar,
 * recognised from its first bytes as a file is. A zip cannot be: its
 * directory is at its end, and reading it needs seeking.
 */
export async function readArchiveStream(input: StreamInput, visitor: ArchiveVisitor, options: ReadOptions = {}): Promise<ArchiveReadResult> {
  const budget = options.budget ?? new Budget(options.limits);
  if (input.bytes !== null) budget.forFile(input.bytes);
  const { head, source } = await peek(input.stream, 4096);
  const format = archiveFormatOf(sniff(head), 'stream');
  return readSource((count) => streamChunks(counted(source, count), format), format, input.bytes, visitor, budget, options);
}

/** The stream, each chunk's length told to `count` as it passes. */
function counted(source: Readable, count: (bytes: number) => void): Readable {
  source.on('data', (chunk: Buffer | string) => count(chunk.length));
  return source;
}

/** The tar's bytes for the tar reader, and whether bytes after the gzip data were passed over. */
interface TarSource extends ChunkSource {
  readonly trailing: boolean;
}

/** Reads the tar (gzipped or not) from a file's or a stream's bytes, with progress; `totalBytes` null when unknown (a pipe). */
async function readSource(
  /** Opens the tar's bytes; `count` is told the archive's bytes as they are read. */
  open: (count: (bytes: number) => void) => TarSource,
  format: ArchiveFormat,
  totalBytes: number | null,
  visitor: ArchiveVisitor,
  budget: Budget,
  options: ReadOptions,
): Promise<ArchiveReadResult> {
  let bytesRead = 0;
  let current: string | null = null;
  const report = (): void => options.onProgress?.({ bytesRead, totalBytes: totalBytes ?? 0, member: current });
  const chunks = open((bytes) => {
    bytesRead += bytes;
    holdYoungGeneration(bytes);
    report();
  });
  const read = await readTar(chunks, format, visitor, budget, options.signal, (member) => {
    current = member;
  });
  // What follows a read (the facts, the rules, the report) is synchronous and keeps much of what it allocates.
  freezeYoungGeneration();
  current = null;
  report();
  return settle(read, format, totalBytes ?? bytesRead, bytesRead, budget, options.signal);
}

/** A tar pass's outcome as the caller sees it: a result (with the problem if cut short) or an ArchiveError when nothing was read. */
function settle(
  read: { members: number; error?: unknown; trailing?: boolean },
  format: ArchiveFormat,
  bytes: number,
  bytesRead: number,
  budget: Budget,
  signal: AbortSignal | undefined,
): ArchiveReadResult {
  const notes = read.trailing ? [TRAILING_BYTES] : [];
  const result = { format: format === 'gzip' ? 'tar+gzip' : 'tar', bytes, members: read.members, notes } as const;
  if (read.error !== undefined) {
    if (signal?.aborted) throw new ArchiveError('cancelled', text('reading was cancelled', '読み込みを中止しました'));
    const problem = describeStreamError(read.error, format, bytesRead, bytes, budget);
    if (read.members === 0) throw new ArchiveError(problem.code, problem.reason);
    return { ...result, problem: problem.reason };
  }
  if (read.members === 0) throw new ArchiveError('empty', text('the archive holds no members', 'アーカイブにメンバーがありません'));
  return { ...result, problem: null };
}

/**
 * An archive inside an archive (a node's lksupport tar.gz inside the tar or
 * tar.gz a ticket came with), read from the member's stream as it passes: the
 * same checks and bounds as a file, nothing written to disk.
 */
export async function readNestedArchive(
  content: Readable,
  name: string,
  visitor: ArchiveVisitor,
  options: Pick<ReadOptions, 'signal' | 'limits' | 'budget'> & { bytes: number },
): Promise<ArchiveReadResult> {
  const budget = options.budget ?? new Budget(options.limits);
  const format: ArchiveFormat = /\.tar$/i.test(name) ? 'tar' : 'gzip';
  const read = await readTar(streamChunks(content, format), format, visitor, budget, options.signal, () => undefined);
  return settle(read, format, options.bytes, 0, budget, options.signal);
}

/** The tar's bytes from a stream: through GzipMembers (or FileGunzip, given `reopen`) when gzipped. */
function streamChunks(source: Readable, format: ArchiveFormat, reopen?: () => Readable): TarSource {
  const gunzip = format !== 'gzip' ? null : reopen ? new FileGunzip(reopen) : new GzipMembers();
  if (gunzip) {
    source.on('error', (err: Error) => gunzip.destroy(err));
    source.pipe(gunzip);
  }
  // Not destroyed at the end of its output: FileGunzip still checks the bytes written after it (allWritten).
  const it = (gunzip ?? source).iterator({ destroyOnReturn: false }) as AsyncIterator<Buffer>;
  return {
    reused: false,
    get trailing(): boolean {
      return gunzip?.trailing ?? false;
    },
    async next(): Promise<Buffer | null> {
      const r = await it.next();
      if (!r.done) return r.value;
      // FileGunzip ends its output where zlib ended the data, and checks the bytes after it as they are written.
      if (gunzip && !gunzip.writableFinished && !gunzip.destroyed) await allWritten(gunzip);
      return null;
    },
    close(): void {
      source.destroy();
      gunzip?.destroy();
    },
  };
}

/** Resolves when everything was written to the stream (or it failed, or was destroyed). */
function allWritten(stream: Duplex): Promise<void> {
  return new Promise((resolve) => {
    stream.once('finish', () => resolve());
    stream.once('error', () => resolve());
    stream.once('close', () => resolve());
  });
}

/** One pass of a tar (gzip-compressed or not) through the visitor; a read's error is returned, not thrown. */
async function readTar(
  chunks: TarSource,
  format: ArchiveFormat,
  visitor: ArchiveVisitor,
  budget: Budget,
  signal: AbortSignal | undefined,
  onMember: (path: string | null) => void,
): Promise<{ members: number; error?: unknown; trailing?: boolean }> {
  let members = 0;
  let firstBlockChecked = format === 'tar';
  const stop = (): void => chunks.close();
  signal?.addEventListener('abort', stop, { once: true });
  try {
    await readTarChunks(chunks, {
      onChunk(chunk) {
        if (signal?.aborted) throw new Error('cancelled');
        // A bound that ends the whole read was passed (in a member, or in an archive inside): no more is inflated or drained.
        if (budget.exhausted) throw new LimitError('budget used up');
        if (format !== 'gzip') return;
        if (!budget.inflate(chunk.length)) throw new LimitError('budget used up');
        // A gzip whose content is not a tar is named as such, not as a tar error.
        if (!firstBlockChecked && chunk.length >= 512) {
          firstBlockChecked = true;
          if (!isTarHeader(chunk.subarray(0, 512))) throw new NotTarError();
        }
      },
      async onEntry(h, data) {
        // A member or an archive inside used the budget up, or this member is one too many: the read ends here.
        if (budget.exhausted || !budget.member()) throw new LimitError('budget used up');
        members++;
        const header = toHeader(h);
        onMember(header.path);
        await consumeMember(header, data, visitor, budget, signal);
      },
    });
    if (signal?.aborted) throw new Error('cancelled');
  } catch (error) {
    // The member under which the read stopped has said what it read (readTarChunks waits for it).
    onMember(null);
    return { members, error, trailing: chunks.trailing };
  } finally {
    signal?.removeEventListener('abort', stop);
  }
  onMember(null);
  return { members, trailing: chunks.trailing };
}

class NotTarError extends Error {}

const TRAILING_BYTES = text(
  'the file goes on after the end of its gzip data: those trailing bytes were ignored (as gzip does); everything before them was read',
  'gzip データの終わりの後にもバイトが続いています。その末尾のバイトは無視しました(gzip と同じ扱いです)。それより前はすべて読み込みました',
);

/** How long a gzip member header may be (its name and comment are unbounded in the format); past it the data is not gzip. */
const MAX_GZIP_HEADER = 1 << 20;

const gzipError = (message: string): Error => new Error(message);

/**
 * Gunzip that, like gzip itself, reads concatenated members and stops at
 * bytes after the last one that do not start another, keeping everything
 * before them. zlib's Gunzip fails there instead, and drops the output of the
 * chunk in which the gzip data ended: a 4.4 MB archive with four bytes
 * appended lost its last thousand members. So the member framing (header,
 * CRC-32 and length trailer) is read here, and each member's deflate data
 * inflated by zlib (on the thread pool), which says where it ended. Zero
 * bytes after the data (padding) are ignored silently, as gzip does.
 */
export class GzipMembers extends Duplex {
  /** Set when bytes after the gzip data were ignored. */
  trailing = false;
  /** Bytes written, and where the last member's trailer ended among them. */
  private written = 0;
  private dataEnd = 0;
  private state: 'header' | 'body' | 'trailer' | 'zeros' | 'done' = 'header';
  private pending: Buffer = Buffer.alloc(0);
  private members = 0;
  private inflater: ReturnType<typeof createInflateRaw> | null = null;
  private fed = 0;
  private crc = 0;
  private size = 0;
  private failed: Error | null = null;
  private inflaterEnd: Promise<void> = Promise.resolve();

  constructor() {
    super({ readableHighWaterMark: INFLATE_AHEAD, writableHighWaterMark: ZLIB_CHUNK });
  }

  override _read(): void {
    this.inflater?.resume();
  }

  /** How many bytes came after the end of the gzip data when they were ignored (not all zeros), else 0. */
  trailingBytes(): number {
    return this.trailing ? this.written - this.dataEnd : 0;
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    this.written += chunk.length;
    this.consume(chunk).then(() => cb(), (err: unknown) => cb(err instanceof Error ? err : new Error(String(err))));
  }

  override _final(cb: (err?: Error | null) => void): void {
    this.finish().then(() => {
      this.push(null);
      cb();
    }, (err: unknown) => cb(err instanceof Error ? err : new Error(String(err))));
  }

  override _destroy(err: Error | null, cb: (err?: Error | null) => void): void {
    this.inflater?.destroy();
    cb(err);
  }

  private async consume(chunk: Buffer): Promise<void> {
    let buf = chunk;
    while (buf.length > 0) {
      if (this.state === 'done') return;
      if (this.state === 'body') {
        const rest = await this.inflate(buf);
        if (!rest) return;
        // The deflate data ended in this chunk: its output is all out once the inflater ends, then the trailer checks it.
        await this.inflaterEnd;
        this.state = 'trailer';
        buf = rest;
        continue;
      }
      if (this.state === 'zeros') {
        if (!buf.every((b) => b === 0)) this.stop();
        return;
      }
      this.pending = this.pending.length === 0 ? buf : Buffer.concat([this.pending, buf]);
      buf = Buffer.alloc(0);
      if (this.state === 'trailer') {
        if (this.pending.length < 8) return;
        if (this.pending.readUInt32LE(0) !== this.crc >>> 0) throw gzipError('incorrect data check');
        if (this.pending.readUInt32LE(4) !== this.size) throw gzipError('incorrect length check');
        this.members++;
        this.state = 'header';
        // The pending bytes end where the bytes written so far do.
        this.dataEnd = this.written - (this.pending.length - 8);
        buf = this.pending.subarray(8);
        this.pending = Buffer.alloc(0);
        continue;
      }
      const length = this.headerLength();
      if (length === null) return;
      buf = this.pending.subarray(length);
      this.pending = Buffer.alloc(0);
    }
  }

  /** The length of the member header in `pending` once it is whole (null: more bytes needed, or the data ended). */
  private headerLength(): number | null {
    const p = this.pending;
    if (this.members > 0 && p.length > 0 && p[0] === 0) {
      if (p.every((b) => b === 0)) this.state = 'zeros';
      else this.stop();
      this.pending = Buffer.alloc(0);
      return null;
    }
    if (p.length >= 1 && p[0] !== 0x1f) return this.notAMember('incorrect header check');
    if (p.length >= 2 && p[1] !== 0x8b) return this.notAMember('incorrect header check');
    if (p.length >= 3 && p[2] !== 8) return this.notAMember('unknown compression method');
    if (p.length < 10) return null;
    const flags = p[3] ?? 0;
    if (flags & 0xe0) return this.notAMember('unknown header flags set');
    let at = 10;
    if (flags & 4) {
      if (p.length < at + 2) return this.headerWait();
      at += 2 + p.readUInt16LE(at);
    }
    for (const flag of [8, 16]) {
      if (!(flags & flag)) continue;
      const nul = p.indexOf(0, at);
      if (nul < 0) return this.headerWait();
      at = nul + 1;
    }
    if (flags & 2) at += 2;
    if (p.length < at) return this.headerWait();
    // FHCRC: the low 16 bits of the CRC-32 of the header before it; zlib refuses a header it does not match.
    if (flags & 2 && p.readUInt16LE(at - 2) !== (crc32(p.subarray(0, at - 2)) & 0xffff)) throw gzipError('header crc mismatch');
    this.startMember();
    return at;
  }

  private headerWait(): null {
    if (this.pending.length <= MAX_GZIP_HEADER) return null;
    // After a member, a header that goes on past any real one is bytes after the data, as a partial one is.
    if (this.members > 0) {
      this.stop();
      return null;
    }
    throw gzipError('invalid gzip header (too long)');
  }

  /** Bytes that do not start a member: after one, trailing garbage to ignore; at the start, not gzip at all. */
  private notAMember(message: string): null {
    if (this.members === 0) throw gzipError(message);
    this.stop();
    return null;
  }

  private stop(): void {
    this.trailing = true;
    this.state = 'done';
    this.pending = Buffer.alloc(0);
  }

  private startMember(): void {
    const inflater = createInflateRaw(inflateOptions());
    this.inflater = inflater;
    this.fed = 0;
    this.crc = 0;
    this.size = 0;
    this.failed = null;
    this.state = 'body';
    inflater.on('data', (out: Buffer) => {
      this.crc = crc32(out, this.crc);
      this.size = (this.size + out.length) % 2 ** 32;
      if (!this.push(out)) inflater.pause();
    });
    this.inflaterEnd = new Promise<void>((resolve, reject) => {
      inflater.once('end', () => resolve());
      inflater.once('error', (err: Error) => {
        this.failed = err;
        reject(err);
      });
    });
    // Awaited where it matters; a failure is seen there (or by the next write).
    this.inflaterEnd.catch(() => undefined);
  }

  /** Feeds the deflate data; returns the bytes of `buf` after its end, or null when it has not ended. */
  private async inflate(buf: Buffer): Promise<Buffer | null> {
    const inflater = this.inflater;
    if (!inflater) throw gzipError('invalid gzip state');
    this.fed += buf.length;
    await new Promise<void>((resolve, reject) => {
      inflater.write(buf, (err) => (err ? reject(err) : resolve()));
      this.inflaterEnd.catch(reject);
    });
    if (this.failed) throw this.failed;
    const left = this.fed - inflater.bytesWritten;
    return left > 0 ? buf.subarray(buf.length - left) : null;
  }

  private async finish(): Promise<void> {
    if (this.state === 'body') {
      // The file ended inside the deflate data, or right at its end without the trailer.
      this.inflater?.end();
      await this.inflaterEnd;
      throw gzipError('unexpected end of file');
    }
    if (this.state === 'trailer') throw gzipError('unexpected end of file');
    if (this.state === 'header' && (this.members === 0 || this.pending.length > 0)) {
      if (this.members === 0) throw gzipError('unexpected end of file');
      // A partial header after a member: gzip calls it trailing garbage too.
      this.stop();
    }
  }
}

/**
 * Gunzip of a file by zlib itself, which checks each member's CRC-32 and
 * length on the thread pool: GzipMembers computes the CRC-32 on the main
 * thread, 6% of the CPU of the large bench archive (1.2 s of 3.2 GB), on the
 * thread the analysis waits on. zlib fails at bytes after the gzip data that
 * do not start a member, and loses the output of the last stretch it
 * inflated before them (see GzipMembers): then, and at any other failure,
 * the file is read again from its start by GzipMembers, which says what gzip
 * would, and its output is passed on from where zlib's stopped (the visitor
 * sees every byte once). A damaged archive costs a second inflate up to the
 * damage. zlib stops silently at a zero byte after a member, and reads no
 * more: the bytes after are checked here, zeros being padding and anything
 * else trailing bytes, as GzipMembers says.
 */
class FileGunzip extends Duplex {
  /** Set when bytes after the gzip data were ignored. */
  trailing = false;
  private readonly native = createGunzip(inflateOptions());
  /** Bytes passed on from zlib's output; the fallback skips as many. */
  private delivered = 0;
  private fed = 0;
  /** zlib stopped reading (a zero byte after a member): the rest is only checked. */
  private after = false;
  private ended = false;
  private fallback: { source: Readable; gunzip: GzipMembers } | null = null;
  private writeDone: (() => void) | null = null;

  constructor(private readonly reopen: () => Readable) {
    super({ readableHighWaterMark: INFLATE_AHEAD, writableHighWaterMark: ZLIB_CHUNK });
    this.native.on('data', (out: Buffer) => {
      this.delivered += out.length;
      if (!this.push(out)) this.native.pause();
    });
    this.native.on('end', () => {
      if (!this.fallback) this.end_();
    });
    this.native.on('error', () => this.startFallback());
  }

  override _read(): void {
    if (this.fallback) this.fallback.gunzip.resume();
    else this.native.resume();
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    // Once read again from the start, the first reading's bytes are only drained.
    if (this.fallback) {
      cb();
      return;
    }
    if (this.after) {
      this.checkAfter(chunk);
      cb();
      return;
    }
    this.fed += chunk.length;
    let called = false;
    const done = (): void => {
      if (called) return;
      called = true;
      this.writeDone = null;
      cb();
    };
    this.writeDone = done;
    this.native.write(chunk, () => {
      // zlib took less than it was given: the data ended in this chunk, followed by a zero byte.
      const left = this.fed - this.native.bytesWritten;
      if (!this.fallback && left > 0) {
        this.after = true;
        this.checkAfter(chunk.subarray(chunk.length - left));
      }
      done();
    });
  }

  override _final(cb: (err?: Error | null) => void): void {
    if (this.after) this.end_();
    else if (!this.fallback) this.native.end();
    cb();
  }

  override _destroy(err: Error | null, cb: (err?: Error | null) => void): void {
    this.native.destroy();
    this.fallback?.source.destroy();
    this.fallback?.gunzip.destroy();
    cb(err);
  }

  private end_(): void {
    if (this.ended) return;
    this.ended = true;
    this.push(null);
  }

  private checkAfter(bytes: Buffer): void {
    if (!this.trailing && !bytes.every((b) => b === 0)) this.trailing = true;
  }

  private startFallback(): void {
    if (this.fallback || this.destroyed) return;
    this.native.removeAllListeners('data');
    this.native.on('error', () => undefined);
    this.native.destroy();
    let skip = this.delivered;
    const source = this.reopen();
    const gunzip = new GzipMembers();
    this.fallback = { source, gunzip };
    source.on('error', (err: Error) => this.destroy(err));
    gunzip.on('error', (err: Error) => this.destroy(err));
    gunzip.on('data', (out: Buffer) => {
      if (skip >= out.length) {
        skip -= out.length;
        return;
      }
      const rest = skip > 0 ? out.subarray(skip) : out;
      skip = 0;
      if (!this.push(rest)) gunzip.pause();
    });
    gunzip.on('end', () => {
      this.trailing = gunzip.trailing;
      this.end_();
    });
    source.pipe(gunzip);
    // A write waiting on zlib is done: the bytes it held are read again.
    this.writeDone?.();
  }
}

/** The gunzip below read again from the file's start after zlib failed: its output, less the bytes already passed on. */
interface Reread {
  source: Readable;
  gunzip: GzipMembers;
  outputs: AsyncIterator<Buffer>;
  skip: number;
}

/**
 * Gunzip of a file for the tar reader, into buffers reused from chunk to
 * chunk: the file read into three 1 MiB buffers, inflated by zlib's handle
 * (NativeGunzip) on the thread pool into three more, while this thread reads
 * the last. Node's zlib stream (FileGunzip) makes a new 1 MiB Buffer for every
 * chunk, and those buffers set off most of V8's full collections (the ten
 * bench nodes: 18 of them in 513 MB). What gzip itself does at the end of the
 * data is FileGunzip's: zeros after it are padding, other bytes trailing ones
 * (`trailing`), and at any failure of zlib the file is read again from its
 * start by GzipMembers, its output passed on from where zlib's stopped.
 */
class NativeFileGunzip implements TarSource {
  readonly reused = true;
  trailing = false;
  private readonly inflater = new NativeGunzip();
  /** Bytes passed on from zlib's output; the re-read skips as many. */
  private delivered = 0;
  private closed = false;
  private readError: { err: unknown } | null = null;
  private readonly feeding: Promise<void>;
  private reread: Reread | null = null;

  constructor(
    private readonly file: string,
    private readonly count: (bytes: number) => void,
    private readonly reopen: () => Readable,
  ) {
    this.feeding = this.feed().catch((err: unknown) => {
      // The file could not be read on: what was inflated is passed on, then the error.
      this.readError = { err };
      this.inflater.abandon();
    });
  }

  async next(): Promise<Buffer | null> {
    if (this.reread) return this.nextReread(this.reread);
    let out: Buffer | null;
    try {
      out = await this.inflater.next();
    } catch {
      if (this.closed) return null;
      return this.nextReread(this.startReread());
    }
    if (out) {
      this.delivered += out.length;
      return out;
    }
    await this.feeding;
    if (this.readError) throw this.readError.err;
    // zlib may have stopped at a zero byte after the feeder gave it the file's last chunk.
    this.checkStopped();
    return null;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.inflater.close();
    this.reread?.source.destroy();
    this.reread?.gunzip.destroy();
  }

  /** Reads the file into a ring of three buffers: one zlib reads, one waiting for it, one being read from the file. */
  private async feed(): Promise<void> {
    const fh = await open(this.file, 'r');
    try {
      const ring = [Buffer.allocUnsafe(ZLIB_CHUNK), Buffer.allocUnsafe(ZLIB_CHUNK), Buffer.allocUnsafe(ZLIB_CHUNK)];
      /** zlib stopped at a zero byte after the data: the rest is only checked. */
      let after = false;
      for (let k = 0; ; k++) {
        if (this.closed || this.reread || this.inflater.failed) return;
        // Given to zlib two chunks ago, and read whole by now: zlib took the last one as its input.
        const buf = ring[k % ring.length] as Buffer;
        const { bytesRead } = await fh.read(buf, 0, buf.length, null);
        if (bytesRead === 0) break;
        this.count(bytesRead);
        const chunk = buf.subarray(0, bytesRead);
        if (!after) {
          await this.inflater.needsInput();
          after = this.checkStopped();
        }
        if (after) this.checkAfter(chunk);
        else this.inflater.feed(chunk);
      }
      if (after || this.closed || this.reread) return;
      await this.inflater.needsInput();
      if (!this.checkStopped()) this.inflater.finish();
    } finally {
      await fh.close();
    }
  }

  /** Whether zlib ended the data before the input it was given ended; the bytes it left are checked. */
  private checkStopped(): boolean {
    const unread = this.inflater.unread();
    if (!unread) return false;
    for (const bytes of unread) this.checkAfter(bytes);
    return true;
  }

  private checkAfter(bytes: Uint8Array): void {
    if (!this.trailing && !bytes.every((b) => b === 0)) this.trailing = true;
  }

  private startReread(): Reread {
    this.inflater.close();
    const source = this.reopen();
    const gunzip = new GzipMembers();
    source.on('error', (err: Error) => gunzip.destroy(err));
    source.pipe(gunzip);
    const reread = { source, gunzip, outputs: (gunzip as AsyncIterable<Buffer>)[Symbol.asyncIterator](), skip: this.delivered };
    this.reread = reread;
    return reread;
  }

  private async nextReread(r: Reread): Promise<Buffer | null> {
    for (;;) {
      const next = await r.outputs.next();
      if (next.done) {
        this.trailing = r.gunzip.trailing;
        return null;
      }
      const out = next.value;
      if (r.skip >= out.length) {
        r.skip -= out.length;
        continue;
      }
      const rest = r.skip > 0 ? out.subarray(r.skip) : out;
      r.skip = 0;
      return rest;
    }
  }
}

function describeStreamError(
  err: unknown,
  format: ArchiveFormat,
  bytesRead: number,
  totalBytes: number,
  budget: Budget,
): { code: 'not-an-archive' | 'corrupt'; reason: Text } {
  const message = err instanceof Error ? err.message : String(err);
  // How much of the file was read when the error came, not where the damage is: the reader reads ahead of
  // the inflater, and a tar header's place is in the inflated stream (a 90% corruption read as "100%").
  const where = `${Math.round((bytesRead / Math.max(totalBytes, 1)) * 100)}%`;
  if (err instanceof NotTarError) {
    return {
      code: 'not-an-archive',
      reason: text('it is gzip-compressed but does not hold a tar archive', 'gzip 圧縮されていますが、中身が tar アーカイブではありません'),
    };
  }
  if (err instanceof LimitError && budget.exhausted) return { code: 'corrupt', reason: budget.exhausted };
  if (/unexpected end of file/i.test(message) || /Unexpected end of data/i.test(message)) {
    return {
      code: 'corrupt',
      reason: text(
        `the archive is truncated: it ends in the middle of its data (at ${where} of the file)`,
        `アーカイブが途中で切れています(ファイルの ${where} の位置でデータが終わっています)`,
      ),
    };
  }
  if (format === 'gzip' && /incorrect header check|header crc mismatch|incorrect (data|length) check|invalid|unknown compression|too far back|distance/i.test(message) && !/tar header/i.test(message)) {
    return {
      code: 'corrupt',
      reason: text(
        `the gzip data is corrupt (${message}): found after reading ${where} of the file`,
        `gzip データが壊れています (${message})。ファイルの ${where} まで読んだところで見つかりました`,
      ),
    };
  }
  if (/tar header/i.test(message)) {
    return {
      code: 'corrupt',
      reason: text(
        `the tar data is corrupt (a member header is invalid): found after reading ${where} of the file`,
        `tar データが壊れています(メンバーのヘッダーが不正です)。ファイルの ${where} まで読んだところで見つかりました`,
      ),
    };
  }
  return {
    code: 'corrupt',
    reason: text(`reading failed after ${where} of the file was read (${message})`, `ファイルの ${where} まで読んだところで読み込みに失敗しました (${message})`),
  };
}

/** A member's data as the readers below take it: a tar entry's (EntryData), or a zip entry's stream (zipEntryData). */
type MemberData = AsyncIterable<Buffer> & Pick<EntryData, 'reused' | 'skip'>;

/**
 * One entry of a zip that is not a node archive (an lksupport tree or loose
 * logs zipped; zip-container.ts hands them over), through the visitor as a
 * tar member is: opened only when the visitor wants it, read to its end; the
 * sink ends at once with why when it cannot be read (`problem`, or its data
 * cannot be opened). No content and no problem: a folder, or a path recorded,
 * not read.
 */
export async function visitZipEntry(header: MemberHeader, open: (() => Promise<Readable>) | null, problem: Text | null, visitor: ArchiveVisitor, budget: Budget): Promise<void> {
  const sink = visitor.open(header);
  if (!sink) return;
  if (!open) {
    sink.end(problem);
    return;
  }
  let content: Readable;
  try {
    content = await open();
  } catch (err) {
    sink.end(err instanceof ArchiveError ? err.reason : text(`its data cannot be opened (${(err as Error).message})`, `データを開けません (${(err as Error).message})`));
    return;
  }
  // Iterated without breaking (a yauzl stream is never destroyed: a read of it may still be queued).
  const data: MemberData = { reused: false, [Symbol.asyncIterator]: () => content[Symbol.asyncIterator]() as AsyncIterator<Buffer>, skip: () => drain(content) };
  // A zip entry's stream fails on its own (its sizes lie, its deflate data is damaged): that is its problem, not the archive's.
  // No size: the directory's may lie, and a rotated log in it is read a block a write all along (NativeGunzip).
  await feedSink(sink, data, budget, undefined, zipEntryCut);
  await drain(content);
}

/** Reads a stream to its end (or its failure), keeping nothing. */
function drain(stream: Readable): Promise<void> {
  if (stream.readableEnded || stream.destroyed) return Promise.resolve();
  return new Promise<void>((resolve) => {
    stream.once('end', () => resolve());
    stream.once('error', () => resolve());
    stream.once('close', () => resolve());
    stream.resume();
  });
}

/** Feeds one member to its sink (through gunzip for compressed members) or drains it. */
async function consumeMember(header: MemberHeader, stream: MemberData, visitor: ArchiveVisitor, budget: Budget, signal: AbortSignal | undefined): Promise<void> {
  const nested = visitor.openArchive?.(header);
  if (typeof nested === 'function') {
    await consumeNestedArchive(stream, nested, signal);
    return;
  }
  if (nested) {
    // An archive inside that is not opened (nested too deep, past the bound): passed over, as listed.
    await stream.skip();
    return;
  }
  const sink = visitor.open(header);
  if (!sink) {
    await stream.skip();
    return;
  }
  await feedSink(sink, stream, budget, header.size);
}

/** Why a zip entry's data stopped: the entry's own failure, which the zip reader names (a size its directory gives that the data does not have, damaged deflate data). */
function zipEntryCut(err: unknown): Text {
  const message = errorMessage(err);
  return text(
    `its data in the zip could not be read to its end (${message}); the lines before were read`,
    `zip 内のデータを最後まで読めませんでした (${message})。それより前の行は読み込みました`,
  );
}

/**
 * A member's data to the sink that wants it, through gunzip when it asks
 * (`size`: its compressed length, where known, for a tar member). `cut`: what
 * the member says when its data stops with an error: a tar member's is the
 * archive stopping under it (the archive says why), a zip entry's its own.
 */
async function feedSink(sink: MemberSink, stream: MemberData, budget: Budget, size?: number, cut: (err: unknown) => Text = () => CUT_IN_MEMBER): Promise<void> {
  if (!sink.gunzip) {
    let wanted = true;
    let problem: Text | null = null;
    try {
      for await (const chunk of stream) {
        // What the analysis is handed, as it is handed: the young generation is held under its cap (heap-tuning.ts).
        holdYoungGeneration(chunk.length);
        if (!wanted) continue;
        // Past the file's bound of text read, the rest is drained only until the tar reader sees the budget used up.
        if (budget.read(chunk.length)) wanted = sink.write(chunk);
        else {
          problem = budget.usedUpHere();
          wanted = false;
        }
      }
    } catch (err) {
      // The archive stopped under this member (truncated, corrupt, a bound passed), or its own data failed: what came before is still this member's.
      problem ??= cut(err);
    }
    sink.end(problem);
    return;
  }
  await consumeGzipMember(stream, sink, budget, size, cut);
}

/**
 * Hands a member's stream to a nested reader. If the reader stops early (a
 * corrupt inner archive) the rest is drained so the outer archive goes on.
 */
async function consumeNestedArchive(stream: MemberData, reader: (content: Readable) => Promise<void>, signal: AbortSignal | undefined): Promise<void> {
  const content = new PassThrough({ highWaterMark: ZLIB_CHUNK });
  let alive = true;
  const done = reader(content).finally(() => {
    alive = false;
    content.destroy();
  });
  const stopped = done.then(() => undefined, () => undefined);
  try {
    for await (const chunk of stream) {
      if (signal?.aborted) break;
      if (!alive) continue;
      // The inner reader holds what it is given past this piece: its own copy when the piece's memory is reused.
      if (!content.write(stream.reused ? Buffer.from(chunk) : chunk)) await Promise.race([new Promise<void>((r) => content.once('drain', r)), stopped]);
    }
  } catch (err) {
    // The outer archive stopped under this one: the inner read ends with what it had, as a cut-short archive.
    content.destroy(err instanceof Error ? err : new Error(String(err)));
    await stopped;
    return;
  }
  content.end();
  await done;
}

/**
 * Inflates a gzip member into its sink. A corrupt or oversized member ends
 * with a problem noted on the sink; the rest of the archive goes on.
 *
 * The compressed bytes are fed from one loop and the inflated chunks read in
 * another: zlib inflates the next chunk on the thread pool while this thread
 * scans the last one. Handing each chunk to the sink inside zlib's own
 * callback made the two wait for each other. Where zlib's handle can be
 * driven directly (NativeGunzip), it inflates into a few reused buffers;
 * else through the zlib stream.
 */
async function consumeGzipMember(stream: MemberData, sink: MemberSink, budget: Budget, size: number | undefined, cut: (err: unknown) => Text): Promise<void> {
  const iterator = ownPieces(stream);
  const head = await iterator.next();
  if (head.done) {
    sink.end(null);
    return;
  }
  if (!isGzip(head.value)) {
    // Named .gz but stored plain: read it as it is.
    let wanted = sink.write(head.value);
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) if (wanted) wanted = sink.write(next.value);
    sink.end(null);
    return;
  }
  // Without zlib's handle, GzipMembers reads bytes after the data as NativeGunzip does in `trailing` mode (zlib's stream fails there).
  const inflater: Inflater = nativeGunzipAvailable() ? new NativeGunzip({ trailing: true, ...(size === undefined ? {} : { size }) }) : new StreamGunzip(new GzipMembers());
  const outcome = await inflateMember(inflater, head.value, iterator, sink, budget);
  sink.end(outcome.problem ?? (outcome.fed ? null : cut(outcome.cutBy)), outcome.note);
}

/**
 * A member's pieces as its inflater may hold them: zlib reads a piece while the
 * next is asked for, so where the tar reader's source reuses its buffers each
 * piece is copied (the compressed bytes of a rotated log: an eighth of what it
 * inflates to).
 */
function ownPieces(stream: MemberData): AsyncIterator<Buffer> {
  const it = stream[Symbol.asyncIterator]();
  if (!stream.reused) return it;
  return {
    next: async (): Promise<IteratorResult<Buffer>> => {
      const r = await it.next();
      return r.done ? r : { value: Buffer.from(r.value), done: false };
    },
  };
}

interface Inflated {
  problem: Text | null;
  /** Bytes after the gzip data that were ignored, said (the data was read whole). */
  note: Text | null;
  /** False: the archive stopped under this member before all of it was given (`cutBy`: the error it stopped with). */
  fed: boolean;
  cutBy?: unknown;
}

/** Why a member's inflated bytes stop being read here (a bound passed), or null to go on. */
function inflateBound(budget: Budget, inflated: number, bytes: number): Text | null {
  const limits = budget.limits;
  if (!budget.inflate(bytes)) {
    const size = formatBytes(limits.maxArchiveInflated);
    return text(
      `the archive's budget of ${size} of decompressed data (the limit against gzip bombs, for the archive, its members and the archives inside it together) was used up here; the rest of this member and of the archive was not read`,
      `アーカイブ全体(メンバーと内部のアーカイブを含む)の展開後データの上限 ${size}(gzip 爆弾対策)にここで達したため、このメンバーとアーカイブの残りは読んでいません`,
    );
  }
  if (!budget.read(bytes)) return budget.usedUpHere();
  if (inflated > limits.maxMemberInflated) {
    const size = formatBytes(limits.maxMemberInflated);
    return text(
      `decompressed size passed ${size} (the limit against gzip bombs); the rest of this member was not read`,
      `展開後のサイズが上限 ${size}(gzip 爆弾対策)を超えたため、このメンバーの残りは読んでいません`,
    );
  }
  return null;
}

const corruptMember = (err: unknown): Text => text(
  `the compressed data is corrupt or truncated (${errorMessage(err)}); lines before the damage were read`,
  `圧縮データが壊れているか途中で切れています (${errorMessage(err)})。破損箇所より前の行は読み込みました`,
);

/**
 * The one inflate loop, whichever inflater (NativeGunzip or the zlib stream's
 * StreamGunzip): the compressed bytes fed from one loop, the inflated ones
 * read in the other.
 */
async function inflateMember(inflater: Inflater, first: Buffer, iterator: AsyncIterator<Buffer>, sink: MemberSink, budget: Budget): Promise<Inflated> {
  let stopped = false;
  let fed = true;
  let cutBy: unknown;
  const feed = (async (): Promise<void> => {
    let chunk: Buffer | undefined = first;
    while (chunk !== undefined) {
      // After a stop the rest of the member is drained, never inflated.
      if (!stopped) {
        await inflater.needsInput();
        inflater.feed(chunk);
      }
      // Asked for at once: the archive's inflate goes on while zlib takes this chunk.
      const next = await iterator.next();
      chunk = next.done ? undefined : next.value;
    }
    if (!stopped) {
      await inflater.needsInput();
      inflater.finish();
    }
  })().catch((err: unknown) => {
    // The archive stopped under this member: what was inflated is read, then the member ends.
    fed = false;
    cutBy = err;
    inflater.abandon();
  });
  let problem: Text | null = null;
  let inflated = 0;
  let whole = false;
  let note: Text | null = null;
  try {
    for (let out = await inflater.next(); ; out = await inflater.next()) {
      if (!out) {
        whole = true;
        break;
      }
      inflated += out.length;
      problem = inflateBound(budget, inflated, out.length);
      if (problem) break;
      holdYoungGeneration(out.length);
      // The sink keeps no part of `out` past this call (LineScanner copies what it keeps): the buffer may be reused.
      if (!sink.write(out)) break;
    }
  } catch (err) {
    problem = corruptMember(err);
  }
  if (whole) {
    // The data ended: the rest of the member is still given, only to be counted when it is not zeros (trailing bytes).
    await feed;
    const after = inflater.trailingBytes();
    if (after > 0) note = afterGzipData(after);
  }
  stopped = true;
  inflater.close();
  await feed;
  return { problem, note, fed, cutBy };
}

const CUT_IN_MEMBER = text(
  'the archive stopped in the middle of this member (see the archive\'s problem); the lines before were read',
  'このメンバーの途中でアーカイブの読み込みが止まりました(アーカイブの問題を参照)。それより前の行は読み込みました',
);

const errorMessage = (err: unknown): string => (err instanceof Error ? err.message : String(err));
