// The bounds of one analysis, in one place: what reading an archive given to
// the analyzer may cost in work, memory and report size, whatever it holds
// (issue 14). Each cut is named in the report as what was not read and why.
import { formatBytes } from '../report/units.js';
import type { Text } from '../plugin/text.js';
import { text } from '../plugin/text.js';

const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;

/**
 * Inflated bytes across everything read from one archive given: its own gzip
 * stream, its .gz members, the archives inside it and the entries of a zip.
 * Each of those had its own bound, so a 355 KB archive of seventeen 4 GiB .gz
 * logs inflated 68 GiB for 100 s. Reading a log inflates and scans at 0.35 to
 * 0.7 GiB/s on a 2-core machine (16 GiB of that bomb took 43 s here), so 8 GiB
 * keeps any archive's reading well under a minute; it is 1.8 times the
 * largest archive we bench (3.2 GB of tar and 1.6 GB of rotated .gz logs).
 */
export const MAX_INFLATED_BYTES = 8 * GiB;

/**
 * Bytes of logs and documents read (handed to the analyzers, ls, cat, grep
 * or the log view, decompressed) for each byte of the file given, in all:
 * its members, its rotated logs and those of the archives inside it. Deflate
 * cannot make more than 1,032 bytes of one (a length of 258 in two bits),
 * and a real archive's logs are compressed once: a rotated log's gzip, or a
 * node archive inside a ticket's, stays about its size in the gzip around
 * it. Only compressed text compressed again, a bomb's trick, is read past
 * this: a 5 KB tar.gz of sixteen nested archives of a 1 GiB rotated log took
 * 12 s of CPU to reach the 8 GiB bound. Data passed over unread (a core
 * file) is not counted here: a core of zeros compresses 1,028 times, and
 * its gzip again 240 times inside a ticket's tar.gz, so a real archive may
 * hold far more of it; MAX_INFLATED_BYTES bounds that.
 */
export const MAX_READ_RATIO = 1100;

/** The ratio's floor: any file may have this much read from it (about half a second of reading). */
export const MIN_READ_BYTES = 256 * MiB;

/**
 * Log lines handed to analyzers (the lines holding one of their keywords:
 * decoded, parsed and folded into facts) from one archive. Such a line costs
 * 15 to 30 µs, against nanoseconds for a line no analyzer wants: a 7.6 KB
 * archive of 1 GiB of lkscsid start lines (12 million of them) took 213 s.
 * The event-heavy bench archive (400 MB of logs, a third of lifekeeper.log's
 * lines events) hands over 333,000, the large one 2,000. Past 500,000 (about
 * 9 s; with the rest of the inflate budget read as lines no one wants, an
 * archive still ends in about 30 s) the rest is counted, not examined, and
 * each log says how many.
 */
export const MAX_EXAMINED_LINES = 500_000;

/** Inflated bytes of one .gz member: a rotated log is tens of MB; past this it is a bomb, and the archive's other members still get their share. */
export const MAX_MEMBER_INFLATED_BYTES = 4 * GiB;

/** One document (command output, config file) held whole; past this only its start is kept. */
export const MAX_DOCUMENT_BYTES = 16 * MiB;

/**
 * What all documents of one archive may hold in memory at once, counted as
 * their bytes plus DOCUMENT_LINE_COST per line. Documents were bounded one by
 * one only: thirty 16 MiB `rpm -qa` members of 3-byte lines (a 0.5 MB
 * download) took 4.6 GB of heap. A real lksupport archive's documents add up
 * to a few MB (rpm -qa is about 100 KB); a document past the budget is
 * skipped whole with a reason, never cut silently.
 */
export const MAX_DOCUMENT_HELD_BYTES = 64 * MiB;

/**
 * Memory of one line of a held document beyond its bytes: a V8 string header,
 * its slot in the lines array, and the parsers' per-line work. A 16 MiB
 * document of 3-byte lines is 5.6 million strings; counted by bytes alone it
 * looked like 16 MiB and took 300 MB.
 */
export const DOCUMENT_LINE_COST = 40;

