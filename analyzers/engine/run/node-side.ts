// Where one node's watchers run and its analyzers are run, as seen from the
// thread that reads its archive: in this thread (InThreadSide), or in an
// analysis thread that receives the log lines as bytes while this one goes on
// reading (workers/watch-thread.ts). The engine reads the same way for both.
import type { LineConsumer, MemberRef, SourceLine } from '../lines/lines.js';
import type { RawLineWriter } from '../lines/raw-lines.js';
import type { AnyAnalyzer, ArchiveInfo } from '../plugin/analyzer.js';
import type { Finding } from '../plugin/findings.js';
import type { InputId } from '../archive/inputs.js';
import type { NodeReport } from '../report/report.js';
import type { Collected } from './node-analysis.js';
import { keywordBytes, runAnalyzers, watchContext, watchersOf, WatchSet } from './node-analysis.js';

export interface LogMemberSide {
  /** The consumers the member's scanner chooses among, in watchersOf's order. */
  consumers: LineConsumer[];
  /** Set when the kept lines go to another thread as bytes: the scanner writes them there instead of calling the consumers. */
  raw: RawLineWriter | null;
  /**
   * The member's scan ended. `readIndex`: its record in Collected.read (-1
   * when it was not recorded), whose encodings the other side fills in: it
   * decoded the lines.
   */
  end(readIndex: number): void;
}

export interface NodeSide {
  /** A log member begins; `referenceTime` is the reference for its BSD syslog timestamps (asked once it is needed). */
  logMember(member: MemberRef, referenceTime: () => Date): LogMemberSide;
  /** The archive is read: the analyzers run over what was collected and what the watchers saw. */
  finish(c: Collected, archive: ArchiveInfo, given: Readonly<Record<string, unknown>>): Promise<{ node: NodeReport; findings: Finding[] }>;
  /** The read failed or was cancelled: nothing more comes. */
  abandon(): void;
}

/** A thread that analyzes nodes while this one reads them (workers/watch-thread.ts). */
export interface AnalysisThread {
  /** A side for one node analyzed with these analyzers, or null when the thread cannot take it (it is then analyzed here). */
  open(analyzers: readonly AnyAnalyzer[]): Promise<NodeSide | null>;
}

/** Consumers that only say what they watch: the scanner chooses among them, and the lines go elsewhere. */
export function keywordConsumers(analyzers: readonly AnyAnalyzer[], input: InputId): LineConsumer[] {
  return watchersOf(analyzers, input).map((a) => ({
    keywords: a.watch ? keywordBytes(a.watch, input) : null,
    onLine: () => {
      throw new Error(`${a.meta.id}: a line handed over in the reading thread, where it watches raw lines`);
    },
  }));
}

/** The watchers and analyzers in this thread, as the engine always ran them. */
export class InThreadSide implements NodeSide {
  private readonly watches: WatchSet;

  constructor(
    private readonly analyzers: readonly AnyAnalyzer[],
    /** The reference time of a line, asked when a watcher parses it (the newest member time read so far, when the member has none). */
    referenceTime: (line: SourceLine) => Date,
  ) {
    this.watches = new WatchSet(analyzers, watchContext(referenceTime));
  }

  logMember(member: MemberRef): LogMemberSide {
    return { consumers: this.watches.consumersFor(member.input), raw: null, end: () => undefined };
  }

  finish(c: Collected, archive: ArchiveInfo, given: Readonly<Record<string, unknown>>): Promise<{ node: NodeReport; findings: Finding[] }> {
    return Promise.resolve(runAnalyzers(this.analyzers, c, this.watches, archive, given));
  }

  abandon(): void {}
}
