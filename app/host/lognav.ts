// The log view's side of a host: the members of each archive the session
// knows, by id (the renderer never names a path), a line range of any text
// member, the next error or warning, the line at a time, and a search across
// members whose results the renderer fetches as they come. An archive's text
// members are kept as deflated blocks (ArchiveStore): for an archive under
// PREPARE_BYTES by its analysis pass itself (Keeping: the blocks are made in
// the analysis worker and handed over with its result), so that an open after
// the report shows takes milliseconds; for a larger one by a pass of its own
// on the first open (the renderer shows its progress and may cancel it).
import { ArchiveError } from '../../analyzers/engine/archive/archive.js';
import type { HeldBlock, HeldPassOptions, HeldPassResult, HeldSearchJob } from '../../analyzers/engine/lognav/held-search.js';
import { searchHeldHere } from '../../analyzers/engine/lognav/held-search.js';
import { compileMatcher } from '../../analyzers/engine/lognav/matcher.js';
import type { KeepPassOptions, KeptArchive, StoredMember, StoreProgress, ViewLine } from '../../analyzers/engine/lognav/member-store.js';
import { ArchiveChangedError, ArchiveStore, STORE_BUDGET_BYTES, StoreBudget, damageWords, keepArchive } from '../../analyzers/engine/lognav/member-store.js';
import { gzipIndexSupported } from '../../analyzers/engine/archive/gzip-index.js';
import type { GrepHit, GrepMembersJob, GrepMembersOptions, GrepMembersResult, WantedMember } from '../../analyzers/engine/lognav/search.js';
import { grepMembers, hitText, isTextMember, memberGlob } from '../../analyzers/engine/lognav/search.js';
import { collectGarbage } from '../../analyzers/engine/workers/collect.js';
import type { Keeping } from '../../analyzers/engine/workers/in-worker.js';
import type { InputId } from '../../analyzers/engine/archive/inputs.js';
import { candidateInputs } from '../../analyzers/engine/archive/inputs.js';
import type { Text } from '../../analyzers/engine/plugin/text.js';
import type { Result } from './ipc-contract.js';
import { fail } from './ipc-contract.js';

/** Archives smaller than this are kept for the log view by their analysis pass: later opens then take milliseconds. */
export const PREPARE_BYTES = 100 * 1024 * 1024;

/**
 * What one archive's analysis may keep: twice its compressed size (blocks
 * deflated at level 1 take a little more than the archive's gzip, and its
 * binaries are not kept) and 16 MiB, within what the session's budget has
 * left. Set aside when the analysis starts (two may run at once), the unused
 * part given back when it ends.
 */
export function keepAllowance(archiveBytes: number, left: number): number {
  return Math.max(0, Math.min(left, 2 * archiveBytes + 16 * 1024 * 1024));
}

/**
 * The session's budget of kept blocks and index: STORE_BUDGET_BYTES, or
 * LKANALYZE_LOGNAV_BUDGET_MIB (to see members past it on a small archive:
 * tests, screenshots).
 */
function budgetFromEnv(): number {
  const mib = Number(process.env['LKANALYZE_LOGNAV_BUDGET_MIB']);
  return Number.isFinite(mib) && mib > 0 ? Math.round(mib * 1024 * 1024) : STORE_BUDGET_BYTES;
}

/** Lines one member:lines call returns at most: a screen and its margin, not a file. */
export const MAX_LINES_PER_CALL = 2000;

/** Hits a search keeps (context lines included); past them it stops and says so. */
export const MAX_SEARCH_LINES = 20_000;

/** UTF-16 units of hit text a search keeps at most (about 8 to 16 MB); past them it stops and says so. */
export const MAX_SEARCH_CHARS = 8 * 1024 * 1024;

export { hitText };

export interface MemberInfo {
  id: string;
  name: string;
  kind: StoredMember['kind'];
  bytes: number;
  lines: number | null;
  notKept: StoredMember['notKept'];
  /** Past the budget, read again from the archive through its index when viewed (notKept is then null): a search reads it by a pass. */
  indexed: boolean;
  skipped: StoredMember['skipped'];
  input: StoredMember['input'];
  cut: boolean;
  /** Why reading it stopped, when it did (the Members view names it unreadable, or read in part). */
  problem: StoredMember['problem'];
  /** Why the log view cannot open it, in the words the Members view, the log view and the time-ordered view use; null when it opens. */
  unviewable: Text | null;
}

