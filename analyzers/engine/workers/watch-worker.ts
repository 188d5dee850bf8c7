// The entry of the analysis thread (watch-thread.ts): it loads the same
// analyzers as the reading thread, rebuilds each log member's kept lines from
// the bytes handed over (lines/raw-lines.ts), runs the watchers on them, and,
// once the archive is read, the fact analyzers and rules (run/node-analysis.ts),
// and posts the node back. Several nodes may be open at once (an archive of
// archives, or two archives read side by side): each is a session.
import { parentPort, workerData } from 'node:worker_threads';
import type { MemberRef, SourceLine } from '../lines/lines.js';
import { RawLineReader } from '../lines/raw-lines.js';
import type { AnyAnalyzer } from '../plugin/analyzer.js';
import { runAnalyzers, watchContext, WatchSet } from '../run/node-analysis.js';
import type { FromWatch, ToWatch, WatchStart } from './watch-thread.js';
import { analyzerList } from './watch-thread.js';
import { loadAnalyzers } from '../../registry.js';

const start = workerData as WatchStart;
const inFlight = new Int32Array(start.inFlight);

interface Session {
  watches: WatchSet;
  /** Each member's reference time for BSD syslog timestamps, said by the reading thread when the member began. */
  referenceTimes: Map<MemberRef, Date>;
  members: Map<number, RawLineReader>;
  /** Each member's encodings, for its record once the node is analyzed. */
  encodings: Map<number, string[]>;
  /** The first error of this thread's own code (not a watcher's: those are contained by WatchSet). */
  error: Error | null;
}

const sessions = new Map<number, Session>();


function post(message: FromWatch): void {
  parentPort?.postMessage(message);
}

function handle(analyzers: readonly AnyAnalyzer[], m: ToWatch): void {
  if (m.t === 'open') {
    const referenceTimes = new Map<MemberRef, Date>();
    const reference = (line: SourceLine): Date => referenceTimes.get(line.member) ?? new Date(0);
    sessions.set(m.session, { watches: new WatchSet(analyzers, watchContext(reference)), referenceTimes, members: new Map(), encodings: new Map(), error: null });
    return;
  }
  const s = sessions.get(m.session);
  if (!s) return;
  if (m.t === 'abandon') {
    sessions.delete(m.session);
    return;
  }
  if (m.t === 'finish') {
    sessions.delete(m.session);
    if (s.error) throw s.error;
    for (const [readIndex, member] of m.encodings) {
      const record = m.collected.read[readIndex];
      if (record) record.encodings = s.encodings.get(member) ?? [];
    }
    const { node, findings } = runAnalyzers(analyzers, m.collected, s.watches, m.archive, m.given);
    post({ t: 'node', session: m.session, node, findings });

    return;
  }
  if (s.error) return;
  try {
    if (m.t === 'member') {
      s.referenceTimes.set(m.ref, m.referenceTime);
      s.members.set(m.member, new RawLineReader(m.ref, s.watches.consumersFor(m.ref.input)));
    } else if (m.t === 'lines') {
      s.members.get(m.member)?.read(m.batch);
    } else {
      const reader = s.members.get(m.member);
      if (reader) {
        reader.end();
        s.encodings.set(m.member, [...reader.encodings].sort());
        s.members.delete(m.member);
      }
    }
  } catch (err) {
    s.error = err instanceof Error ? err : new Error(String(err));
  }
}

async function main(): Promise<void> {
  // The parent has already loaded (and timed) these packs: load, don't check again.
  const { analyzers } = await loadAnalyzers(start.rulePackDirs, { timePatterns: false });
  parentPort?.on('message', (m: ToWatch) => {
    try {
      handle(analyzers, m);
    } catch (err) {
      post({ t: 'failed', session: m.session, message: err instanceof Error ? err.message : String(err), stack: err instanceof Error ? (err.stack ?? '') : '' });
    } finally {
      if (m.t === 'lines') {
        Atomics.sub(inFlight, 0, m.batch.bytes.byteLength + m.batch.records.byteLength);
        Atomics.notify(inFlight, 0);
        // Its buffers back to the reading thread, for another batch: no new memory for each.
        const spare = { bytes: m.batch.bytes.buffer, records: m.batch.records.buffer };
        parentPort?.postMessage({ t: 'spare', ...spare } satisfies FromWatch, [spare.bytes, spare.records]);
      }
    }
  });
  post({ t: 'ready', analyzers: analyzerList(analyzers) });

}

void main();
