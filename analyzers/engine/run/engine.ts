// Runs one pass over each archive: classifies members into logical inputs,
// streams log lines to watchers, holds small documents, then runs the fact
// analyzers and the rules. A crashing analyzer is recorded, never fatal.
import { evidenceOf } from '../lines/lines.js';
import type { FactId, Facts } from '../plugin/facts.js';
import type { AnyAnalyzer, ArchiveInfo, Document, ListedMember, RunContext, WatchContext } from '../plugin/analyzer.js';
import { isNotChecked, keywordsFor } from '../plugin/analyzer.js';
import type { ClusterRule } from '../plugin/analyzer.js';
import { analyzeClusters } from '../cluster/cluster.js';
import type { ArchiveVisitor, MemberHeader, MemberSink, Progress } from '../archive/archive.js';
import { ArchiveError, checkInput, isZipFile, openErrorReason, readArchive, readArchiveStream, readNestedArchive } from '../archive/archive.js';
import type { StreamInput } from '../archive/archive.js';
import { readZipContainer } from '../archive/zip-container.js';
import { NESTED_ARCHIVE_PATTERN } from '../archive/archive-names.js';
import type { ArchiveReadResult } from '../archive/archive.js';
import type { Readable } from 'node:stream';
import { compressionOfName, stripCompressionSuffix } from '../archive/archive-format.js';
import { looksBinary } from '../lines/decode.js';
import type { Evidence, Finding } from '../plugin/findings.js';
import { severityRank } from '../plugin/findings.js';
import type { InputId, InputSpec } from '../archive/inputs.js';
import { candidateInputs, chooseBySignature } from '../archive/inputs.js';
import type { LineConsumer, MemberRef, SourceLine } from '../lines/lines.js';
import { LineScanner, splitDocument } from '../lines/lines.js';
import type { AnalyzerStatus, ArchiveRecord, NodeReport, ReadMember, Report, SkippedMember } from '../report/report.js';
import { REPORT_SCHEMA } from '../report/report.js';
import type { LogLine } from '../lines/syslog.js';
import { parseAnyLogLine } from '../lines/syslog.js';
import { stat } from 'node:fs/promises';
import { mapConcurrently } from './concurrency.js';
import type { Limits } from './budget.js';
import { Budget, clipLine, clipName, countLines, documentCost, MAX_PATH_CHARS, MAX_RECORDED_MEMBERS } from './budget.js';
import { formatBytes } from '../report/units.js';
import type { Text } from '../plugin/text.js';
import { text } from '../plugin/text.js';

/** Documents are small command outputs and config files; past this only the start is kept (budget.ts). */
export { MAX_DOCUMENT_BYTES } from './budget.js';
const UNUSED_SAMPLE = 20;
/** Inputs whose presence says the archive comes from a LifeKeeper node. */
const LIFEKEEPER_INPUTS: readonly InputId[] = [
  'lifekeeper-log', 'lifekeeper-defaults', 'lcdstatus', 'lcdstatus-q', 'lcdstatus-e', 'ins-list', 'eqv-list', 'flg-list',
];

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

interface Collected {
  documents: Document[];
  listed: ListedMember[];
  read: ReadMember[];
  skipped: SkippedMember[];
  /** Members past MAX_RECORDED_MEMBERS in each list: counted, not listed. */
  unlisted: { read: number; listed: number; skipped: number };
  /** Document memory taken from the budget, given back once the node is analyzed. */
  held: number;
  streamedPaths: Map<InputId, string[]>;
  unused: { count: number; bytes: number; sample: string[] };
  total: number;
  newestMtime: Date | null;
  topDirs: Set<string>;
}

function plausible(d: Date | null, now: Date): Date | null {
  if (!d) return null;
  const t = d.getTime();
  return t > Date.UTC(2000, 0, 1) && t < now.getTime() + 86_400_000 ? d : null;
}

const skip = (path: string, bytes: number, code: SkippedMember['code'], reason: Text): SkippedMember => ({ path, bytes, code, reason });

