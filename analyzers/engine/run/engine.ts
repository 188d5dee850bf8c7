// Runs one pass over each archive: classifies members into logical inputs,
// streams log lines to watchers, holds small documents, then runs the fact
// analyzers and the rules. A crashing analyzer is recorded, never fatal.
import type { AnyAnalyzer, ArchiveInfo } from '../plugin/analyzer.js';
import type { ClusterRule } from '../plugin/analyzer.js';
import { analyzeClusters } from '../cluster/cluster.js';
import type { ArchiveVisitor, MemberHeader, MemberSink, Progress } from '../archive/archive.js';
import { ArchiveError, checkInput, isZipFile, openErrorReason, readArchive, readArchiveStream, readNestedArchive, sparseReason, visitZipEntry } from '../archive/archive.js';
import type { StreamInput } from '../archive/archive.js';
import { readZipContainer } from '../archive/zip-container.js';
import { NESTED_ARCHIVE_PATTERN } from '../archive/archive-names.js';
import type { NotOpened } from '../archive/nesting.js';
import { openNested } from '../archive/nesting.js';
import type { ArchiveReadResult } from '../archive/archive.js';
import type { Readable } from 'node:stream';
import { compressionOfName, stripCompressionSuffix } from '../archive/archive-format.js';
import { looksBinary } from '../lines/decode.js';
import type { Finding } from '../plugin/findings.js';
import { severityRank } from '../plugin/findings.js';
import type { InputId, InputSpec } from '../archive/inputs.js';
import { candidateInputs, chooseBySignature } from '../archive/inputs.js';
import type { TreeCollector } from './trees.js';
import { notMovedNote, pastTreesNote, settleRead, strayLogNote, TreeRouter, treeName } from './trees.js';
import type { MemberRef, SourceLine } from '../lines/lines.js';
import { LineScanner, splitDocument } from '../lines/lines.js';
import type { ArchiveRecord, NodeReport, ReadMember, Report, SkippedMember } from '../report/report.js';
import { REPORT_SCHEMA } from '../report/report.js';
import { stat } from 'node:fs/promises';
import { mapConcurrently } from './concurrency.js';
import type { Limits } from './budget.js';
import { Budget, clipName, countLines, documentCost, MAX_PATH_CHARS, MAX_RECORDED_MEMBERS } from './budget.js';
import { formatBytes } from '../report/units.js';
import type { Text } from '../plugin/text.js';
import { text } from '../plugin/text.js';
import type { Collected } from './node-analysis.js';
import { settleFacts } from './node-analysis.js';
import type { AnalysisThread, NodeSide } from './node-side.js';
import { InThreadSide } from './node-side.js';

/** Documents are small command outputs and config files; past this only the start is kept (budget.ts). */
export { MAX_DOCUMENT_BYTES } from './budget.js';
const UNUSED_SAMPLE = 20;

export interface AnalyzeOptions {
  analyzers: readonly AnyAnalyzer[];
  signal?: AbortSignal;
  /** The bounds of each archive's budget (run/budget.ts); the defaults when not given. */
  limits?: Partial<Limits>;
  onProgress?: (file: string, p: Progress) => void;
  /** Fixed time for reproducible reports (golden tests). */
  now?: Date;
  /** Facts given instead of computed (rule tests feed facts directly). */
  facts?: Readonly<Record<string, unknown>>;
  /** Cross-node rules, run on each cluster of two or more nodes. */
  clusterRules?: readonly ClusterRule[];
  /** The rule packs whose rules are among `analyzers`, listed in the report. */
  rulePacks?: ReadonlyArray<{ name: string; version: string; source: string; rules: ReadonlyArray<{ id: string }>; errors: ReadonlyArray<{ file: string; reason: string }> }>;
  version?: string;
  /**
   * Archives read at once when several are given (default 2). One archive
   * leaves the main thread idle while zlib inflates the next chunk on the
   * thread pool; a second one fills that time (ten 50 MB nodes: 2.3 s to
   * 2.0 s on 2 cores, npm run bench). Archives of LARGE_ARCHIVE_BYTES or more
   * are read alone: they gain little (their own inflate already overlaps the
   * scan) and two would hold two sets of read buffers and growing facts.
   */
  concurrency?: number;
  /**
   * Runs the watchers and analyzers of each node read in this thread there,
   * while this thread goes on reading (workers/watch-thread.ts); absent, or
   * when it cannot take a node, they run here.
   */
  analysisThread?: AnalysisThread;
  /** Analyzes one archive; by default analyzeArchive in this thread (in-worker.ts runs it in a worker thread). */
  runArchive?: (file: string, options: AnalyzeOptions) => Promise<ArchiveAnalysis>;
  /**
   * Sees every member this analysis reads, as it passes: the app keeps the
   * text its log view opens later from the analysis pass itself
   * (lognav/keep.ts). `prefix` names the archive a member sits in
   * ("inner.tar.gz » "). Not given (the CLI), nothing but the analysis runs.
   */
  tee?: ArchiveTee;
}