/**
 * Members (tar entries, zip entries, those of archives inside) of one archive
 * given. A real lksupport archive has tens of thousands; each member costs a
 * header parse and a classification (about 10 µs), so this is about 5 s of
 * work, and a tar of empty entries is 1 KiB a member even before gzip.
 */
export const MAX_MEMBERS = 500_000;

/**
 * Node archives read inside one container (a ticket's tar or zip). A cluster
 * has 2 to 8 nodes, and a ticket may carry several collections of each; a zip
 * whose 65,535 entries all pointed at one archive made 65,535 nodes, 3.2 GB of
 * memory and a 1.8 GB report.
 */
export const MAX_NESTED_ARCHIVES = 64;

/**
 * lksupport trees told apart in one archive (run/trees.ts: a ticket's zip of
 * several nodes' extracted trees), each a node with its watchers and
 * documents; as for node archives, a cluster has 2 to 8 nodes. Past it, the
 * files of further trees are read with the first tree's node, which says so.
 */
export const MAX_TREES = 64;

/**
 * Levels of archives inside the archive given that are opened: 1 is a node
 * archive in a ticket's zip or tar, 2 a node archive in a tar.gz in a zip (a
 * ticket zip holding the tar.gz of several nodes, or a case folder tarred
 * again), 3 one more wrapping. An archive deeper than this is listed, with
 * "not opened: nested deeper than 3 levels", and not read. One bound for
 * every reader: the analysis, `lkanalyze ls|cat|grep`, and the app's Members
 * view and search (archive/nesting.ts decides). Each level is a stream of its
 * own (an inflater and a 1 MiB buffer), so the depth bounds memory; the
 * budget around them bounds the work.
 */
export const MAX_NESTING_DEPTH = 3;

/** Why an archive inside is not opened: nested deeper than MAX_NESTING_DEPTH. */
export function tooDeepReason(): Text {
  return text(
    `not opened: nested deeper than ${MAX_NESTING_DEPTH} levels`,
    `開いていません: 入れ子が ${MAX_NESTING_DEPTH} 階層を超えています`,
  );
}

/** Why an archive inside is not opened: past MAX_NESTED_ARCHIVES in one input. */
export function tooManyReason(max: number): Text {
  return text(
    `not opened: past the first ${max} archives inside this input (the limit for one input)`,
    `開いていません: この入力内のアーカイブが上限 ${max} 個(1 入力あたり)を超えています`,
  );
}

/** A member path longer than Linux's PATH_MAX is no file of a real system: recorded (shortened), not read. */
export const MAX_PATH_CHARS = 4096;

/**
 * Characters of a link target or an untrusted path shown in the report: a
 * tar allows 4 MiB targets, and 100 of them made a 0.4 MB archive fail with
 * "Invalid string length" at 3 GB. 256 shows any real target whole.
 */
export const MAX_SHOWN_NAME_CHARS = 256;

/**
 * Bytes of one line shown as evidence or event text; the cut is marked
 * "… (+N bytes)". Lines are read up to 64 KiB (MAX_LINE_BYTES) so parsers see
 * them whole, but 5,000 events of 64 KiB lines made a 614 MB report that
 * `serve` could not send. A LifeKeeper log line is under 300 bytes.
 */
export const MAX_SHOWN_LINE_BYTES = 2 * KiB;

/**
 * Entries of each member list of a node's report (read, listed, skipped)
 * given one by one; past this they are counted in a note. A list of 500,000
 * skipped links would be 150 MB of report and says nothing more than its count.
 */
export const MAX_RECORDED_MEMBERS = 5000;

/**
 * Levels of a resource tree. LifeKeeper hierarchies are a handful of levels
 * deep (IP or application over file system over mirror over disk); a chain
 * 2,000 deep broke the recursive JSON writer and the HTML export. Deeper
 * resources start a tree of their own, with a note.
 */
export const MAX_TREE_DEPTH = 64;

/**
 * Resources of one node's hierarchy fact, and comm paths of its comm-paths
 * fact. A node has tens of resources and a few comm paths per peer; each is
 * 1 to 2 KB of report with its evidence, and a document within its budget can
 * list hundreds of thousands (50,000 comm paths to one peer made an 84 MB
 * report). Past these, the rest are counted in a note.
 */