/** An analyzer that reads a logical input: its id and title, as the Members view says who used a member. */
export interface InputReader {
  id: string;
  title: Text;
}

export interface MemberList {
  members: MemberInfo[];
  /** By logical input, the analyzers that read it (the members say which input they are). */
  readers: Partial<Record<InputId, InputReader[]>>;
}

export interface MemberLines {
  member: string;
  total: number;
  lines: ViewLine[];
}

export interface SearchHit {
  archive: string;
  member: string;
  name: string;
  line: number;
  text: string;
  match: boolean;
  /** Lines were left out before this one (a new group). */
  gap: boolean;
}

export interface SearchResults {
  hits: SearchHit[];
  /** Index of the next hit to ask for. */
  next: number;
  done: boolean;
  /** Stopped at MAX_SEARCH_LINES or MAX_SEARCH_CHARS. */
  truncated: boolean;
  /** Text members the search would have read but could not (the archive ended or broke before them). */
  notSearched: number;
  /**
   * While the members the log view does not hold in memory are searched by a
   * pass over their archive (after the members it holds): that archive, and
   * the compressed bytes read of it so far.
   */
  rest: SearchRest | null;
  error: string | null;
}

export interface SearchRest {
  archive: string;
  bytesRead: number;
  totalBytes: number;
}

/** One line of the time-ordered view of several logs. */
export interface MergedLine extends ViewLine {
  archive: string;
  member: string;
  name: string;
  node: string;
  /** The line's time as logged, less its node's clock skew (ms, read as UTC): the order of the view. */
  corrected: number;
}

export interface MergedQuery {
  /**
   * The archives and, for each, its node's name and clock skew to take off
   * (Cluster.skew); `inner`: the node archive inside it whose logs these are
   * (a ticket's zip or tar of node archives, one source per node), as its
   * members' names begin ("node1.tar.gz » …"); absent, every log of the archive.
   */
  sources: Array<{ archive: string; node: string; offsetMs: number; inner?: string }>;
  /** Local times as logged, corrected (ISO without zone). */
  from: string;
  to: string;
  problemsOnly: boolean;
  /** A LifeKeeper component, or part of one (lcd, dr, quickCheck): only lines of it. */
  component: string | null;
}

/**
 * A log the time-ordered view should have interleaved and did not, or only in
 * part, and why: a support engineer must see which logs of which node the
 * lines leave out.
 */
export interface MergedLeftOut {
  archive: string;
  node: string;
  /** The log (its member id and name), or null for the archive itself: it could not be read, or not to its end. */
  member: string | null;
  name: string | null;
  /** Some of its lines are in the view (it was read in part); else none are. */
  partly: boolean;
  reason: Text;
}

export interface MergedLines {
  lines: MergedLine[];
  more: boolean;
  /** Each log of each archive the lines leave out, whole or in part, with why (the first MAX_MERGED_LEFT_OUT); empty when none. */
  leftOut: MergedLeftOut[];
  /** Logs left out past MAX_MERGED_LEFT_OUT: counted, not named. */
  leftOutMore: number;
}

/**
 * Logs named as left out at most: an archive decides how many logs it holds
 * (60,000 links named lifekeeper.log.N in a 372 KB archive made a 12.5 MB
 * answer and took serve to 375 MiB); past this they are counted.
 */
export const MAX_MERGED_LEFT_OUT = 200;

/** Lines the time-ordered view returns at most (a window, moved by asking for a later one). */
export const MAX_MERGED_LINES = 2000;

/** The logs the time-ordered view interleaves: lifekeeper.log with its rotations, and messages. */
const MERGED_INPUTS: ReadonlySet<InputId> = new Set<InputId>(['lifekeeper-log', 'syslog']);

/** The logical input a member is; a skipped one (a link named messages) by its name. */
function mergedInput(m: StoredMember): InputId | null {
  if (m.input) return m.input;
  if (m.kind !== 'skipped') return null;
  return candidateInputs(m.name)[0]?.id ?? null;
}

interface Entry {
  built: Promise<ArchiveStore>;
  store: ArchiveStore | null;
  progress: StoreProgress;
  controller: AbortController;
  error: string | null;
}

interface Search {
  hits: SearchHit[];
  /** UTF-16 units of the hits' text (MAX_SEARCH_CHARS). */
  chars: number;
  notSearched: number;
  rest: SearchRest | null;
  done: boolean;
  truncated: boolean;
  error: string | null;
  stop: boolean;
  /** Stops the pass over the members not held, when one runs. */
  controller: AbortController;
}