/** Watchers per input, with crash containment: a throwing watcher is switched off and named. */
class WatchSet {
  readonly states = new Map<string, unknown>();
  readonly failures = new Map<string, string>();
  constructor(
    private readonly analyzers: readonly AnyAnalyzer[],
    private readonly wctx: WatchContext,
  ) {
    for (const a of analyzers) if (a.watch) this.states.set(a.meta.id, a.watch.init());
  }

  consumersFor(input: InputId): LineConsumer[] {
    const out: LineConsumer[] = [];
    for (const a of this.analyzers) {
      const w = a.watch;
      if (!w || !w.inputs.includes(input)) continue;
      const id = a.meta.id;
      // The state and the watcher's health held in the closure: two map lookups per line and watcher
      // were a few percent of an event-heavy log, where every third line goes to four to six watchers.
      const state = this.states.get(id);
      const wctx = this.wctx;
      const failures = this.failures;
      out.push({
        keywords: keywordsFor(w, input)?.map((k) => Buffer.from(k, 'latin1')) ?? null,
        onLine: (line: SourceLine) => {
          if (failures.size > 0 && failures.has(id)) return;
          try {
            w.onLine(state, line, wctx);
          } catch (err) {
            failures.set(id, `${err instanceof Error ? err.message : String(err)} (at ${line.member.path}:${line.line})`);
          }
        },
      });
    }
    return out;
  }
}

function describeInput(spec: InputSpec): string {
  return spec.id;
}