export const MAX_RESOURCES = 5000;
export const MAX_COMM_PATHS = 1000;

/** Evidence lines kept for one resource or comm path: one per status form that shows it; a document repeating a row a million times adds nothing. */
export const MAX_EVIDENCE_PER_ITEM = 4;

/**
 * The changes section (engine/changes/): changes listed for one pair of
 * archives of a node, events between their collections, and rows of a
 * cluster's side-by-side table. Past these, the rest are counted.
 */
export const MAX_CHANGES_PER_PAIR = 2000;
/** Packages of one archive's `rpm -qa` (a server has one to three thousand): past it, the rest are counted. */
export const MAX_PACKAGES = 20_000;
export const MAX_EVENTS_BETWEEN = 500;
export const MAX_SIDE_BY_SIDE_ROWS = 5000;

/** Equivalencies of one resource: one per resource on another node, and a cluster has at most 32 nodes. */
export const MAX_EQUIVALENCIES = 64;

/**
 * Message ids listed by the lifekeeper-messages fact on one node. A node logs
 * tens of distinct EMERG/FATAL/ERROR/WARN ids in a year; each entry is about
 * 1 KB of report with its line and context. Past this the lines of further
 * ids are counted, and how many ids they were, in a note.
 */
export const MAX_MESSAGE_IDS = 200;

/** The limits of one read, each overridable (tests use smaller ones to keep their archives small). */
export interface Limits {
  /** Inflated bytes of everything read from the archive (see MAX_INFLATED_BYTES). */
  maxArchiveInflated: number;
  /** Bytes of logs and documents read per byte of the file given, and the floor of that bound (see MAX_READ_RATIO). */
  maxReadRatio: number;
  minReadBytes: number;
  /** Inflated bytes of one gzip member inside the tar before it is cut off. */
  maxMemberInflated: number;
  maxDocumentBytes: number;
  maxDocumentHeld: number;
  maxMembers: number;
  maxNestedArchives: number;
  maxExaminedLines: number;
}

export const DEFAULT_LIMITS: Limits = {
  maxArchiveInflated: MAX_INFLATED_BYTES,
  maxReadRatio: MAX_READ_RATIO,
  minReadBytes: MIN_READ_BYTES,
  maxMemberInflated: MAX_MEMBER_INFLATED_BYTES,
  maxDocumentBytes: MAX_DOCUMENT_BYTES,
  maxDocumentHeld: MAX_DOCUMENT_HELD_BYTES,
  maxMembers: MAX_MEMBERS,
  maxNestedArchives: MAX_NESTED_ARCHIVES,
  maxExaminedLines: MAX_EXAMINED_LINES,
};

/**
 * The running account of one archive given (its members, nested archives and
 * zip entries share it): every reader charges it and stops, saying why, when
 * a bound is passed. One archive, not one command line: each archive a user
 * gives is read whole within its own budget (ten 5 GB nodes of one ticket are
 * ten budgets), while anything inside it, however it multiplies itself,
 * shares one.
 */
export class Budget {
  readonly limits: Limits;
  inflated = 0;
  held = 0;
  members = 0;
  nested = 0;
  examined = 0;
  /** Why reading stopped, once a bound that ends the whole read was passed. */
  exhausted: Text | null = null;

  /** Bytes of logs and documents read (read()), and their bound: none until forFile gives the file's size. */
  readBytes = 0;
  readCap = Number.POSITIVE_INFINITY;
  /** The size of the file given (forFile). */
  private fileBytes: number | null = null;