const memberId = (archive: string, index: number): string => `${archive}m${index.toString(36)}`;

function parseMemberId(id: string): { archive: string; index: number } | null {
  const m = /^([a-f0-9]{1,24})m([a-z0-9]{1,7})$/.exec(id);
  return m ? { archive: m[1] as string, index: parseInt(m[2] as string, 36) } : null;
}

export class LogNav {
  private readonly entries = new Map<string, Entry>();
  private readonly searches = new Map<string, Search>();
  private searchSerial = 0;
  /** Bytes set aside for analyses that keep, by archive id, until their blocks come. */
  private readonly reserved = new Map<string, number>();

  constructor(
    private readonly pathOf: (archive: string) => string | null,
    /** An archive's id and compressed size by the host's path of it. */
    private readonly byPath: (path: string) => { archive: string; bytes: number } | null = () => null,
    private readonly budget = new StoreBudget(budgetFromEnv()),
  ) {}

  /**
   * How a pass of its own keeps an archive's members within so many bytes:
   * in this thread by default; the session's hosts do it in a worker
   * (WorkerPool.keepMembers), off the window's thread, its buffers the worker's.
   */
  keepPass: (file: string, bytes: number, options: KeepPassOptions) => Promise<KeptArchive> = keepArchive;

  /**
   * How a search reads the members the store does not hold: one pass over
   * the archive with `lkanalyze grep`'s engine, in this thread by default;
   * the session's hosts do it in a worker (WorkerPool.grepMembers).
   */
  grepPass: (file: string, job: GrepMembersJob, options: GrepMembersOptions) => Promise<GrepMembersResult> = grepMembers;

  /**
   * How a search reads the members the store holds: their blocks, handed over
   * in archive order, in this thread by default; the session's hosts do it in
   * a worker (searchHeldInWorker: a regex slow on a hostile line stalls the
   * worker, not the host, and a cancel terminates it).
   */
  heldPass: (blocks: () => Iterable<HeldBlock>, job: HeldSearchJob, options: HeldPassOptions) => Promise<HeldPassResult> = searchHeldHere;

  /** How an analysis keeps for this view: archives under PREPARE_BYTES not kept yet, within the budget. */
  readonly keeping: Keeping = {
    allowance: (file) => {
      const a = this.byPath(file);
      if (!a || a.bytes >= PREPARE_BYTES) return null;
      const known = this.entries.get(a.archive);
      if (known && known.error === null && !known.controller.signal.aborted) return null;
      const already = this.reserved.get(a.archive);
      if (already !== undefined) return already;
      const bytes = keepAllowance(a.bytes, this.budget.limit - this.budget.used);
      if (bytes === 0 || !this.budget.hold(bytes)) return null;
      this.reserved.set(a.archive, bytes);
      return bytes;
    },
    adopt: (file, kept) => {
      const a = this.byPath(file);
      const reserved = a ? this.reserved.get(a.archive) : undefined;
      if (!a || reserved === undefined) return;
      this.reserved.delete(a.archive);
      const known = this.entries.get(a.archive);
      // A pass of its own started meanwhile (an open during a new analysis): it stands. Members left past the
      // allowance would not open: the first open makes a pass of its own instead, which indexes them.
      if ((known && known.error === null && !known.controller.signal.aborted) || kept.held > reserved || (gzipIndexSupported() && kept.kept.some((k) => k.info.notKept === 'over-budget'))) {
        this.budget.release(reserved);
        return;
      }
      this.budget.release(reserved - kept.held);
      const store = ArchiveStore.of(file, kept, this.budget);
      this.entries.set(a.archive, { built: Promise.resolve(store), store, progress: { bytesRead: 0, totalBytes: 0 }, controller: new AbortController(), error: null });
    },
  };

  /** Gives back what analyses set aside and never used (cancelled, failed). */
  endKeeping(): void {
    for (const bytes of this.reserved.values()) this.budget.release(bytes);
    this.reserved.clear();
  }

  /** Whether an archive's members are kept (opens take milliseconds). */
  isReady(archive: string): boolean {
    return Boolean(this.entries.get(archive)?.store);
  }

  /** The last pass of its own started: the next starts once it ended. */
  private passing: Promise<unknown> = Promise.resolve();

