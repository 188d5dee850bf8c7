// The lksupport trees of one archive told apart as its members pass: a
// ticket's zip or tar holding two nodes' extracted trees side by side is read
// as two nodes, each as if it had been given as an archive of its own, in the
// same one pass (members of the trees may come in any order; nothing is
// extracted or read twice).
//
// Each tree has a group: its own collector and its own watchers. A member goes
// to the group whose root its path starts with (the longest); a tree's root
// is known from its own LifeKeeper files, or from a log's path-mirror folder
// (archive/inputs.ts, treeAnchor). A member that comes before its tree's root
// is known (a flattened tree's `date` before its `etc_default_LifeKeeper`) is
// placed in the first group and moved to its own once the pass is over: a
// document, a listing or a skipped member is held or recorded whole, so it
// can be. A log cannot: its lines went to the watchers of the group it was
// placed in. A log's own path always places it (its `var/log/` or its
// flattened name) except where its name is all there is (`logs/lifekeeper.log`);
// such a log read before its tree's root is known stays where it went, and
// both nodes say so.
import type { ArchiveVisitor, MemberHeader, MemberSink } from '../archive/archive.js';
import type { NotOpened } from '../archive/nesting.js';
import type { Readable } from 'node:stream';
import { inputsOfName, treeAnchor } from '../archive/inputs.js';
import type { Text } from '../plugin/text.js';
import { text } from '../plugin/text.js';
import type { NodeReport } from '../report/report.js';
import type { Collected } from './node-analysis.js';
import type { NodeSide } from './node-side.js';
import { MAX_TREES } from './budget.js';

/** What the router needs of a node's member collector (run/engine.ts). */
export interface TreeCollector extends ArchiveVisitor {
  readonly c: Collected;
}

/** The order of the entries of a group's lists: the sequence number of the member each came from. */
interface Seqs {
  documents: number[];
  listed: number[];
  read: number[];
  skipped: number[];
  sample: number[];
}

export interface TreeGroup {
  /** Where its tree starts ('' at the top, else ending in '/'); null until known (the first group only). */
  root: string | null;
  /** The root is known from the tree's own LifeKeeper files, not only from a log's folder. */
  strong: boolean;
  readonly side: NodeSide;
  readonly collector: TreeCollector;
  readonly seqs: Seqs;
  /** Indexes of Collected.read moved to another group (left in place: an analysis thread refers to records by index). */
  readonly movedRead: Set<number>;
  /** Logs placed here before their tree's root was known, whose tree turned out to be another. */
  readonly strayLogs: Array<{ path: string; tree: string }>;
  /** The folder every member routed here (not merely placed) sits in, '' at the top; null before the first. */
  within: string | null;
}

/** The folder that `folder` and `path` both sit in ('' at the top of the archive, else ending in '/'). */
function sharedFolder(folder: string | null, path: string): string {
  if (folder !== null && path.startsWith(folder)) return folder;
  const limit = folder === null ? path.length : Math.min(folder.length, path.length);
  let end = 0;
  for (let i = 0; i < limit; i++) {
    const c = path[i];
    if (folder !== null && folder[i] !== c) break;
    if (c === '/') end = i + 1;
  }
  return path.slice(0, end);
}

/** A member placed in the first group before its tree's root was known. */
interface Unplaced {
  seq: number;
  path: string;
  size: number;
  mtime: Date | null;
  group: TreeGroup;
  log: boolean;
  unused: boolean;
  directory: boolean;
}

/** Members placed before their tree was known, remembered to be moved after the pass; past this, they stay. */
const MAX_UNPLACED = 20_000;

/** Whether the path ends as a tree's own LifeKeeper file can (treeAnchor's strong names), before any expression runs. */
function mayBeStrong(path: string): boolean {
  const end = path.slice(-22).toLowerCase();
  return end.endsWith('lifekeeper') || end.endsWith('lifekeeper.log');
}

function isLogName(path: string): boolean {
  return inputsOfName(path)[0]?.kind === 'log';
}

/** A tree's name after the archive's: its folder, '.' for the top of the archive. */
export function treeName(root: string): string {
  return root === '' ? '.' : root.replace(/\/$/, '');
}

export class TreeRouter implements ArchiveVisitor {
  readonly groups: TreeGroup[] = [];
  private seq = 0;
  private readonly unplaced: Unplaced[] = [];
  private unplacedPast = 0;
  /** Roots past MAX_TREES (the first few): their files went to the first group. */
  readonly pastTrees = new Set<string>();

