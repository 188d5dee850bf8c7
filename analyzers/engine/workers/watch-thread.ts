// An analysis thread beside the reading one. On an event-heavy log the
// thread that reads an archive spent most of its time not reading but on
// what it found: decoding each kept line and its context, parsing it as
// syslog, and the watchers folding it into their state (docs/performance.md,
// event-heavy). Here the reading thread still inflates, splits and searches,
// and chooses each line's watchers by their keywords; it writes the kept
// lines as bytes (lines/raw-lines.ts) and hands them over in batches, and
// this thread decodes them and runs the watchers, then the fact analyzers
// and rules over what was read (run/node-analysis.ts, the same code as in
// the reading thread). The node comes back as the lanes' workers send theirs.
//
// It pays only where it has a core of its own. On 2 cores it did not: the
// reading thread's CPU fell by about a quarter (4.3 to 3.0-3.3 s on the
// event-heavy bench archive), but the analysis thread took 2.5-3 s (its
// start-up, the lines decoded there, a second heap) on a second core that
// zlib's thread pool and V8's collector already half fill, so the run took
// longer (docs/performance.md, event-heavy, session 8). On 3 cores or more it
// should pay, but that is not measured, and its second heap took peak RSS to
// 176-221 MiB against the 200 MiB bound. So it runs only when
// LKANALYZE_ANALYSIS_THREAD=1 asks (analysisThreadFor), until a machine with
// more cores shows what it gains and costs there.
//
// Where workers cannot start (the compiled entry missing, a packaging fault)
// or the thread would load other analyzers than the reading thread's, a
// node is analyzed in the reading thread as before (run/node-side.ts).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ResourceLimits } from 'node:worker_threads';
import { Worker } from 'node:worker_threads';
import type { MemberRef } from '../lines/lines.js';
import type { RawBatch, RawSpares } from '../lines/raw-lines.js';
import { RawLineWriter } from '../lines/raw-lines.js';
import type { AnyAnalyzer, ArchiveInfo } from '../plugin/analyzer.js';
import type { Finding } from '../plugin/findings.js';
import type { NodeReport } from '../report/report.js';
import type { Collected } from '../run/node-analysis.js';
import type { AnalysisThread, LogMemberSide, NodeSide } from '../run/node-side.js';
import { keywordConsumers } from '../run/node-side.js';

const ENTRY = new URL('./watch-worker.js', import.meta.url);

/**
 * Bytes of lines handed over and not yet read there, past which the reading
 * thread waits: the analysis thread may fall behind, and what it has not read
 * is memory (the event-heavy archive hands over about 150 MB).
 */
export const MAX_BYTES_IN_FLIGHT = 4 * 2 ** 20;

/** A wait for the analysis thread that sees no progress this long means it stopped: the analysis fails rather than hangs. */
const STALLED_MS = 120_000;

/** The analysis thread's heap: a young generation like the CLI's own (heap-tuning.ts), an old one for its facts. */
const LIMITS: ResourceLimits = { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 512 };

export interface WatchStart {
  rulePackDirs: string[];
  /** Int32Array over a SharedArrayBuffer: [0] bytes handed over and not yet read. */
  inFlight: SharedArrayBuffer;
}

export type ToWatch =
  | { t: 'open'; session: number }
  | { t: 'member'; session: number; member: number; ref: MemberRef; referenceTime: Date }
  | { t: 'lines'; session: number; member: number; batch: RawBatch }
  | { t: 'member-end'; session: number; member: number }
  | { t: 'finish'; session: number; collected: Collected; archive: ArchiveInfo; given: Readonly<Record<string, unknown>>; encodings: Array<[number, number]> }
  | { t: 'abandon'; session: number };

export type FromWatch =
  /** Loaded: the analyzers it runs, as `id@version`, in order. */
  | { t: 'ready'; analyzers: string[] }
  | { t: 'node'; session: number; node: NodeReport; findings: Finding[] }
  /** A batch's buffers, read and given back for another batch (transferred). */
  | { t: 'spare'; bytes: ArrayBuffer; records: ArrayBuffer }
  | { t: 'failed'; session: number; message: string; stack: string };

/** The analyzers as the analysis thread says them: the same list in the same order, or it cannot take the node. */
export function analyzerList(analyzers: readonly AnyAnalyzer[]): string[] {
  return analyzers.map((a) => `${a.meta.id}@${a.meta.version}`);
}

/**
 * Whether the CLI, reading on one thread, analyzes in a thread beside it:
 * only when `setting` (LKANALYZE_ANALYSIS_THREAD) is "1" (why: the top of
 * this file).
 */
export function analysisThreadFor(setting: string | undefined): boolean {
  return setting === '1';
}

/** The compiled entry exists (sources run through a test runner's transform have none). */
export function watchThreadAvailable(): boolean {
  return ENTRY.protocol === 'file:' && import.meta.url.endsWith('.js') && existsSync(fileURLToPath(ENTRY));
}

/** Spare buffers kept for batches: a few, as many as may be in flight at once. */
const MAX_SPARES = 4;

export class WatchThread implements AnalysisThread, RawSpares {
  private readonly worker: Worker;
  private readonly inFlight: Int32Array;
  private readonly ready: Promise<string[] | null>;
  private readonly waiting = new Map<number, { resolve: (r: { node: NodeReport; findings: Finding[] }) => void; reject: (e: Error) => void }>();
  private nextSession = 1;
  private failure: Error | null = null;
  private readonly spares: Array<{ bytes: ArrayBuffer; records: ArrayBuffer }> = [];
  /** Times the reading thread waited for the analysis thread to catch up, and the kept lines handed over (tests and measurements read them). */
  waits = 0;
  linesHanded = 0;
  /** Nodes analyzed there, and nodes it could not take (analyzed in the reading thread). */
  nodes = 0;
  declined = 0;