  /** Starts (or joins) the pass that keeps an archive's members. */
  prepare(archive: string): Entry | null {
    const known = this.entries.get(archive);
    if (known && !known.controller.signal.aborted && known.error === null) return known;
    const path = this.pathOf(archive);
    if (!path) return null;
    const controller = new AbortController();
    const entry: Entry = { built: Promise.resolve(null as unknown as ArchiveStore), store: null, progress: { bytesRead: 0, totalBytes: 0 }, controller, error: null };
    // All the budget has left is set aside for the pass, the unused part given back when it ends. One pass at a
    // time: a second started meanwhile (another archive listed while the first is read) was given nothing.
    let allowance = 0;
    entry.built = this.passing.then(() => {
      allowance = this.budget.limit - this.budget.used;
      this.budget.hold(allowance);
      return this.keepPass(path, allowance, { signal: controller.signal, onProgress: (p) => (entry.progress = p) });
    }).then((kept) => {
      this.budget.release(allowance - Math.min(kept.held, allowance));
      const store = ArchiveStore.of(path, kept, this.budget);
      if (controller.signal.aborted) {
        store.drop();
        throw new ArchiveError('cancelled', { en: 'reading the archive was cancelled', ja: 'アーカイブの読み込みを中止しました' });
      }
      entry.store = store;
      return store;
    }, (err: unknown) => {
      this.budget.release(allowance);
      entry.error = err instanceof ArchiveError ? err.reason.en : err instanceof Error ? err.message : String(err);
      throw err;
    });
    entry.built.catch(() => undefined);
    this.passing = entry.built.catch(() => undefined);
    this.entries.set(archive, entry);
    return entry;
  }

  progress(archive: string): { bytesRead: number; totalBytes: number; ready: boolean; error: string | null } {
    const e = this.entries.get(archive);
    return { bytesRead: e?.progress.bytesRead ?? 0, totalBytes: e?.progress.totalBytes ?? 0, ready: Boolean(e?.store), error: e?.error ?? null };
  }

  cancel(archive: string): boolean {
    const e = this.entries.get(archive);
    if (!e || e.store) return false;
    e.controller.abort();
    this.entries.delete(archive);
    return true;
  }

  private async store(archive: string): Promise<Result<ArchiveStore>> {
    const entry = this.prepare(archive);
    if (!entry) return fail('unknown-archive', 'no such archive: the host did not open it', 'そのアーカイブはありません(ホストが開いたものではありません)');
    try {
      return { ok: true, value: await entry.built };
    } catch (err) {
      if (entry.controller.signal.aborted) return fail('cancelled', 'reading the archive was cancelled', 'アーカイブの読み込みを中止しました');
      const message = err instanceof ArchiveError ? err.reason : { en: String(err instanceof Error ? err.message : err), ja: String(err instanceof Error ? err.message : err) };
      return { ok: false, error: { code: 'failed', message } };
    }
  }

  /** Who reads each logical input: the analyzers of the session's analyses (built-in and rule packs). */
  setReaders(analyzers: ReadonlyArray<{ meta: { id: string; title: Text; inputs: readonly InputId[] }; watch?: { inputs: readonly InputId[] } }>): void {
    const by: Partial<Record<InputId, InputReader[]>> = {};
    for (const a of analyzers) {
      for (const input of new Set([...a.meta.inputs, ...(a.watch?.inputs ?? [])])) (by[input] ??= []).push({ id: a.meta.id, title: a.meta.title });
    }
    this.readers = by;
  }

  private readers: Partial<Record<InputId, InputReader[]>> = {};

  async members(archive: string): Promise<Result<MemberList>> {
    const s = await this.store(archive);
    if (!s.ok) return s;
    // A member read again through the archive's index opens as a kept one does: not "not kept" for the view.
    const store = s.value;
    const members = store.members.map((m, i) => ({ id: memberId(archive, i), name: m.name, kind: m.kind, bytes: m.bytes, lines: m.lines, notKept: m.indexed ? null : m.notKept, indexed: m.indexed, skipped: m.skipped, input: m.input, cut: m.cut, problem: m.problem, unviewable: store.isViewable(i) ? null : unviewable(m, brokeIn(store, i)) }));
    // Only the inputs these members are: the list of readers stays as small as the registry, once per archive.
    const readers: Partial<Record<InputId, InputReader[]>> = {};
    for (const m of members) if (m.input && !readers[m.input] && this.readers[m.input]) readers[m.input] = this.readers[m.input];
    return { ok: true, value: { members, readers } };
  }