  constructor(
    first: { side: NodeSide; collector: TreeCollector },
    /** A group for a tree found after the first: its watchers in this thread (a side is opened synchronously here). */
    private readonly makeGroup: () => { side: NodeSide; collector: TreeCollector },
    /** A member's time when it is one a node's newest member may be (as the collector takes it), else null. */
    private readonly plausible: (d: Date | null) => Date | null,
  ) {
    this.groups.push(this.group(first, null, false));
  }

  private group(g: { side: NodeSide; collector: TreeCollector }, root: string | null, strong: boolean): TreeGroup {
    return { root, strong, side: g.side, collector: g.collector, seqs: { documents: [], listed: [], read: [], skipped: [], sample: [] }, movedRead: new Set(), strayLogs: [], within: null };
  }

  private get first(): TreeGroup {
    return this.groups[0] as TreeGroup;
  }

  /** The group whose root the path starts with, the longest such (a folder entry: its path is a tree's own top folder too). */
  private under(path: string, directory = false): TreeGroup | null {
    const within = directory ? `${path}/` : path;
    let best: TreeGroup | null = null;
    for (const g of this.groups) {
      if (g.root !== null && within.startsWith(g.root) && (!best || (best.root as string).length < g.root.length)) best = g;
    }
    return best;
  }

  /** A root made known: the group it is, widened to it, or a new one. */
  private bind(root: string, strong: boolean): TreeGroup {
    const same = this.groups.find((g) => g.root === root);
    if (same) {
      same.strong ||= strong;
      return same;
    }
    // A group known only from a log's folder above this root, all of whose members are in it: the log's folder
    // was a guess from a folder of the archive's own path (`var/tmp/case/lk-1/var/log/messages` guessed the top):
    // the tree is this root.
    const above = this.groups.filter((g) => !g.strong && g.root !== null && root.startsWith(g.root) && g.within !== null && g.within.startsWith(root));
    const [narrowed] = above;
    if (above.length === 1 && narrowed) {
      narrowed.root = root;
      narrowed.strong = strong;
      return narrowed;
    }
    // A group known only from a log's folder, inside this root: the tree is wider than that log said.
    const inside = this.groups.filter((g) => g.root !== null && g.root.startsWith(root));
    const [only] = inside;
    if (inside.length === 1 && only && !only.strong) {
      only.root = root;
      only.strong = strong;
      return only;
    }
    if (this.first.root === null) {
      this.first.root = root;
      this.first.strong = strong;
      return this.first;
    }
    if (this.groups.length >= MAX_TREES) {
      if (this.pastTrees.size < MAX_TREES) this.pastTrees.add(root);
      return this.first;
    }
    const g = this.group(this.makeGroup(), root, strong);
    this.groups.push(g);
    return g;
  }

  /** The group a member goes to, and whether it was placed before its tree was known. */
  private route(h: MemberHeader, log: () => boolean): { group: TreeGroup; placed: boolean } {
    // Only a file or a folder that is read as what it is names a tree (a link named etc/default/LifeKeeper is no tree's,
    // nor a path climbing out with "..").
    const named = (h.type === 'file' || h.type === 'directory') && h.pathProblem !== 'parent' && h.pathProblem !== 'too-long';
    // A tree's own files name its root (the path's end says first whether it can be one: most members are not).
    if (named && h.type === 'file' && mayBeStrong(h.path)) {
      const anchor = treeAnchor(h.path);
      if (anchor?.strong) return { group: this.bind(anchor.root, true), placed: false };
    }
    const known = this.under(h.path, h.type === 'directory');
    if (known) return { group: known, placed: false };
    // A log names its tree from its folder (its lines cannot be moved later).
    const anchor = named && log() ? treeAnchor(h.path) : null;
    if (anchor) return { group: this.bind(anchor.root, anchor.strong), placed: false };
    return { group: this.first, placed: true };
  }

  /** Gives the entries a member added to its group's lists the member's sequence number. */
  private tag(g: TreeGroup, seq: number): void {
    const c = g.collector.c;
    const s = g.seqs;
    while (s.documents.length < c.documents.length) s.documents.push(seq);
    while (s.listed.length < c.listed.length) s.listed.push(seq);
    while (s.read.length < c.read.length) s.read.push(seq);
    while (s.skipped.length < c.skipped.length) s.skipped.push(seq);
    while (s.sample.length < c.unused.sample.length) s.sample.push(seq);
  }

  private remember(h: MemberHeader, seq: number, group: TreeGroup, log: boolean, unusedBefore: number, mtime: Date | null): void {
    if (this.unplaced.length >= MAX_UNPLACED) {
      this.unplacedPast++;
      return;
    }
    const unused = group.collector.c.unused.count > unusedBefore;
    this.unplaced.push({ seq, path: h.path, size: h.size, mtime, group, log, unused, directory: h.type === 'directory' });
  }