/** Wraps the visitor of one archive (or of an archive inside it) to see its members too. */
export type ArchiveTee = (visitor: ArchiveVisitor, prefix: string) => ArchiveVisitor;

/** Compressed size from which an archive is read alone. */
export const LARGE_ARCHIVE_BYTES = 256 * 2 ** 20;


function plausible(d: Date | null, now: Date): Date | null {
  if (!d) return null;
  const t = d.getTime();
  return t > Date.UTC(2000, 0, 1) && t < now.getTime() + 86_400_000 ? d : null;
}

const skip = (path: string, bytes: number, code: SkippedMember['code'], reason: Text): SkippedMember => ({ path, bytes, code, reason });


function describeInput(spec: InputSpec): string {
  return spec.id;
}

class MemberCollector implements ArchiveVisitor, TreeCollector {
  readonly c: Collected = {
    documents: [],
    listed: [],
    read: [],
    skipped: [],
    unlisted: { read: 0, listed: 0, skipped: 0 },
    held: 0,
    streamedPaths: new Map(),
    unused: { count: 0, bytes: 0, sample: [] },
    total: 0,
    newestMtime: null,
    topDirs: new Set(),
  };

  constructor(
    private readonly side: NodeSide,
    private readonly now: Date,
    private readonly budget: Budget,
    /** How to read an archive found inside this one (archive/nesting.ts decides which, to MAX_NESTING_DEPTH). */
    private readonly nested: ((h: MemberHeader, content: Readable) => Promise<void>) | null = null,
    /** How many archives inside the one given this one is (0: the archive given; a zip's node archives are 1). */
    private readonly depth = 0,
    /** This archive's name in the one given ("a.tar.gz » "), before its members' paths: how a refusal names them. */
    private readonly prefix = '',
  ) {}

  /** Lists a skipped member, or counts it past MAX_RECORDED_MEMBERS. */
  private skipped(m: SkippedMember): void {
    if (this.c.skipped.length < MAX_RECORDED_MEMBERS) this.c.skipped.push(m);
    else this.c.unlisted.skipped++;
  }

  /** Lists a member read, or counts it past MAX_RECORDED_MEMBERS; its index in the list, else -1. */
  private recordRead(m: ReadMember): number {
    if (this.c.read.length < MAX_RECORDED_MEMBERS) return this.c.read.push(m) - 1;
    this.c.unlisted.read++;
    return -1;
  }

  openArchive(h: MemberHeader): ((content: Readable) => Promise<void>) | NotOpened | null {
    const nested = this.nested;
    if (!nested) return null;
    // The one nesting policy (archive/nesting.ts): ls, cat, grep and the app open the same archives.
    const verdict = openNested(h, this.depth, this.budget, `${this.prefix}${h.path}`);
    if (verdict === null) return null;
    this.c.total++;
    if (verdict !== 'open') {
      // Listed with why (a bound of budget.ts), and drained unread by the archive reader.
      this.skipped(skip(h.path, h.size, 'over-budget', verdict.reason));
      return verdict;
    }
    return (content) => nested(h, content);
  }