  private async member(id: string): Promise<Result<{ store: ArchiveStore; index: number }>> {
    const ref = parseMemberId(id);
    const s = ref ? await this.store(ref.archive) : null;
    if (!ref || !s) return fail('unknown-archive', 'no such member', 'そのメンバーはありません');
    if (!s.ok) return s;
    if (ref.index >= s.value.members.length) return fail('unknown-archive', 'no such member', 'そのメンバーはありません');
    return { ok: true, value: { store: s.value, index: ref.index } };
  }

  async lines(id: string, from: number, count: number): Promise<Result<MemberLines>> {
    const m = await this.member(id);
    if (!m.ok) return m;
    const { store, index } = m.value;
    if (!store.isViewable(index)) return notViewable(store, index);
    return readFailed(() => ({ ok: true, value: { member: id, total: store.members[index]?.lines ?? 0, lines: store.lines(index, from, Math.min(count, MAX_LINES_PER_CALL)) } }));
  }

  async seek(id: string, from: number, to: 'next-problem' | 'previous-problem' | 'time', time: number | null): Promise<Result<number | null>> {
    const m = await this.member(id);
    if (!m.ok) return m;
    const { store, index } = m.value;
    if (!store.isViewable(index)) return notViewable(store, index);
    if (to === 'time') return readFailed(() => ({ ok: true, value: time === null ? null : store.lineAtTime(index, time) }));
    try {
      return { ok: true, value: await store.nextProblemAsync(index, from, to === 'next-problem' ? 1 : -1) };
    } catch (err) {
      return readFailed(() => {
        throw err;
      });
    }
  }

  /**
   * lifekeeper.log (with its rotations) and messages of each archive, merged
   * by time, each node's clock skew taken off, between two times: the
   * time-ordered view of a node or a cluster. What it cannot read is said,
   * log by log (leftOut), and the other logs and archives are still merged:
   * an archive that cannot be read, a log not viewable (binary, a link, past
   * the budget, the archive's damage in it), one that fails to be read
   * again, one read only in part.
   */
  async merged(q: MergedQuery): Promise<Result<MergedLines>> {
    const from = Date.parse(`${q.from}Z`);
    const to = Date.parse(`${q.to}Z`);
    if (!Number.isFinite(from) || !Number.isFinite(to) || to < from) return fail('bad-request', 'the time window is not valid', '時間帯の指定が正しくありません');
    let all: MergedLine[] = [];
    const leftOut: MergedLeftOut[] = [];
    let leftOutMore = 0;
    const leave = (l: MergedLeftOut): void => {
      if (leftOut.length < MAX_MERGED_LEFT_OUT) leftOut.push(l);
      else leftOutMore++;
    };
    let more = false;
    const component = q.component?.toLowerCase() ?? null;
    const keep = (l: ViewLine): boolean => (!q.problemsOnly || l.problem === true) && (component === null || (l.component ?? '').toLowerCase().includes(component));
    // What is said of an archive as a whole (it cannot be read, not to its end) is said once, with its first source.
    const said = new Set<string>();
    for (const src of q.sources) {
      const s = await this.store(src.archive);
      const whole = { archive: src.archive, node: src.node, member: null, name: null };
      const first = !said.has(src.archive);
      said.add(src.archive);
      if (!s.ok) {
        if (first) leave({ ...whole, partly: false, reason: { en: `the archive could not be read: ${s.error.message.en}`, ja: `アーカイブを読み込めませんでした: ${s.error.message.ja}` } });
        continue;
      }
      const store = s.value;
      const inside = src.inner === undefined ? null : `${src.inner} » `;
      for (const [index, m] of store.members.entries()) {
        if (inside !== null && !m.name.startsWith(inside)) continue;
        const input = mergedInput(m);
        if (!input || !MERGED_INPUTS.has(input)) continue;
        const named = { archive: src.archive, node: src.node, member: memberId(src.archive, index), name: m.name };
        if (!store.isViewable(index)) {
          leave({ ...named, partly: false, reason: unviewable(m, brokeIn(store, index)) });
          continue;
        }
        // Each node's lines are asked for in its own clock: the window moved by its skew.
        const read = readFailed(() => ({ ok: true, value: store.timed(index, from + src.offsetMs, to + src.offsetMs, MAX_MERGED_LINES, keep) }));
        if (!read.ok) {
          leave({ ...named, partly: false, reason: read.error.message });
          continue;
        }
        const got = read.value;
        more ||= got.more;
        for (const l of got.lines) all.push({ ...l, archive: src.archive, member: named.member, name: m.name, node: src.node, corrected: l.key - src.offsetMs });
        // Only the earliest MAX_MERGED_LINES are answered: past twice that, the rest are dropped as they come, not held.
        if (all.length > 2 * MAX_MERGED_LINES) {
          all = earliest(all);
          more = true;
        }
        // Cut short (a note of bytes passed over after a rotated log's data is not: that member is whole).
        if (m.cut && m.problem) leave({ ...named, partly: true, reason: readInPart({ ...m, problem: m.problem }, brokeIn(store, index)) });
      }
      // Logs past the point the archive broke are not in it as read: nothing names them.
      if (store.problem && first) leave({ ...whole, partly: true, reason: { en: `the archive could not be read to its end (${store.problem.en}): logs after that point are missing`, ja: `アーカイブを最後まで読み込めませんでした (${store.problem.ja})。それ以降のログはありません` } });
    }
    if (all.length > MAX_MERGED_LINES) more = true;
    return { ok: true, value: { lines: earliest(all).map((l) => {
      const { key: _key, ...rest } = l as MergedLine & { key?: number };
      void _key;
      return rest;
    }), more, leftOut, leftOutMore } };
  }