  /** Starts the thread now, loading the built-in analyzers and these rule packs' (as the reading thread does, in parallel). */
  constructor(rulePackDirs: readonly string[], entry: URL = ENTRY) {
    const shared = new SharedArrayBuffer(4);
    this.inFlight = new Int32Array(shared);
    this.worker = new Worker(entry, { workerData: { rulePackDirs: [...rulePackDirs], inFlight: shared } satisfies WatchStart, resourceLimits: LIMITS });
    this.ready = new Promise((resolve) => {
      const onMessage = (m: FromWatch): void => {
        if (m.t !== 'ready') return;
        this.worker.off('message', onMessage);
        resolve(m.analyzers);
      };
      this.worker.on('message', onMessage);
      this.worker.once('error', () => resolve(null));
      this.worker.once('exit', () => resolve(null));
    });
    this.worker.on('message', (m: FromWatch) => {
      if (m.t === 'ready') return;
      if (m.t === 'spare') {
        if (this.spares.length < MAX_SPARES) this.spares.push({ bytes: m.bytes, records: m.records });
        return;
      }
      const w = this.waiting.get(m.session);
      if (!w) return;
      this.waiting.delete(m.session);
      if (m.t === 'node') w.resolve({ node: m.node, findings: m.findings });
      else w.reject(Object.assign(new Error(m.message), { stack: m.stack }));
    });
    const fail = (err: Error): void => {
      this.failure = err;
      for (const w of this.waiting.values()) w.reject(err);
      this.waiting.clear();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`the analysis thread stopped (exit code ${code})`)));
  }

  async open(analyzers: readonly AnyAnalyzer[]): Promise<NodeSide | null> {
    const theirs = await this.ready;
    if (!theirs || this.failure || theirs.join('\n') !== analyzerList(analyzers).join('\n')) {
      this.declined++;
      return null;
    }
    this.nodes++;
    const session = this.nextSession++;
    this.post({ t: 'open', session });
    return new RemoteSide(this, session, analyzers);
  }

  take(): { bytes: ArrayBuffer; records: ArrayBuffer } | null {
    return this.spares.pop() ?? null;
  }

  post(message: ToWatch): void {
    if (this.failure) throw this.failure;
    this.worker.postMessage(message);
  }

  /** Hands a batch over (its buffers move, not copied), then waits while too much is unread there. */
  postLines(session: number, member: number, batch: RawBatch): void {
    if (this.failure) throw this.failure;
    // Counted before posting: transferred, the batch's buffers are empty here after.
    Atomics.add(this.inFlight, 0, batchBytes(batch));
    this.worker.postMessage({ t: 'lines', session, member, batch } satisfies ToWatch, [batch.bytes.buffer, batch.records.buffer]);
  }

  /** The node, once the analysis thread has run its analyzers. */
  result(session: number): Promise<{ node: NodeReport; findings: Finding[] }> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => this.waiting.set(session, { resolve, reject }));
  }

  /**
   * Blocks this thread while more than MAX_BYTES_IN_FLIGHT are unread in the
   * analysis thread: the archive's inflate goes on in the thread pool.
   */
  holdBack(): void {
    let seen = Atomics.load(this.inFlight, 0);
    if (seen <= MAX_BYTES_IN_FLIGHT) return;
    this.waits++;
    let since = Date.now();
    while (seen > MAX_BYTES_IN_FLIGHT) {
      Atomics.wait(this.inFlight, 0, seen, 1000);
      const now = Atomics.load(this.inFlight, 0);
      if (now !== seen) since = Date.now();
      else if (Date.now() - since > STALLED_MS) throw new Error('the analysis thread stopped reading the lines handed to it');
      seen = now;
    }
  }

  async close(): Promise<void> {
    this.worker.removeAllListeners('exit');
    await this.worker.terminate();
  }
}

function batchBytes(batch: RawBatch): number {
  return batch.bytes.byteLength + batch.records.byteLength;
}

/** One node analyzed in the analysis thread, as the reading thread sees it. */
class RemoteSide implements NodeSide {
  private nextMember = 1;
  /** [index in Collected.read, member]: the records whose encodings the analysis thread fills in. */
  private readonly encodings: Array<[number, number]> = [];

  constructor(
    private readonly thread: WatchThread,
    private readonly session: number,
    private readonly analyzers: readonly AnyAnalyzer[],
  ) {}

  logMember(member: MemberRef, referenceTime: () => Date): LogMemberSide {
    const id = this.nextMember++;
    const { thread, session } = this;
    thread.post({ t: 'member', session, member: id, ref: member, referenceTime: referenceTime() });
    const raw = new RawLineWriter((batch) => {
      thread.postLines(session, id, batch);
      thread.holdBack();
    }, thread);
    return {
      consumers: keywordConsumers(this.analyzers, member.input),
      raw,
      end: (readIndex) => {
        raw.flush();
        thread.linesHanded += raw.handed.lines;
        thread.post({ t: 'member-end', session, member: id });
        if (readIndex >= 0) this.encodings.push([readIndex, id]);
      },
    };
  }

  finish(c: Collected, archive: ArchiveInfo, given: Readonly<Record<string, unknown>>): Promise<{ node: NodeReport; findings: Finding[] }> {
    const result = this.thread.result(this.session);
    this.thread.post({ t: 'finish', session: this.session, collected: c, archive, given, encodings: this.encodings });
    return result;
  }

  abandon(): void {
    this.thread.post({ t: 'abandon', session: this.session });
  }
}