  open(h: MemberHeader): MemberSink | null {
    this.c.total++;
    const mtime = plausible(h.mtime, this.now);
    // A folder's time is not the collection's: a tree unpacked and packed again (two nodes' trees in a ticket's zip) has
    // folders of the unpacking's time, its files their own.
    if (mtime && h.type !== 'directory' && (!this.c.newestMtime || mtime > this.c.newestMtime)) this.c.newestMtime = mtime;
    if (h.pathProblem === 'too-long') {
      this.skipped(skip(clipName(h.rawName), h.size, 'unsafe-path', text(
        `a path of ${h.rawName.length.toLocaleString('en-US')} characters, longer than any path on Linux (${MAX_PATH_CHARS}): recorded, not read`,
        `${h.rawName.length.toLocaleString('en-US')} 文字のパスで、Linux のどのパス (${MAX_PATH_CHARS}) よりも長いため記録のみで読み込みません`,
      )));
      return null;
    }
    const top = h.path.split('/')[0];
    if (top !== undefined) this.c.topDirs.add(h.path.includes('/') || h.type === 'directory' ? top : '');
    if (h.type === 'directory') return null;
    if (h.pathProblem === 'parent') {
      this.skipped(skip(h.rawName, h.size, 'unsafe-path', text(
        'the path climbs out of the archive with "..": recorded, not read',
        'パスに ".." が含まれアーカイブの外を指しています。記録のみで読み込みません',
      )));
      return null;
    }
    if (h.type === 'symlink' || h.type === 'hardlink') {
      const kind = h.type === 'symlink' ? 'symbolic link' : 'hard link';
      // A tar allows targets of megabytes: shown shortened, the cut marked.
      const target = clipName(h.linkTarget ?? '');
      this.skipped(skip(h.path, 0, 'link', text(
        `${kind} to "${target}": recorded, never followed`,
        `"${target}" への${h.type === 'symlink' ? 'シンボリックリンク' : 'ハードリンク'}です。記録のみで、たどりません`,
      )));
      return null;
    }
    if (h.type === 'sparse') {
      this.skipped(skip(h.path, h.size, 'unreadable', sparseReason(h.sparseSize)));
      return null;
    }
    if (h.type !== 'file') {
      this.skipped(skip(h.path, h.size, 'device', text(
        `a ${h.type} entry, not a file: recorded, not read`,
        `ファイルではない項目 (${h.type}) です。記録のみで読み込みません`,
      )));
      return null;
    }
    const compression = compressionOfName(h.path);
    const logicalName = compression ? stripCompressionSuffix(h.path) : h.path;
    const candidates = candidateInputs(logicalName);
    const listing = candidates.find((s) => s.kind === 'listing') ?? candidateInputs(h.path).find((s) => s.kind === 'listing');
    if (listing) {
      if (this.c.listed.length < MAX_RECORDED_MEMBERS) this.c.listed.push({ path: h.path, input: listing.id, size: h.size, mtime });
      else this.c.unlisted.listed++;
      return null;
    }
    if (candidates.length === 0) {
      this.c.unused.count++;
      this.c.unused.bytes += h.size;
      if (this.c.unused.sample.length < UNUSED_SAMPLE) this.c.unused.sample.push(h.path);
      return null;
    }
    const first = candidates[0] as InputSpec;
    if (compression && compression !== 'gzip') {
      this.skipped(skip(h.path, h.size, 'unsupported-compression', text(
        `${describeInput(first)} compressed with ${compression}, which is not supported yet: not read`,
        `${describeInput(first)} が ${compression} で圧縮されています。この形式にはまだ対応していないため読み込んでいません`,
      )));
      return null;
    }
    const gunzip = compression === 'gzip';
    const absoluteNote = h.pathProblem === 'absolute';
    if (absoluteNote) {
      this.skipped(skip(h.rawName, 0, 'unsafe-path', text(
        `absolute path: read as "${h.path}" inside the archive, never as a path on this machine`,
        `絶対パスです。アーカイブ内の "${h.path}" として読み、このマシンのパスとしては扱いません`,
      )));
    }
    return first.kind === 'log' ? this.logSink(h, first, mtime, gunzip) : this.documentSink(h, candidates, mtime, gunzip);
  }

  private binarySkip(h: MemberHeader, input: InputId): SkippedMember {
    return skip(h.path, h.size, 'binary', text(
      `named like ${input} but its content is binary: not read`,
      `${input} の名前ですが内容がバイナリのため読み込んでいません`,
    ));
  }

  private logSink(h: MemberHeader, spec: InputSpec, mtime: Date | null, gunzip: boolean): MemberSink {
    const member: MemberRef = { path: h.path, input: spec.id, mtime };
    const side = this.side.logMember(member, () => mtime ?? this.c.newestMtime ?? this.now);
    const scanner = new LineScanner(member, side.consumers, true, () => this.budget.examine(), side.raw);
    let first = true;
    let binary = false;
    return {
      gunzip,
      write: (chunk) => {
        if (first) {
          first = false;
          if (looksBinary(chunk)) {
            binary = true;
            return false;
          }
        }
        scanner.write(chunk);
        return true;
      },
      end: (problem, note) => {
        if (binary) {
          side.end(-1);
          this.skipped(this.binarySkip(h, spec.id));
          return;
        }
        scanner.end();
        const paths = this.c.streamedPaths.get(spec.id) ?? [];
        paths.push(h.path);
        this.c.streamedPaths.set(spec.id, paths);
        side.end(this.recordRead({
          path: h.path,
          input: spec.id,
          bytes: scanner.stats.bytes,
          lines: scanner.stats.lines,
          encodings: [...scanner.stats.encodings].sort(),
          truncatedLines: scanner.stats.truncatedLines,
          // The report has one place for what a member's reading says: bytes passed over after its data too (note).
          problem: problem ?? (scanner.stats.unexamined > 0 ? this.unexaminedProblem(scanner.stats.unexamined) : null) ?? note ?? null,
        }));
      },
    };
  }