  /**
   * Starts a search over every text member of the archives; its hits are
   * fetched with results() as they come. For each archive in turn: the
   * members the store holds first (from memory), then the rest in one pass
   * over the archive (grepPass), each member's hits together, in archive order.
   */
  async startSearch(args: { archives: string[]; pattern: string; regex: boolean; ignoreCase: boolean; context: number; member: string | null }): Promise<Result<string>> {
    // Checked here, once, before anything is read: the passes compile it again without the checks.
    const matcher = compileMatcher({ pattern: args.pattern, regex: args.regex, ignoreCase: args.ignoreCase });
    if ('refused' in matcher) return { ok: false, error: { code: 'bad-request', message: matcher.refused } };
    const glob = args.member ? memberGlob(args.member) : null;
    for (const s of this.searches.values()) stopSearch(s);
    this.searches.clear();
    const id = `s${++this.searchSerial}`;
    const search: Search = { hits: [], chars: 0, notSearched: 0, rest: null, done: false, truncated: false, error: null, stop: false, controller: new AbortController() };
    this.searches.set(id, search);
    const full = (): boolean => search.hits.length >= MAX_SEARCH_LINES || search.chars >= MAX_SEARCH_CHARS;
    const push = (hit: SearchHit): void => {
      search.hits.push(hit);
      search.chars += hit.text.length;
      if (full()) {
        search.truncated = true;
        stopSearch(search);
      }
    };
    void (async () => {
      try {
        for (const archive of args.archives) {
          const s = await this.store(archive);
          if (search.stop) break;
          if (!s.ok) {
            search.error = s.error.message.en;
            continue;
          }
          const store = s.value;
          // The spans the opens through the archive's index keep go first: their room is the search's.
          store.letGoOfReads();
          collectGarbage();
          await this.searchHeld(archive, store, args, glob, search, push);
          if (search.stop) break;
          await this.searchRest(archive, store, args, glob, search, push);
          if (search.stop) break;
        }
      } catch (err) {
        search.error = err instanceof Error ? err.message : String(err);
      } finally {
        search.rest = null;
        search.done = true;
      }
    })();
    return { ok: true, value: id };
  }

  /** The text members of one archive the store holds, searched from their blocks (heldPass), in archive order. */
  private async searchHeld(archive: string, store: ArchiveStore, args: { pattern: string; regex: boolean; ignoreCase: boolean; context: number }, glob: ((name: string) => boolean) | null, search: Search, push: (hit: SearchHit) => void): Promise<void> {
    const names = store.members;
    try {
      await this.heldPass(() => store.heldBlocks((_i, m) => !glob || glob(m.name)), {
        pattern: args.pattern, regex: args.regex, ignoreCase: args.ignoreCase, context: args.context,
        maxLines: MAX_SEARCH_LINES - search.hits.length, maxChars: MAX_SEARCH_CHARS - search.chars,
      }, {
        signal: search.controller.signal,
        onHits: (hits) => {
          for (const h of hits) {
            // The bounds reached mid-batch: the batch's other hits are not kept.
            if (search.stop) return;
            push({ archive, member: memberId(archive, h.member), name: names[h.member]?.name ?? '', line: h.line, text: h.text, match: h.match, gap: h.gap });
          }
        },
      });
    } catch (err) {
      // A cancel (the worker terminated mid-line), or the bounds reached: what came stands.
      if (!search.stop) throw err;
    }
  }