  open(h: MemberHeader): MemberSink | null {
    const seq = this.seq++;
    // Whether it is a log, asked only where it decides (the collector classifies every member again: not twice for all).
    let isLog: boolean | null = null;
    const log = (): boolean => (isLog ??= h.type === 'file' && isLogName(h.path));
    const { group, placed } = this.route(h, log);
    const unusedBefore = group.collector.c.unused.count;
    const sink = group.collector.open(h);
    this.tag(group, seq);
    if (placed) this.remember(h, seq, group, log(), unusedBefore, this.plausible(h.mtime));
    else group.within = sharedFolder(group.within, h.type === 'directory' ? `${h.path}/` : h.path);
    if (!sink) return null;
    return {
      ...sink,
      end: (problem, note) => {
        sink.end(problem, note);
        this.tag(group, seq);
      },
    };
  }

  openArchive(h: MemberHeader): ((content: Readable) => Promise<void>) | NotOpened | null {
    const seq = this.seq++;
    const { group, placed } = this.route(h, () => false);
    const unusedBefore = group.collector.c.unused.count;
    const reader = group.collector.openArchive?.(h) ?? null;
    this.tag(group, seq);
    // Read as a member (not an archive): open() takes it, as its own.
    if (reader === null) {
      this.seq--;
      return null;
    }
    if (placed) this.remember(h, seq, group, false, unusedBefore, this.plausible(h.mtime));
    else group.within = sharedFolder(group.within, h.path);
    return reader;
  }

  /**
   * The pass is over: the groups that are nodes. One tree (or none known):
   * the first group alone, untouched. Several: each member placed before its
   * tree was known goes to its tree (a log stays, and is named), and each
   * group's lists are put back in archive order.
   */
  settle(): TreeGroup[] {
    const trees = this.groups.filter((g) => g.root !== null);
    if (trees.length <= 1) return [this.first];
    for (const m of this.unplaced) {
      const to = this.under(m.path, m.directory);
      // A folder the trees sit in (`node1/` of `node1/lk-1/…`) is part of none: not counted as a member of the first.
      if (!to && m.directory && trees.some((t) => (t.root as string).startsWith(`${m.path}/`))) {
        m.group.collector.c.total--;
        continue;
      }
      if (!to || to === m.group) continue;
      if (m.log) {
        m.group.strayLogs.push({ path: m.path, tree: treeName(to.root as string) });
        to.strayLogs.push({ path: m.path, tree: treeName(to.root as string) });
        continue;
      }
      move(m, m.group, to);
    }
    for (const g of this.groups) inOrder(g);
    // The first group holds nothing of a tree when every member found its own (a zip's loose notes only): it is no node then.
    return this.groups.filter((g) => g.root !== null || g.collector.c.read.length + g.collector.c.documents.length > 0);
  }

  /** Members placed before their tree was known and not remembered (past MAX_UNPLACED): they stayed in the first group. */
  get unplacedNotMoved(): number {
    return this.unplacedPast;
  }
}

/** Moves one member's entries (those of its sequence number) from one group's lists to another's. */
function move(m: Unplaced, from: TreeGroup, to: TreeGroup): void {
  const a = from.collector.c;
  const b = to.collector.c;
  const take = <T>(list: T[], seqs: number[], into: T[], intoSeqs: number[]): void => {
    for (let i = seqs.length - 1; i >= 0; i--) {
      if (seqs[i] !== m.seq) continue;
      into.push(list[i] as T);
      intoSeqs.push(m.seq);
      list.splice(i, 1);
      seqs.splice(i, 1);
    }
  };
  take(a.documents, from.seqs.documents, b.documents, to.seqs.documents);
  take(a.listed, from.seqs.listed, b.listed, to.seqs.listed);
  take(a.skipped, from.seqs.skipped, b.skipped, to.seqs.skipped);
  // Read records stay at their index (an analysis thread fills in a log's record by index): copied, and left out of the report after.
  for (const [i, seq] of from.seqs.read.entries()) {
    if (seq !== m.seq || from.movedRead.has(i)) continue;
    const record = a.read[i];
    if (!record) continue;
    from.movedRead.add(i);
    b.read.push(record);
    to.seqs.read.push(seq);
  }
  a.total--;
  b.total++;
  if (m.unused) {
    a.unused.count--;
    a.unused.bytes -= m.size;
    b.unused.count++;
    b.unused.bytes += m.size;
    take(a.unused.sample, from.seqs.sample, b.unused.sample, to.seqs.sample);
  }
  for (const [input, paths] of a.streamedPaths) {
    if (!paths.includes(m.path)) continue;
    // Never a log (those stay): kept for completeness of the move.
    a.streamedPaths.set(input, paths.filter((p) => p !== m.path));
  }
  // Its time counts for its own tree's newest member (a collection time when nothing else says it); the first group keeps the max it took.
  if (m.mtime && !m.directory && (!b.newestMtime || m.mtime > b.newestMtime)) b.newestMtime = m.mtime;
}