  /**
   * Holds a document whole, charging its bytes and lines to the budget as
   * they come: one that does not fit in what is left is skipped whole with a
   * reason (a document cut at an arbitrary point would be read as complete).
   */
  private documentSink(h: MemberHeader, candidates: InputSpec[], mtime: Date | null, gunzip: boolean): MemberSink | null {
    const firstSpec = candidates[0] as InputSpec;
    const maxBytes = this.budget.limits.maxDocumentBytes;
    // Stored plain, its size is known before reading: its bytes alone must fit.
    if (!gunzip && !this.budget.fits(Math.min(h.size, maxBytes))) {
      this.skipped(this.overBudget(h, firstSpec.id));
      return null;
    }
    const chunks: Buffer[] = [];
    let kept = 0;
    let total = 0;
    let cost = 0;
    let binary = false;
    let overBudget = false;
    return {
      gunzip,
      write: (chunk) => {
        if (total === 0 && looksBinary(chunk)) {
          binary = true;
          return false;
        }
        total += chunk.length;
        const room = maxBytes - kept;
        if (room <= 0) return true; // keep counting, keep nothing
        const part = chunk.length > room ? chunk.subarray(0, room) : chunk;
        const more = documentCost(part.length, countLines(part));
        if (!this.budget.hold(more)) {
          overBudget = true;
          chunks.length = 0;
          this.budget.release(cost);
          cost = 0;
          return false;
        }
        cost += more;
        chunks.push(Buffer.from(part));
        kept += part.length;
        return true;
      },
      end: (problem, note) => {
        if (binary) {
          this.skipped(this.binarySkip(h, firstSpec.id));
          return;
        }
        if (overBudget) {
          this.skipped(this.overBudget(h, firstSpec.id));
          return;
        }
        const bytes = Buffer.concat(chunks, kept);
        chunks.length = 0;
        const { lines, encodings } = splitDocument(bytes);
        // A last line without its newline is a line too: a few bytes more, taken whether or not they fit.
        const extra = documentCost(kept, lines.length) - cost;
        if (extra > 0) {
          this.budget.take(extra);
          cost += extra;
        }
        this.c.held += cost;
        const head = lines.slice(0, 50).join('\n');
        const spec = chooseBySignature(candidates, head) ?? firstSpec;
        const truncated = total > kept;
        this.c.documents.push({ path: h.path, input: spec.id, lines, truncated, mtime });
        this.recordRead({
          path: h.path,
          input: spec.id,
          bytes: total,
          lines: lines.length,
          encodings: [...encodings].sort(),
          truncatedLines: 0,
          problem: problem ?? (truncated ? text(
            `larger than ${maxBytes / 2 ** 20} MiB: only the start was read`,
            `${maxBytes / 2 ** 20} MiB を超えるため先頭のみ読み込みました`,
          ) : null) ?? note ?? null,
        });
      },
    };
  }

  private unexaminedProblem(count: number): Text {
    const max = this.budget.limits.maxExaminedLines.toLocaleString('en-US');
    const n = count.toLocaleString('en-US');
    return text(
      `analyzers had examined ${max} lines of this archive (the limit for one archive): the last ${n} lines of this log were counted, not examined`,
      `このアーカイブで解析プラグインが調べた行が上限 ${max} 行(1 アーカイブあたり)に達したため、このログの最後の ${n} 行は件数のみ数え、調べていません`,
    );
  }

  private overBudget(h: MemberHeader, input: InputId): SkippedMember {
    const held = formatBytes(this.budget.limits.maxDocumentHeld);
    return skip(h.path, h.size, 'over-budget', text(
      `${input}: the documents of this archive already fill the ${held} they may hold in memory (counted with their lines): not read`,
      `${input}: このアーカイブの文書がメモリ上の上限 ${held}(行数を含めて計算)に達しているため読み込んでいません`,
    ));
  }

  /** Notes for the members counted but not listed (past MAX_RECORDED_MEMBERS in a list). */
  unlistedNotes(): Text[] {
    const u = this.c.unlisted;
    const notes: Text[] = [];
    const add = (count: number, en: string, ja: string): void => {
      if (count > 0) notes.push(text(`${count.toLocaleString('en-US')} more ${en} past the first ${MAX_RECORDED_MEMBERS} are counted, not listed`, `${ja}のうち最初の ${MAX_RECORDED_MEMBERS} 件を超える ${count.toLocaleString('en-US')} 件は件数のみ数え、一覧にしていません`));
    };
    add(u.read, 'members read', '読み込んだメンバー');
    add(u.listed, 'members known by name only', '名前のみ記録したメンバー');
    add(u.skipped, 'skipped members', 'スキップしたメンバー');
    return notes;
  }
}