  /** The text members of one archive the store does not hold, searched in one pass over the archive. */
  private async searchRest(archive: string, store: ArchiveStore, args: { pattern: string; regex: boolean; ignoreCase: boolean; context: number }, glob: ((name: string) => boolean) | null, search: Search, push: (hit: SearchHit) => void): Promise<void> {
    const path = this.pathOf(archive);
    const wanted: WantedMember[] = [];
    const indexes: number[] = [];
    const seen = new Map<string, number>();
    for (const [i, m] of store.members.entries()) {
      // The nth member of its name, as the pass names them: a tar may hold a path twice.
      const nth = seen.get(m.name) ?? 0;
      seen.set(m.name, nth + 1);
      if (store.isKept(i) || !isTextMember(m) || (glob && !glob(m.name))) continue;
      wanted.push({ name: m.name, nth });
      indexes.push(i);
    }
    if (wanted.length === 0) return;
    if (!path) {
      search.notSearched += wanted.length;
      return;
    }
    const rest: SearchRest = { archive, bytesRead: 0, totalBytes: 0 };
    search.rest = rest;
    // The blocks the search of the members held inflated are garbage: gone before the pass's worker starts.
    collectGarbage();
    try {
      const got = await this.grepPass(path, {
        pattern: args.pattern, regex: args.regex, ignoreCase: args.ignoreCase, context: args.context, members: wanted,
        maxLines: MAX_SEARCH_LINES - search.hits.length, maxChars: MAX_SEARCH_CHARS - search.chars,
      }, {
        signal: search.controller.signal,
        onProgress: (p) => {
          rest.bytesRead = p.bytesRead;
          rest.totalBytes = p.totalBytes;
        },
        onHits: (hits: GrepHit[]) => {
          for (const h of hits) {
            if (search.stop) return;
            const index = indexes[h.member] ?? -1;
            push({ archive, member: memberId(archive, index), name: store.members[index]?.name ?? '', line: h.line, text: h.text, match: h.match, gap: h.gap });
          }
        },
      });
      search.notSearched += got.unread;
    } catch (err) {
      // A cancel, or the bounds reached: what came stands.
      if (search.stop) return;
      search.notSearched += wanted.length;
      throw err;
    } finally {
      search.rest = null;
    }
  }

  results(id: string, from: number): Result<SearchResults> {
    const s = this.searches.get(id);
    if (!s) return fail('not-available', 'no such search (a newer one replaced it)', 'その検索はありません(新しい検索に置き換わりました)');
    return { ok: true, value: { hits: s.hits.slice(from, from + 1000), next: Math.min(s.hits.length, from + 1000), done: s.done && from + 1000 >= s.hits.length, truncated: s.truncated, notSearched: s.notSearched, rest: s.rest && { ...s.rest }, error: s.error } };
  }

  cancelSearch(id: string): boolean {
    const s = this.searches.get(id);
    if (!s) return false;
    stopSearch(s);
    return true;
  }
}

/** Stops a search: the members held are searched no further, and a pass over an archive is aborted (its worker terminated). */
function stopSearch(s: Search): void {
  s.stop = true;
  s.controller.abort();
}

/**
 * A read of the store: a member read again from the archive (through its
 * index) fails when the file changed or went since it was read; that is said,
 * not thrown to the channel.
 */
function readFailed<T>(read: () => Result<T>): Result<T> {
  try {
    return read();
  } catch (err) {
    if (err instanceof ArchiveChangedError) return fail('failed', 'the archive file changed since it was read: open it again', 'アーカイブのファイルが読み込み後に変更されました。もう一度開いてください');
    const why = err instanceof Error ? err.message : String(err);
    return fail('failed', `the member could not be read again from the archive (${why})`, `アーカイブからメンバーを読み直せませんでした (${why})`);
  }
}

/** Why the log view cannot open a member, as the member:lines and member:seek channels answer. */
function notViewable(store: ArchiveStore, index: number): Result<never> {
  const m = store.members[index];
  const why = m ? unviewable(m, brokeIn(store, index)) : null;
  return why ? { ok: false, error: { code: 'not-available', message: why } } : fail('not-available', 'no such member', 'そのメンバーはありません');
}

const count = (n: number): string => n.toLocaleString('en-US');

/**
 * The archive's own damage, said with the member it stopped in: the last
 * member read (the walk ends there), when the archive did not read to its end.
 */
const brokeIn = (store: ArchiveStore, index: number): Text | null => (store.problem && index === store.members.length - 1 ? store.problem : null);