  constructor(limits: Partial<Limits> = {}) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
  }

  /**
   * The size of the file given (the archive, the zip, or what standard input
   * holds when its size is known): the logs and documents read from it, in
   * all, are at most maxReadRatio times that, and never bounded under
   * minReadBytes. Only lowers the bound; the archives inside do not call it.
   */
  forFile(bytes: number): void {
    const cap = Math.max(this.limits.minReadBytes, Math.ceil(bytes * this.limits.maxReadRatio));
    if (cap >= this.readCap) return;
    this.readCap = cap;
    this.fileBytes = bytes;
  }

  /** Charges inflated bytes; false (and `exhausted` set) once past the bound. */
  inflate(bytes: number): boolean {
    this.inflated += bytes;
    if (this.inflated <= this.limits.maxArchiveInflated) return true;
    this.exhausted ??= inflateLimitReason(this.limits.maxArchiveInflated);
    return false;
  }

  /** Charges bytes of a log or document read; false (and `exhausted` set) once past the file's bound (forFile). */
  read(bytes: number): boolean {
    this.readBytes += bytes;
    if (this.readBytes <= this.readCap) return true;
    this.exhausted ??= readLimitReason(this.readCap, this.fileBytes ?? 0, this.limits.maxReadRatio);
    return false;
  }

  /** What a member where a bound ended the read says: the bound, and that the rest of it and of the archive was not read. */
  usedUpHere(): Text {
    const why = this.exhausted ?? inflateLimitReason(this.limits.maxArchiveInflated);
    return text(
      `the archive's budget was used up here (${why.en.replace(/; the rest was not analyzed$/, '')}); the rest of this member and of the archive was not read`,
      `アーカイブ全体の上限にここで達しました(${why.ja.replace(/。残りは解析していません$/, '')})。このメンバーとアーカイブの残りは読んでいません`,
    );
  }

  /** Counts a member; false (and `exhausted` set) once past the bound. */
  member(): boolean {
    this.members++;
    if (this.members <= this.limits.maxMembers) return true;
    this.exhausted ??= text(
      `reading stopped after ${this.limits.maxMembers.toLocaleString('en-US')} members (the limit for one archive, the archives inside it included); the rest was not analyzed`,
      `メンバー数が上限 ${this.limits.maxMembers.toLocaleString('en-US')}(内部のアーカイブを含む 1 アーカイブあたり)に達したため読み込みを中止しました。残りは解析していません`,
    );
    return false;
  }

  /** Counts a line handed to analyzers; false past the bound (the scanners then only count lines). */
  examine(): boolean {
    if (this.examined >= this.limits.maxExaminedLines) return false;
    this.examined++;
    return true;
  }

  /** Node archives inside refused past maxNestedArchives: how many, and the first few names. */
  readonly refusedNested: { count: number; names: string[] } = { count: 0, names: [] };

  /** Takes room for a nested archive; false past the bound (the archive is then not read, and named in refusedNested). */
  nestedArchive(path = ''): boolean {
    if (this.nested < this.limits.maxNestedArchives) {
      this.nested++;
      return true;
    }
    if (++this.refusedNested.count <= 3) this.refusedNested.names.push(clipName(path));
    return false;
  }

  /** Archives inside nested deeper than MAX_NESTING_DEPTH, not opened: how many, and the first few names. */
  readonly tooDeep: { count: number; names: string[] } = { count: 0, names: [] };

  /** Records an archive inside that is not opened for its depth (`path`: its name after those of the archives around it). */
  nestedTooDeep(path: string): void {
    if (++this.tooDeep.count <= 3) this.tooDeep.names.push(clipName(path));
  }

  /** What the container's record says of the archives inside it that it did not read, or null. */
  refusedNestedReason(): Text | null {
    const parts: Text[] = [];
    const listed = ({ count, names }: { count: number; names: string[] }): Text => text(
      `${names.join(', ')}${count > names.length ? `, and ${count - names.length} more` : ''}`,
      `${names.join(', ')}${count > names.length ? ` ほか ${count - names.length} 個` : ''}`,
    );
    if (this.refusedNested.count > 0) {
      const { count } = this.refusedNested;
      const n = this.limits.maxNestedArchives;
      const list = listed(this.refusedNested);
      parts.push(text(
        `${count} node archive(s) past the first ${n} (the limit for one input): not read (${list.en})`,
        `上限 ${n} 個(1 入力あたり)を超えるノードアーカイブ ${count} 個は読み込んでいません (${list.ja})`,
      ));
    }
    if (this.tooDeep.count > 0) {
      const { count } = this.tooDeep;
      const list = listed(this.tooDeep);
      parts.push(text(
        `${count} archive(s) inside nested deeper than ${MAX_NESTING_DEPTH} levels: not opened (${list.en})`,
        `入れ子が ${MAX_NESTING_DEPTH} 階層を超える内部のアーカイブ ${count} 個は開いていません (${list.ja})`,
      ));
    }
    if (parts.length === 0) return null;
    return text(parts.map((p) => p.en).join('; '), parts.map((p) => p.ja).join('。'));
  }

  /** Takes room for document memory; false when it does not fit (nothing is taken then). */
  hold(cost: number): boolean {
    if (this.held + cost > this.limits.maxDocumentHeld) return false;
    this.held += cost;
    return true;
  }

  /** Whether `cost` more would fit, without taking it. */
  fits(cost: number): boolean {
    return this.held + cost <= this.limits.maxDocumentHeld;
  }

  /** Takes room unconditionally (a few bytes found after the fact). */
  take(cost: number): void {
    this.held += cost;
  }

  release(cost: number): void {
    this.held = Math.max(0, this.held - cost);
  }
}