function topDirectory(dirs: Set<string>): string | null {
  if (dirs.size !== 1) return null;
  const [only] = dirs;
  return only ? only : null;
}




/** A node archive inside a container is named by its path there, as `ticket.zip » node1.tar.gz`. */
const NESTED_ARCHIVE_NAME = NESTED_ARCHIVE_PATTERN;

/** A nested archive's place in the list while it is read (replaced by its analysis). */
const PENDING: ArchiveAnalysis = { archive: { file: '', bytes: null, format: null, status: 'unreadable', problem: null, node: null }, node: null, findings: [], nested: [] };

export interface ArchiveAnalysis {
  archive: ArchiveRecord;
  node: NodeReport | null;
  findings: Finding[];
  /** Node archives found inside this one (a container a ticket came with), in the order read. */
  nested: ArchiveAnalysis[];
}

/**
 * Analyzes one archive. A tar or tar.gz holding the lksupport archives of
 * several nodes (how tickets often carry them) is a container: each inner
 * archive is read from the stream as it passes and becomes its own node.
 */
export async function analyzeArchive(input: string | StreamInput, options: AnalyzeOptions): Promise<ArchiveAnalysis> {
  const file = typeof input === 'string' ? input : input.name;
  if (typeof input === 'string') {
    // Each input on its own: one that cannot be opened (missing, not a regular file, permission denied) is named, and the others are read.
    const refused = await checkInput(input).then(() => null, (err: unknown) => openErrorReason(err));
    if (refused) return { archive: { file, bytes: null, format: null, status: 'unreadable', problem: refused.reason, node: null }, node: null, findings: [], nested: [] };
  }
  // The archives inside, at every level opened (archive/nesting.ts), in archive order: each is its own node when recognized.
  const nested: ArchiveAnalysis[] = [];
  // One account for everything read from this file: its members and the archives inside it share it.
  const budget = new Budget(options.limits);
  const bounds = { ...(options.signal ? { signal: options.signal } : {}), budget };
  // Reads an archive found `depth` levels inside the file, in the archive named by `around` ("a.tar.gz » ", '' at the top).
  const readerAt = (around: string, depth: number) => async (h: MemberHeader, content: Readable): Promise<void> => {
    const name = `${around}${h.path}`;
    const prefix = `${name} » `;
    // Its place is taken before the archives inside it are read: the list stays in archive order.
    const slot = nested.push(PENDING) - 1;
    try {
      nested[slot] = await analyzeSource(`${file} » ${name}`, (visitor) => readNestedArchive(content, h.path, options.tee ? options.tee(visitor, prefix) : visitor, { ...bounds, bytes: h.size }), options, budget, readerAt(prefix, depth + 1), depth, prefix);
    } catch (err) {
      nested.splice(slot, 1);
      throw err;
    }
  };
  const readInner = readerAt('', 1);
  if (typeof input === 'string' && await isZipFile(input)) return analyzeZip(input, readInner, nested, options, budget);
  const reading = { ...bounds, onProgress: (p: Progress) => options.onProgress?.(file, p) };
  const outer = await analyzeSource(file, (collector) => {
    const visitor = options.tee ? options.tee(collector, '') : collector;
    return typeof input === 'string' ? readArchive(input, visitor, reading) : readArchiveStream(input, visitor, reading);
  }, options, budget, readInner);
  // The archives inside it not opened (too deep, past the count) make the archive given partly read, whatever is kept.
  const refused = budget.refusedNestedReason();
  if (refused) {
    outer.archive.problem = outer.archive.problem ? text(`${outer.archive.problem.en}; ${refused.en}`, `${outer.archive.problem.ja}。${refused.ja}`) : refused;
    outer.archive.status = 'partial';
  }
  // A bound reached inside (in an archive within this one) ended this read too, even where its own stream had already passed.
  if (!outer.archive.problem && budget.exhausted) {
    outer.archive.problem = budget.exhausted;
    outer.archive.status = 'partial';
    for (const n of [outer, ...outer.nested]) n.node?.notes.push(budget.exhausted);
  }
  const keepOuter = outer.node?.recognized === true;
  // Tarballs inside a node's own archive are not nodes; inside a container,
  // an inner archive that could not be read is listed with its reason.
  const recognized = nested.filter((n) => n.node?.recognized || n.nested.length > 0);
  // An archive inside that holds several trees is their container (n.nested): kept as a node archive is.
  const inner = nested.filter((n) => n.node?.recognized || n.nested.length > 0 || n.archive.status !== 'read');
  if (inner.length === 0 || (keepOuter && recognized.length === 0)) return outer;
  // The container's own record names the node archives it did not read (above; its node, where they are listed, may not be kept).
  const problem = outer.archive.problem;
  return {
    archive: { ...outer.archive, node: null, problem, status: problem ? 'partial' : outer.archive.status },
    node: keepOuter ? outer.node : null,
    findings: keepOuter ? outer.findings : [],
    // The archive's own trees (when several: run/trees.ts) first, in the order read, then the archives inside.
    nested: [...outer.nested, ...inner],
  };
}