/**
 * The damage a member's reading stopped on: its own words, then the
 * archive's when the archive broke in it (which say where, in the file), else
 * where in the file its reading stopped, when known.
 */
function damage(m: StoredMember & { problem: Text }, archive: Text | null): Text {
  // The member's words then only say "see the archive's problem": the archive's alone say it.
  if (archive && m.cut && m.problem.en.startsWith('the archive stopped in the middle of this member')) return archive;
  if (archive) return { en: `${m.problem.en}; the archive: ${archive.en}`, ja: `${m.problem.ja}。アーカイブ: ${archive.ja}` };
  return damageWords(m.problem, m.stoppedAt);
}

/** What the time-ordered view says of a log it merged only in part. */
function readInPart(m: StoredMember & { problem: Text }, archive: Text | null): Text {
  const d = damage(m, archive);
  return { en: `read only in part, ${count(m.lines ?? 0)} lines: ${d.en}`, ja: `一部のみ読み込み(${count(m.lines ?? 0)} 行): ${d.ja}` };
}

const SKIPPED_WHY: Record<NonNullable<StoredMember['skipped']>, Text> = {
  directory: { en: 'it is a folder', ja: 'フォルダーです' },
  link: { en: 'it is a link, never followed', ja: 'リンクです(たどりません)' },
  device: { en: 'it is a device or a special file', ja: 'デバイスまたは特殊ファイルです' },
  // archive.ts sparseReason's words (the member's size is not at hand here).
  sparse: { en: 'sparse file: not read (the archive stores its data without its holes, so its bytes there are not the file)', ja: 'スパースファイルのため読み込んでいません(アーカイブには穴の部分を除いたデータのみが格納されており、そのままではファイルの内容になりません)' },
  'unsafe-path': { en: 'its path climbs out of the archive (..): not read', ja: 'パスがアーカイブの外を指しています (..)。読み込んでいません' },
  'unsupported-compression': { en: 'its compression is not supported (only gzip is): not read', ja: '圧縮形式に対応していません(gzip のみ対応)。読み込んでいません' },
  'not-opened': { en: 'an archive inside that is not opened', ja: '開いていない内部のアーカイブです' },
};

/**
 * Why the log view cannot open a member (binary, skipped, nothing of it
 * read, past the log view's memory), for one it cannot: the Members view,
 * the log view's message and the time-ordered view say it in these words. A
 * member past the memory that the archive's damage went through cannot be
 * read again from the archive (the index stops before the damage): the
 * damage is its reason, not the memory.
 */
export function unviewable(m: StoredMember, archive: Text | null): Text {
  // An archive inside not opened says why (nested too deep) in its problem.
  if (m.skipped) return m.skipped === 'not-opened' && m.problem ? m.problem : SKIPPED_WHY[m.skipped];
  if (m.notKept === 'binary' || m.kind === 'binary') return { en: 'its content is not text (binary): nothing to show', ja: '内容がテキストではありません(バイナリ)。表示する内容はありません' };
  if (m.problem && !m.lines) {
    const d = damage({ ...m, problem: m.problem }, archive);
    return { en: `nothing of it could be read: ${d.en}`, ja: `まったく読み込めませんでした: ${d.ja}` };
  }
  if (m.cut && m.problem) {
    const d = damage({ ...m, problem: m.problem }, archive);
    return {
      en: `not viewable here: the archive is damaged in this member (${d.en}); a member too large for the log view's memory is read again from the archive, which cannot be done through the damage (lkanalyze cat shows the ${count(m.lines ?? 0)} lines read before it)`,
      ja: `ここでは表示できません。このメンバーの中でアーカイブが破損しています (${d.ja})。ログ表示用のメモリに収まらないメンバーはアーカイブから読み直しますが、破損箇所を越えては読み直せません(破損箇所より前に読み込んだ ${count(m.lines ?? 0)} 行は lkanalyze cat で表示できます)`,
    };
  }
  if (m.lines === null) return { en: 'it was not read', ja: '読み込んでいません' };
  return { en: 'not kept for viewing: the memory set aside for the log view was used up by larger members (lkanalyze cat shows it)', ja: 'ログ表示用のメモリを大きなメンバーが使い切ったため、このメンバーは保持していません(lkanalyze cat で表示できます)' };
}

/** The earliest MAX_MERGED_LINES lines by corrected time; stable: lines of one member at the same time keep their order. */
function earliest(lines: MergedLine[]): MergedLine[] {
  return lines.sort((a, b) => a.corrected - b.corrected).slice(0, MAX_MERGED_LINES);
}
