// One node's analysis once its archive is read: the watchers that see its log
// lines as they pass, then the fact analyzers and rules over what was
// collected. It runs in the thread that reads the archive, or in another one
// that receives the log lines as bytes (workers/watch-thread.ts); both run
// this same code, so the node comes out the same.
import { evidenceOf } from '../lines/lines.js';
import type { LineConsumer, SourceLine } from '../lines/lines.js';
import type { FactId, Facts } from '../plugin/facts.js';
import type { AnyAnalyzer, ArchiveInfo, Document, ListedMember, RunContext, Watch, WatchContext } from '../plugin/analyzer.js';
import { isNotChecked, keywordsFor } from '../plugin/analyzer.js';
import type { Evidence, Finding } from '../plugin/findings.js';
import type { InputId } from '../archive/inputs.js';
import type { AnalyzerStatus, NodeReport, ReadMember, SkippedMember } from '../report/report.js';
import type { LogLine } from '../lines/syslog.js';
import { parseAnyLogLine } from '../lines/syslog.js';
import { clipLine } from './budget.js';
import type { Text } from '../plugin/text.js';
import { text } from '../plugin/text.js';

/** The analyzers that watch an input, in the order their consumers are numbered (a raw line names its consumers by this order). */
export function watchersOf(analyzers: readonly AnyAnalyzer[], input: InputId): AnyAnalyzer[] {
  return analyzers.filter((a) => a.watch?.inputs.includes(input) === true);
}

/** A watch's keywords for an input as bytes, for a scanner (null: every line). */
export function keywordBytes(w: Watch<unknown>, input: InputId): Buffer[] | null {
  return keywordsFor(w, input)?.map((k) => Buffer.from(k, 'latin1')) ?? null;
}

/** Inputs whose presence says the archive comes from a LifeKeeper node. */
const LIFEKEEPER_INPUTS: readonly InputId[] = [
  'lifekeeper-log', 'lifekeeper-defaults', 'lcdstatus', 'lcdstatus-q', 'lcdstatus-e', 'ins-list', 'eqv-list', 'flg-list',
];

export interface Collected {
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

/** Watchers per input, with crash containment: a throwing watcher is switched off and named. */
export class WatchSet {
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
    for (const a of watchersOf(this.analyzers, input)) {
      const w = a.watch as Watch<unknown>;
      const id = a.meta.id;
      // The state and the watcher's health held in the closure: two map lookups per line and watcher
      // were a few percent of an event-heavy log, where every third line goes to four to six watchers.
      const state = this.states.get(id);
      const wctx = this.wctx;
      const failures = this.failures;
      out.push({
        keywords: keywordBytes(w, input),
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

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function runAnalyzers(
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
export function settleFacts(
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

/**
 * The context watchers are given: the line parsed as syslog, memoized for the
 * line last asked about (the scanner hands one line to all its watchers in
 * turn; a WeakMap of every line parsed, as this was, cost a tenth of an
 * event-heavy log in its lookups and the collector's work on its entries).
 */
export function watchContext(referenceTime: (line: SourceLine) => Date): WatchContext {
  let lastLine: SourceLine | null = null;
  let lastParsed: LogLine | null = null;
  return {
    referenceTime,
    parse: (line) => {
      if (line !== lastLine) {
        lastParsed = parseAnyLogLine(line.text, referenceTime(line));
        lastLine = line;
      }
      return lastParsed;
    },
  };
}