export function inflateLimitReason(limit: number): Text {
  const size = formatBytes(limit);
  return text(
    `reading stopped after ${size} of decompressed data across the archive, its compressed members and the archives inside it (the limit against gzip bombs); the rest was not analyzed`,
    `アーカイブ本体・圧縮メンバー・内部のアーカイブを合わせた展開後のデータが上限 ${size}(gzip 爆弾対策)に達したため読み込みを中止しました。残りは解析していません`,
  );
}

/** Why reading stopped at the file's bound of logs and documents read (MAX_READ_RATIO). */
export function readLimitReason(limit: number, fileBytes: number, ratio: number): Text {
  const size = formatBytes(limit);
  const file = formatBytes(fileBytes);
  const times = ratio.toLocaleString('en-US');
  return text(
    `reading stopped after ${size} of logs and documents, decompressed data across the archive, its compressed members and the archives inside it (the limit against gzip bombs for a file of ${file}: logs compressed once are at most about ${times} times their compressed size); the rest was not analyzed`,
    `アーカイブ本体・圧縮メンバー・内部のアーカイブから展開したログと文書が上限 ${size} に達したため読み込みを中止しました(${file} のファイルに対する gzip 爆弾対策の上限です。一度だけ圧縮されたログは、展開しても圧縮後のサイズの約 ${times} 倍にしかなりません)。残りは解析していません`,
  );
}

/** The memory a document's text is counted at: its bytes and a cost per line. */
export function documentCost(bytes: number, lines: number): number {
  return bytes + lines * DOCUMENT_LINE_COST;
}

/** Newlines in a chunk (the lines a document will split into). */
export function countLines(chunk: Uint8Array): number {
  let n = 0;
  for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) n++;
  return n;
}

/** A name (link target, untrusted path) shortened for the report, the cut marked. */
export function clipName(s: string, max = MAX_SHOWN_NAME_CHARS): string {
  if (s.length <= max) return s;
  return `${s.slice(0, max)}… (+${(s.length - max).toLocaleString('en-US')} chars)`;
}

/**
 * A line shortened for the report to MAX_SHOWN_LINE_BYTES of UTF-8, the cut
 * marked "… (+N bytes)"; `fullBytes` is the line's length as read when it was
 * longer than the text kept (a line cut at MAX_LINE_BYTES while reading).
 */
export function clipLine(s: string, fullBytes?: number, max = MAX_SHOWN_LINE_BYTES): string {
  // Most lines are short: a string of at most max/3 UTF-16 units is at most max bytes of UTF-8.
  if (s.length * 3 <= max && (fullBytes === undefined || fullBytes <= max)) return s;
  const bytes = Buffer.byteLength(s, 'utf8');
  const total = Math.max(bytes, fullBytes ?? 0);
  if (total <= max) return s;
  const utf8 = Buffer.from(s, 'utf8');
  // Cut on a character boundary: back off over UTF-8 continuation bytes.
  let cut = Math.min(max, utf8.length);
  while (cut > 0 && ((utf8[cut] ?? 0) & 0xc0) === 0x80) cut--;
  const shown = utf8.toString('utf8', 0, cut);
  return `${shown}… (+${(total - cut).toLocaleString('en-US')} bytes)`;
}