/**
 * A zip: a container of node archives, and its own files (an lksupport tree,
 * or loose logs, zipped again) are its members as a tar's are: when they hold
 * LifeKeeper's own files the zip is a node too, named by the zip
 * (docs/inputs-and-safety.md says why). A zip of node archives alone is the
 * container it always was.
 */
async function analyzeZip(
  file: string,
  readInner: (h: MemberHeader, content: Readable) => Promise<void>,
  nested: ArchiveAnalysis[],
  options: AnalyzeOptions,
  budget: Budget,
): Promise<ArchiveAnalysis> {
  const record = (status: ArchiveRecord['status'], bytes: number | null, problem: Text | null): ArchiveRecord => ({ file, bytes, format: 'zip', status, problem, node: null });
  let bytesRead = 0;
  /** Files of the zip's own (not node archives). */
  let files = 0;
  let unreadable = 0;
  /** The zip broke after something was read: what was read stands, the damage is the problem. */
  let broken: Text | null = null;
  const outer = await analyzeSource(file, async (collector) => {
    const visitor = options.tee ? options.tee(collector, '') : collector;
    try {
      const result = await readZipContainer(file, (path) => NESTED_ARCHIVE_NAME.test(path), async (h, content) => {
        options.onProgress?.(file, { bytesRead, totalBytes: h.size, member: h.path });
        await readInner(h, content);
        bytesRead += h.size;
      }, budget, options.signal, {
        onMember: (h, open, problem) => {
          if (h.type === 'file') files++;
          return visitZipEntry(h, open, problem, visitor, budget);
        },
      });
      unreadable = result.unreadable;
      return { format: 'zip' as const, bytes: result.bytes, members: result.members, problem: result.problem, notes: [] };
    } catch (err) {
      if (!(err instanceof ArchiveError) || err.code === 'cancelled' || (nested.length === 0 && files === 0)) throw err;
      broken = err.reason;
      return { format: 'zip' as const, bytes: 0, members: 0, problem: err.reason, notes: [] };
    }
  }, options, budget, null);
  if (outer.archive.status === 'unreadable') return { ...outer, archive: { ...outer.archive, format: 'zip' } };
  const keepOuter = outer.node?.recognized === true;
  const recognized = nested.filter((n) => n.node?.recognized || n.nested.length > 0);
  const inner = nested.filter((n) => n.node?.recognized || n.nested.length > 0 || n.archive.status !== 'read');
  // The zip's own files as several lksupport trees (run/trees.ts): each a node, as its node archives are.
  const trees = outer.nested;
  // Broken after node archives were read: they stand, and the zip is partly read (a zip of files of no use is unreadable, below).
  if (broken && !keepOuter && nested.length + trees.length > 0) return { archive: record('partial', null, broken), node: null, findings: [], nested: [...trees, ...nested] };
  // No node in it: neither a node archive that could be read nor LifeKeeper's own files (the wrong zip sent, most often).
  if (!keepOuter && inner.length === 0 && trees.length === 0) {
    const none = unreadable > 0 ? text(
      'it is a zip, and none of the lksupport archives in it could be read',
      'zip ですが、含まれる lksupport アーカイブをどれも読めませんでした',
    ) : files > 0 ? text(
      `it is a zip that holds no lksupport archive (.tar.gz, .tgz or .tar), and its ${files} file(s) are no lksupport tree either (no lifekeeper.log, lcdstatus, /etc/default/LifeKeeper or LifeKeeper package)`,
      `lksupport アーカイブ (.tar.gz, .tgz, .tar) を含まない zip で、含まれる ${files} 個のファイルも lksupport の内容ではありません(lifekeeper.log、lcdstatus、/etc/default/LifeKeeper、LifeKeeper パッケージのいずれもありません)`,
    ) : text(
      'it is a zip that holds no lksupport archive (.tar.gz, .tgz or .tar)',
      'lksupport アーカイブ (.tar.gz, .tgz, .tar) を含まない zip です',
    );
    const problem = outer.archive.problem ? text(`${none.en}; ${outer.archive.problem.en}`, `${none.ja}。${outer.archive.problem.ja}`) : none;
    return { archive: record('unreadable', outer.archive.bytes, problem), node: null, findings: [], nested: [] };
  }
  // The zip is an lksupport tree itself, and the archives it holds are no nodes: the zip's node alone (as for a tar).
  if ((keepOuter || trees.length > 0) && recognized.length === 0) return { ...outer, archive: { ...outer.archive, format: 'zip' } };
  // Entries refused or past the budget make the container partly read, and say which.
  return {
    archive: { ...outer.archive, node: null },
    node: keepOuter ? outer.node : null,
    findings: keepOuter ? outer.findings : [],
    nested: [...trees, ...inner],
  };
}