class MemberCollector implements ArchiveVisitor {
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
    private readonly watches: WatchSet,
    private readonly now: Date,
    private readonly budget: Budget,
    /** Set on a top-level archive: how to read a node archive found inside it (one level deep, no more). */
    private readonly nested: ((h: MemberHeader, content: Readable) => Promise<void>) | null = null,
  ) {}

  /** Lists a skipped member, or counts it past MAX_RECORDED_MEMBERS. */
  private skipped(m: SkippedMember): void {
    if (this.c.skipped.length < MAX_RECORDED_MEMBERS) this.c.skipped.push(m);
    else this.c.unlisted.skipped++;
  }

  private recordRead(m: ReadMember): void {
    if (this.c.read.length < MAX_RECORDED_MEMBERS) this.c.read.push(m);
    else this.c.unlisted.read++;
  }

  openArchive(h: MemberHeader): ((content: Readable) => Promise<void>) | null {
    const nested = this.nested;
    if (!nested || h.type !== 'file' || h.pathProblem || !NESTED_ARCHIVE_NAME.test(h.path)) return null;
    this.c.total++;
    if (!this.budget.nestedArchive(h.path)) {
      const n = this.budget.limits.maxNestedArchives;
      this.skipped(skip(h.path, h.size, 'over-budget', text(
        `a node archive past the first ${n} in this container (the limit for one input): not read`,
        `このコンテナ内で上限 ${n} 個(1 入力あたり)を超えるノードアーカイブのため読み込んでいません`,
      )));
      // Drained unread by the archive reader.
      return () => Promise.resolve();
    }
    return (content) => nested(h, content);
  }

  open(h: MemberHeader): MemberSink | null {
    this.c.total++;
    const mtime = plausible(h.mtime, this.now);
    if (mtime && (!this.c.newestMtime || mtime > this.c.newestMtime)) this.c.newestMtime = mtime;
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
    const scanner = new LineScanner(member, this.watches.consumersFor(spec.id), true, () => this.budget.examine());
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
      end: (problem) => {
        if (binary) {
          this.skipped(this.binarySkip(h, spec.id));
          return;
        }
        scanner.end();
        const paths = this.c.streamedPaths.get(spec.id) ?? [];
        paths.push(h.path);
        this.c.streamedPaths.set(spec.id, paths);
        this.recordRead({
          path: h.path,
          input: spec.id,
          bytes: scanner.stats.bytes,
          lines: scanner.stats.lines,
          encodings: [...scanner.stats.encodings].sort(),
          truncatedLines: scanner.stats.truncatedLines,
          problem: problem ?? (scanner.stats.unexamined > 0 ? this.unexaminedProblem(scanner.stats.unexamined) : null),
        });
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
      end: (problem) => {
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
          ) : null),
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

/** Unread lines shown per member; the rest are counted. */
const UNREAD_SHOWN = 5;
/** Line indexes remembered per member to count each once when several analyzers parse it; past this they are counted as given. */
const UNREAD_KEPT = 50_000;

/** The lines of each document that its parsers could not use, each counted once however many analyzers report it. */
class UnreadLines {
  private readonly byPath = new Map<string, { doc: Document; lines: Set<number>; beyond: number }>();

  add(doc: Document, lineIndexes: Iterable<number>): void {
    let entry = this.byPath.get(doc.path);
    if (!entry) {
      entry = { doc, lines: new Set(), beyond: 0 };
      this.byPath.set(doc.path, entry);
    }
    for (const i of lineIndexes) {
      if (!Number.isInteger(i) || i < 0 || i >= doc.lines.length) continue;
      if (entry.lines.size < UNREAD_KEPT) entry.lines.add(i);
      else if (!entry.lines.has(i)) entry.beyond++;
    }
  }

  /** Adds each member's count and first lines to its record. */
  annotate(read: ReadMember[]): void {
    for (const member of read) {
      const entry = this.byPath.get(member.path);
      if (!entry || entry.lines.size === 0) continue;
      const first = [...entry.lines].sort((a, b) => a - b).slice(0, UNREAD_SHOWN);
      member.unread = {
        lines: entry.lines.size + entry.beyond,
        first: first.map((i) => ({ path: entry.doc.path, line: i + 1, text: clipLine(entry.doc.lines[i] ?? '') })),
      };
    }
  }
}

function orderAnalyzers(analyzers: readonly AnyAnalyzer[]): AnyAnalyzer[] {
  const facts = analyzers.filter((a) => a.meta.kind === 'fact');
  const rules = analyzers.filter((a) => a.meta.kind === 'rule');
  const provider = new Map(facts.map((a) => [a.meta.id, a]));
  const ordered: AnyAnalyzer[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (a: AnyAnalyzer): void => {
    const s = state.get(a.meta.id);
    if (s === 'done') return;
    if (s === 'visiting') throw new Error(`analyzers need each other in a cycle through ${a.meta.id}`);
    state.set(a.meta.id, 'visiting');
    for (const need of [...(a.meta.needs ?? []), ...(a.meta.uses ?? [])]) {
      const p = provider.get(need);
      if (p) visit(p);
    }
    state.set(a.meta.id, 'done');
    ordered.push(a);
  };
  facts.forEach(visit);
  return [...ordered, ...rules];
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** A node archive inside a container is named by its path there, as `ticket.zip » node1.tar.gz`. */
const NESTED_ARCHIVE_NAME = NESTED_ARCHIVE_PATTERN;

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
  const nested: ArchiveAnalysis[] = [];
  // One account for everything read from this file: its members and the archives inside it share it.
  const budget = new Budget(options.limits);
  const bounds = { ...(options.signal ? { signal: options.signal } : {}), budget };
  const readInner = async (h: MemberHeader, content: Readable): Promise<void> => {
    const label = `${file} » ${h.path}`;
    const prefix = `${h.path} » `;
    nested.push(await analyzeSource(label, (visitor) => readNestedArchive(content, h.path, options.tee ? options.tee(visitor, prefix) : visitor, { ...bounds, bytes: h.size }), options, budget, null));
  };
  if (typeof input === 'string' && await isZipFile(input)) return analyzeZip(input, readInner, nested, options, budget);
  const reading = { ...bounds, onProgress: (p: Progress) => options.onProgress?.(file, p) };
  const outer = await analyzeSource(file, (collector) => {
    const visitor = options.tee ? options.tee(collector, '') : collector;
    return typeof input === 'string' ? readArchive(input, visitor, reading) : readArchiveStream(input, visitor, reading);
  }, options, budget, readInner);
  // A bound reached inside (in an archive within this one) ended this read too, even where its own stream had already passed.
  if (!outer.archive.problem && budget.exhausted) {
    outer.archive.problem = budget.exhausted;
    outer.archive.status = 'partial';
    outer.node?.notes.push(budget.exhausted);
  }
  const keepOuter = outer.node?.recognized === true;
  // Tarballs inside a node's own archive are not nodes; inside a container,
  // an inner archive that could not be read is listed with its reason.
  const recognized = nested.filter((n) => n.node?.recognized);
  const inner = nested.filter((n) => n.node?.recognized || n.archive.status !== 'read');
  if (inner.length === 0 || (keepOuter && recognized.length === 0)) return outer;
  // The container's own record names the node archives it did not read (its node, where they are listed, may not be kept).
  const refused = budget.refusedNestedReason();
  const problem = outer.archive.problem && refused ? text(`${outer.archive.problem.en}; ${refused.en}`, `${outer.archive.problem.ja}。${refused.ja}`) : outer.archive.problem ?? refused;
  return {
    archive: { ...outer.archive, node: null, problem, status: problem ? 'partial' : outer.archive.status },
    node: keepOuter ? outer.node : null,
    findings: keepOuter ? outer.findings : [],
    nested: inner,
  };
}

/** A zip is only ever a container: what it holds besides node archives is not read. */
async function analyzeZip(
  file: string,
  readInner: (h: MemberHeader, content: Readable) => Promise<void>,
  nested: ArchiveAnalysis[],
  options: AnalyzeOptions,
  budget: Budget,
): Promise<ArchiveAnalysis> {
  const record = (status: ArchiveRecord['status'], bytes: number | null, problem: Text | null): ArchiveRecord => ({ file, bytes, format: 'zip', status, problem, node: null });
  let bytesRead = 0;
  try {
    const result = await readZipContainer(file, (path) => NESTED_ARCHIVE_NAME.test(path), async (h, content) => {
      options.onProgress?.(file, { bytesRead, totalBytes: h.size, member: h.path });
      await readInner(h, content);
      bytesRead += h.size;
    }, budget, options.signal);
    const inner = nested.filter((n) => n.node?.recognized || n.archive.status !== 'read');
    if (inner.length === 0) {
      const none = result.unreadable > 0 ? text(
        'it is a zip, and none of the lksupport archives in it could be read',
        'zip ですが、含まれる lksupport アーカイブをどれも読めませんでした',
      ) : text(
        'it is a zip that holds no lksupport archive (.tar.gz, .tgz or .tar)',
        'lksupport アーカイブ (.tar.gz, .tgz, .tar) を含まない zip です',
      );
      const problem = result.problem ? text(`${none.en}; ${result.problem.en}`, `${none.ja}。${result.problem.ja}`) : none;
      return { archive: record('unreadable', result.bytes, problem), node: null, findings: [], nested: [] };
    }
    // Entries refused or past the budget make the container partly read, and say which.
    return { archive: record(result.problem ? 'partial' : 'read', result.bytes, result.problem), node: null, findings: [], nested: inner };
  } catch (err) {
    if (!(err instanceof ArchiveError) || err.code === 'cancelled') throw err;
    return { archive: record(nested.length > 0 ? 'partial' : 'unreadable', null, err.reason), node: null, findings: [], nested };
  }
}

async function analyzeSource(
  file: string,
  read: (visitor: ArchiveVisitor) => Promise<ArchiveReadResult>,
  options: AnalyzeOptions,
  budget: Budget,
  nested: ((h: MemberHeader, content: Readable) => Promise<void>) | null,
): Promise<ArchiveAnalysis> {
  const now = options.now ?? new Date();
  let collector: MemberCollector | null = null;
  // The scanner hands one line to all its watchers in turn: the last line parsed is the one asked for again.
  // (A WeakMap of every line parsed, as this was, cost a tenth of an event-heavy log in its lookups and the
  // collector's work on its entries.)
  let lastLine: SourceLine | null = null;
  let lastParsed: LogLine | null = null;
  const referenceTime = (line: SourceLine): Date => line.member.mtime ?? collector?.c.newestMtime ?? now;
  const wctx: WatchContext = {
    referenceTime,
    parse: (line) => {
      if (line !== lastLine) {
        lastParsed = parseAnyLogLine(line.text, referenceTime(line));
        lastLine = line;
      }
      return lastParsed;
    },
  };
  const watches = new WatchSet(options.analyzers, wctx);
  collector = new MemberCollector(watches, now, budget, nested);
  let format: ArchiveRecord['format'] = null;
  let problem: Text | null = null;
  let bytes: number | null = null;
  let readNotes: Text[] = [];
  try {
    const result = await read(collector);
    format = result.format;
    problem = result.problem;
    readNotes = result.notes;
    bytes = result.bytes;
  } catch (err) {
    budget.release(collector.c.held);
    if (err instanceof ArchiveError) {
      if (err.code === 'cancelled') throw err;
      return { archive: { file, bytes: null, format: null, status: 'unreadable', problem: err.reason, node: null }, node: null, findings: [], nested: [] };
    }
    throw err;
  }
  const c = collector.c;
  const archive: ArchiveInfo = { file, newestMtime: c.newestMtime, topDirectory: topDirectory(c.topDirs) };
  let analyzed: { node: NodeReport; findings: Finding[] };
  try {
    analyzed = runAnalyzers(options.analyzers, c, watches, archive, options.facts ?? {});
  } finally {
    // The documents are let go with the collector: their room is free for the next archive inside this one.
    budget.release(c.held);
  }
  const { node, findings } = analyzed;
  node.notes.push(...collector.unlistedNotes());
  if (problem) node.notes.push(problem);
  // Bytes passed over without loss (trailing garbage): the archive was read whole, and the node says what was ignored.
  node.notes.push(...readNotes);
  return {
    archive: { file, bytes, format, status: problem ? 'partial' : 'read', problem, node: null },
    node,
    findings,
    nested: [],
  };
}

function runAnalyzers(
  analyzers: readonly AnyAnalyzer[],
  c: Collected,
  watches: WatchSet,
  archive: ArchiveInfo,
  given: Readonly<Record<string, unknown>>,
): { node: NodeReport; findings: Finding[] } {
  const facts = new Map<string, unknown>(Object.entries(given));
  const statuses: AnalyzerStatus[] = [];
  const drafts: Array<{ analyzer: AnyAnalyzer; finding: Omit<Finding, 'node'> }> = [];
  const evidence = (line: SourceLine): Evidence => (evidenceOf(line));
  const unread = new UnreadLines();
  const foreign: Text[] = [];

  for (const a of orderAnalyzers(analyzers)) {
    const status: AnalyzerStatus = { id: a.meta.id, kind: a.meta.kind, version: a.meta.version, status: 'ran', reason: null };
    statuses.push(status);
    const watchFailure = watches.failures.get(a.meta.id);
    if (watchFailure) {
      status.status = 'failed';
      status.reason = text(`the analyzer failed while reading logs: ${watchFailure}`, `ログの読み込み中に解析プラグインが失敗しました: ${watchFailure}`);
      continue;
    }
    const missing = (a.meta.needs ?? []).filter((k) => !facts.has(k));
    if (missing.length > 0) {
      status.status = 'not-checked';
      status.reason = text(`needs ${missing.join(', ')}, which could not be determined`, `${missing.map((k) => `「${analyzers.find((x) => x.meta.id === k)?.meta.title.ja ?? k}」`).join('、')}を特定できなかったため確認していません`);
      continue;
    }
    const mine: Omit<Finding, 'node'>[] = [];
    const ctx: RunContext<unknown> = {
      archive,
      documents: (input) => c.documents.filter((d) => d.input === input),
      listed: (input) => c.listed.filter((m) => m.input === input),
      streamed: (input) => c.streamedPaths.get(input) ?? [],
      fact: <K extends FactId>(id: K) => facts.get(id) as Facts[K] | undefined,
      watched: watches.states.get(a.meta.id),
      evidence,
      note: (reason) => {
        // Every note is kept: an analyzer may leave out several things.
        status.reason = status.reason ? text(`${status.reason.en}; ${reason.en}`, `${status.reason.ja}。${reason.ja}`) : reason;
      },
      unread: (doc, lineIndexes) => unread.add(doc, lineIndexes),
      foreign: (reason) => {
        if (!foreign.some((r) => r.en === reason.en)) foreign.push(reason);
      },
      report: (f) => {
        mine.push({
          ...f,
          id: a.meta.id,
          severity: f.severity ?? a.meta.severity ?? 'info',
          references: [...(f.references ?? a.meta.references ?? [])],
          // Every built-in rule declares its one-line remedy (analyzers/meta.test.ts); a rule defined elsewhere without one shows its remediation.
          action: f.action ?? a.meta.action ?? f.remediation,
        });
      },
    };
    try {
      const result = a.run(ctx);
      if (isNotChecked(result)) {
        status.status = 'not-checked';
        status.reason = result.notChecked;
        continue;
      }
      if (a.meta.kind === 'fact' && result !== undefined) facts.set(a.meta.id, result);
      const bare = mine.find((f) => f.evidence.length === 0);
      if (bare) throw new Error(`reported "${bare.title.en}" without evidence`);
      for (const finding of mine) drafts.push({ analyzer: a, finding });
    } catch (err) {
      status.status = 'failed';
      status.reason = text(`the analyzer failed: ${errorText(err)}`, `解析プラグインが失敗しました: ${errorText(err)}`);
    }
  }

  const identity = facts.get('node-identity') as { hostname?: string | null; collectedAt?: string | null } | undefined;
  const hostname = identity?.hostname ?? null;
  const nodeName = hostname ?? archive.file.replace(/^.*[/\\]/, '');
  const findings = drafts.map(({ finding }) => ({ ...finding, node: nodeName }));
  settleFacts(analyzers, statuses, findings, (id) => facts.get(id), (id, fact) => (fact === undefined ? facts.delete(id) : facts.set(id, fact)));
  const recognized = foreign.length === 0 && (LIFEKEEPER_INPUTS.some((i) => c.documents.some((d) => d.input === i) || c.streamedPaths.has(i)) ||
    Boolean((facts.get('lifekeeper-version') as { version?: string | null } | undefined)?.version));
  const notes: Text[] = [...foreign];
  if (!recognized && foreign.length === 0) {
    notes.push(text(
      'This does not look like an lksupport archive: no lifekeeper.log, lcdstatus, /etc/default/LifeKeeper or LifeKeeper package was found in it.',
      'lksupport のアーカイブではないようです: lifekeeper.log、lcdstatus、/etc/default/LifeKeeper、LifeKeeper パッケージのいずれも見つかりません。',
    ));
  }
  unread.annotate(c.read);
  const node: NodeReport = {
    archive: archive.file,
    hostname,
    collectedAt: identity?.collectedAt ?? null,
    recognized,
    notes,
    members: {
      read: c.read,
      listed: c.listed.map((m) => ({ path: m.path, input: m.input, bytes: m.size })),
      skipped: c.skipped,
      unused: c.unused,
      total: c.total,
    },
    analyzers: statuses,
  };
  // Each fact under its analyzer's id: the fact analyzers' own types say what each holds (plugin/facts.ts).
  const slots = node as NodeReport & Record<string, unknown>;
  for (const [id, value] of facts) if (!(id in slots)) slots[id] = value;
  return { node, findings };
}

/**
 * Gives the facts that read findings (which log messages a rule explains)
 * the findings on their node, once every rule has run: what they make of
 * them does not depend on the order of the rules. A fact whose analyzer
 * throws here is dropped (half-updated, it would say what is not so), and
 * the analyzer is marked failed.
 */
function settleFacts(
  analyzers: readonly AnyAnalyzer[],
  statuses: AnalyzerStatus[],
  findings: readonly Finding[],
  get: (id: string) => unknown,
  set: (id: string, fact: unknown) => void,
): void {
  for (const a of analyzers) {
    const status = statuses.find((s) => s.id === a.meta.id);
    if (!a.afterFindings || a.meta.kind !== 'fact' || status?.status !== 'ran' || get(a.meta.id) === undefined) continue;
    try {
      set(a.meta.id, a.afterFindings(get(a.meta.id), findings));
    } catch (err) {
      set(a.meta.id, undefined);
      status.status = 'failed';
      status.reason = text(`the analyzer failed after the rules: ${errorText(err)}`, `ルールの実行後に解析プラグインが失敗しました: ${errorText(err)}`);
    }
  }
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