/** A group's lists in archive order again, after members were moved into it (read records: once the node is made, inOrderRead). */
function inOrder(g: TreeGroup): void {
  const c = g.collector.c;
  sortBy(c.documents, g.seqs.documents);
  sortBy(c.listed, g.seqs.listed);
  sortBy(c.skipped, g.seqs.skipped);
  sortBy(c.unused.sample, g.seqs.sample);
}

function sortBy<T>(list: T[], seqs: number[]): void {
  if (seqs.every((s, i) => i === 0 || (seqs[i - 1] as number) <= s)) return;
  const order = list.map((item, i) => ({ item, seq: seqs[i] ?? 0 })).sort((x, y) => x.seq - y.seq);
  for (const [i, o] of order.entries()) {
    list[i] = o.item;
    seqs[i] = o.seq;
  }
}

/**
 * The node's read records as its report lists them: those moved to another
 * tree left out, those moved in put in archive order (the node's list is
 * Collected.read, or its copy back from an analysis thread, index for index).
 */
export function settleRead(g: TreeGroup, node: NodeReport): void {
  const seqs = g.seqs.read;
  const kept = node.members.read.map((record, i) => ({ record, seq: seqs[i] ?? 0, i })).filter((r) => !g.movedRead.has(r.i));
  kept.sort((x, y) => x.seq - y.seq);
  node.members.read = kept.map((r) => r.record);
}

/** What the first node says when the archive held more trees than MAX_TREES: their files were read with it. */
export function pastTreesNote(roots: ReadonlySet<string>): Text | null {
  if (roots.size === 0) return null;
  const shown = [...roots].slice(0, 3).map((r) => `"${treeName(r)}"`).join(', ');
  return text(
    `this archive holds more than ${MAX_TREES} lksupport trees (the limit for one archive): the files of those past the first ${MAX_TREES} (${shown}${roots.size > 3 ? ', …' : ''}) were read with this node, so its facts may mix nodes`,
    `このアーカイブには lksupport の内容が ${MAX_TREES} 個(1 アーカイブあたりの上限)を超えて含まれています。最初の ${MAX_TREES} 個を超える分 (${shown}${roots.size > 3 ? '、…' : ''}) のファイルはこのノードとして読み込んだため、ノードの情報が混在している可能性があります`,
  );
}

/** What the first node says when members placed in it before their tree was known were past MAX_UNPLACED: they stayed. */
export function notMovedNote(count: number): Text | null {
  if (count === 0) return null;
  const n = count.toLocaleString('en-US');
  return text(
    `${n} members came in the archive before any file that says which lksupport tree they belong to, past the ${MAX_UNPLACED.toLocaleString('en-US')} that are given to their tree after the pass: they were read with this node, so its facts may mix nodes`,
    `${n} 個のメンバーは、どの lksupport の内容に属するかを示すファイルより前にアーカイブ内にあり、読み込み後に振り分ける上限 ${MAX_UNPLACED.toLocaleString('en-US')} 個を超えたため、このノードとして読み込みました。ノードの情報が混在している可能性があります`,
  );
}

/** What a node says of a log read before its tree's folder was known (TreeRouter, above). */
export function strayLogNote(logs: ReadonlyArray<{ path: string; tree: string }>): Text | null {
  if (logs.length === 0) return null;
  const shown = logs.slice(0, 3).map((l) => `"${l.path}"`).join(', ');
  const more = logs.length > 3 ? ` (${logs.length} in all)` : '';
  const moreJa = logs.length > 3 ? `(全 ${logs.length} 個)` : '';
  return text(
    `the log ${shown}${more} of the tree "${logs[0]?.tree ?? ''}" came in the archive before any file that says where that tree starts (its name alone does not), so its lines were read with another tree of this archive: the facts of both may mix; give each node's files as an archive of its own`,
    `ログ ${shown}${moreJa}(ツリー "${logs[0]?.tree ?? ''}" のもの)は、そのツリーの場所を示すファイルより前にアーカイブ内にあり、名前だけでは場所を判断できないため、このアーカイブの別のツリーと一緒に読み込みました。両方のノードの情報が混在している可能性があります。ノードごとに別のアーカイブとして指定してください`,
  );
}