async function analyzeSource(
  file: string,
  read: (visitor: ArchiveVisitor) => Promise<Omit<ArchiveReadResult, 'format'> & { format: ArchiveRecord['format'] }>,
  options: AnalyzeOptions,
  budget: Budget,
  nested: ((h: MemberHeader, content: Readable) => Promise<void>) | null,
  depth = 0,
  prefix = '',
): Promise<ArchiveAnalysis> {
  const now = options.now ?? new Date();
  // The watchers and analyzers of a node: in an analysis thread when one is given and takes the first tree, else here.
  const makeGroup = (side: NodeSide | null): { side: NodeSide; collector: MemberCollector } => {
    let collector: MemberCollector | null = null;
    const referenceTime = (line: SourceLine): Date => line.member.mtime ?? collector?.c.newestMtime ?? now;
    const chosen = side ?? new InThreadSide(options.analyzers, referenceTime);
    collector = new MemberCollector(chosen, now, budget, nested, depth, prefix);
    return { side: chosen, collector };
  };
  // Each lksupport tree of the archive is a node of its own (run/trees.ts); one tree, as nearly always, is the archive's node.
  const router = new TreeRouter(makeGroup(await options.analysisThread?.open(options.analyzers) ?? null), () => makeGroup(null), (d) => plausible(d, now));
  let format: ArchiveRecord['format'] = null;
  let problem: Text | null = null;
  let bytes: number | null = null;
  let readNotes: Text[] = [];
  const heldByAll = (): number => router.groups.reduce((sum, g) => sum + g.collector.c.held, 0);
  try {
    const result = await read(router);
    format = result.format;
    problem = result.problem;
    readNotes = result.notes;
    bytes = result.bytes;
  } catch (err) {
    for (const g of router.groups) g.side.abandon();
    budget.release(heldByAll());
    if (err instanceof ArchiveError) {
      if (err.code === 'cancelled') throw err;
      return { archive: { file, bytes: null, format: null, status: 'unreadable', problem: err.reason, node: null }, node: null, findings: [], nested: [] };
    }
    throw err;
  }
  const trees = router.settle();
  const several = trees.length > 1;
  const analyses: ArchiveAnalysis[] = [];
  try {
    for (const g of trees) {
      const c = g.collector.c;
      const name = several ? `${file} » ${treeName(g.root ?? '')}` : file;
      // A tree's own folder is what its archive's top folder would have been (node-identity reads a name and a time from it, last of all).
      const top = several ? (g.root ?? '').replace(/\/$/, '').split('/').pop() || null : topDirectory(c.topDirs);
      const archive: ArchiveInfo = { file: name, newestMtime: c.newestMtime, topDirectory: top };
      const { node, findings } = await g.side.finish(c, archive, options.facts ?? {});
      if (several) settleRead(g, node);
      node.notes.push(...(g.collector as MemberCollector).unlistedNotes());
      const stray = strayLogNote(g.strayLogs);
      if (stray) node.notes.push(stray);
      if (several && g === trees[0]) node.notes.push(...[pastTreesNote(router.pastTrees), notMovedNote(router.unplacedNotMoved)].filter((n): n is Text => n !== null));
      if (problem) node.notes.push(problem);
      // Bytes passed over without loss (trailing garbage): the archive was read whole, and the node says what was ignored.
      node.notes.push(...readNotes);
      analyses.push({ archive: { file: name, bytes: several ? null : bytes, format, status: problem ? 'partial' : 'read', problem, node: null }, node, findings, nested: [] });
    }
  } finally {
    // The documents are let go with the collectors: their room is free for the next archive inside this one.
    budget.release(heldByAll());
    for (const g of router.groups) if (!trees.includes(g)) g.side.abandon();
  }
  if (!several) return analyses[0] as ArchiveAnalysis;
  // Several trees: the archive is their container, as a zip of node archives is, and each tree a node named after its folder.
  return { archive: { file, bytes, format, status: problem ? 'partial' : 'read', problem, node: null }, node: null, findings: [], nested: analyses };
}



/** The cross-node findings, to the facts that read findings: each node gets those with evidence on it, with that evidence only. */
function settleClusterFindings(nodes: readonly NodeReport[], findings: readonly Finding[], analyzers: readonly AnyAnalyzer[]): void {
  if (findings.length === 0 || !analyzers.some((a) => a.afterFindings)) return;
  for (const node of nodes) {
    if (!node.hostname) continue;
    const mine = findings.flatMap((f) => {
      const evidence = f.evidence.filter((e) => e.node === node.hostname);
      return evidence.length ? [{ ...f, evidence }] : [];
    });
    if (mine.length === 0) continue;
    const slots = node as NodeReport & Record<string, unknown>;
    settleFacts(analyzers, node.analyzers, mine, (id) => slots[id], (id, fact) => {
      if (fact === undefined) delete slots[id];
      else slots[id] = fact;
    });
  }
}

export function sortFindings(findings: Finding[]): Finding[] {
  return [...findings].sort((a, b) => severityRank(a.severity) - severityRank(b.severity) || a.node.localeCompare(b.node) || a.id.localeCompare(b.id));
}

/** Analyzes each archive in order; an unreadable one is listed with its reason and the rest go on. */
export async function analyze(files: ReadonlyArray<string | StreamInput>, options: AnalyzeOptions): Promise<Report> {
  const now = options.now ?? new Date();
  const report: Report = {
    schema: REPORT_SCHEMA,
    generator: { name: 'lkanalyze', version: options.version ?? '0.0.0' },
    rulePacks: (options.rulePacks ?? []).map((p) => ({ name: p.name, version: p.version, source: p.source, rules: p.rules.map((r) => r.id), errors: [...p.errors] })),
    generatedAt: now.toISOString(),
    archives: [],
    nodes: [],
    clusters: [],
    findings: [],
    changes: { overTime: [], sideBySide: [] },
  };
  // Each node's own findings: two archives of one host share its name in the report's list.
  const findingsOf = new Map<NodeReport, Finding[]>();
  const add = (result: ArchiveAnalysis): void => {
    if (result.node) {
      result.archive.node = report.nodes.length;
      report.nodes.push(result.node);
      findingsOf.set(result.node, result.findings);
    }
    report.archives.push(result.archive);
    report.findings.push(...result.findings);
    for (const inner of result.nested) add(inner);
  };
  const limit = Math.max(1, options.concurrency ?? 2);
  const weight = async (file: string | StreamInput): Promise<number> => (typeof file === 'string' ? (await stat(file).catch(() => null))?.size ?? 0 : file.bytes ?? 0) >= LARGE_ARCHIVE_BYTES ? limit : 1;
  const run = options.runArchive ?? analyzeArchive;
  // A stream (standard input) is read in this thread: it cannot be handed to a worker.
  const results = await mapConcurrently(files, limit, weight, (file) => (typeof file === 'string' ? run(file, { ...options, now }) : analyzeArchive(file, { ...options, now })));
  for (const result of results) add(result);
  const { clusters, findings, superseded } = analyzeClusters(report.nodes, options.clusterRules ?? []);
  settleClusterFindings(report.nodes, findings, options.analyzers);
  report.clusters = clusters;
  // What each analyzer is and reads, for what changed to say what an archive lacked.
  const about = (id: string): { title: Text; inputs: readonly string[] } | undefined => {
    const a = options.analyzers.find((x) => x.meta.id === id);
    return a ? { title: a.meta.title, inputs: a.meta.inputs } : undefined;
  };
  // What changed compares two archives of a node, or the nodes of a cluster: with one node there is nothing to
  // compare, and its modules (ten, a few ms each to load) are loaded only when there is.
  if (report.nodes.length >= 2) {
    const { analyzeChanges } = await import('../changes/index.js');
    report.changes = analyzeChanges(report.nodes, clusters, (n) => findingsOf.get(n) ?? [], findings, about);
  }
  const replaced = new Set(superseded.map((s) => `${s.rule}\u0000${s.node}`));
  report.findings = sortFindings([...report.findings.filter((f) => !replaced.has(`${f.id}\u0000${f.node}`)), ...findings]);
  return report;
}
