// Reads DataKeeper resync events from LifeKeeper log lines: message 104009
// (`/dev/md0: bitmap merged, resyncing 2.9 GB`), and pause / resume / force /
// full resync actions of the `dr` component.
import { parseSize } from '../../shared/formats/sizes.js';
import { clipName } from '../../engine/run/budget.js';
import type { LogLine } from '../../engine/lines/syslog.js';

export type ResyncKind = 'partial' | 'full' | 'pause' | 'resume' | 'force';

export interface ResyncEvent {
  kind: ResyncKind;
  /** The dr action field: resume, recover, restore, pause, force, fullresync ... */
  action: string;
  tag: string;
  device: string | null;
  /** The size as logged, for partial resyncs. */
  size: string | null;
  bytes: number | null;
}

/** Characters of a logged size kept in the fact ("662.2 MB" is 8). */
const MAX_SIZE_CHARS = 32;

/** A partial resync whose size was logged but cannot be read as bytes (not a size, negative, or out of range). */
export function unreadableSize(r: ResyncEvent): boolean {
  return r.kind === 'partial' && r.size !== null && r.bytes === null;
}

// Matched on the trimmed text: a lazy size followed by \s*$ backtracks quadratically on a run of spaces.
const BITMAP = /^(\S+):\s*bitmap merged, resyncing\s+(.+)$/i;

export function parseResyncLine(l: LogLine): ResyncEvent | null {
  const lk = l.lk;
  if (!lk) return null;
  if (lk.msgid === '104009') {
    const m = BITMAP.exec(lk.text.trim());
    const logged = m?.[2] ?? null;
    // A size is a few characters; one of thousands is shown shortened (its line is the evidence).
    const size = logged === null ? null : clipName(logged, MAX_SIZE_CHARS);
    return { kind: 'partial', action: lk.action, tag: lk.tag, device: m?.[1] ?? null, size, bytes: logged ? parseSize(logged) : null };
  }
  if (lk.component !== 'dr') return null;
  const action = lk.action.toLowerCase();
  const device = /(\/dev\/md\d+)/.exec(lk.text)?.[1] ?? null;
  const base = { action: lk.action, tag: lk.tag, device, size: null, bytes: null };
  if (action === 'fullresync' || /full\s*resync/i.test(lk.text)) return { ...base, kind: 'full' };
  if (action === 'pause') return { ...base, kind: 'pause' };
  if (action === 'force') return { ...base, kind: 'force' };
  if (action === 'resume' && !/resyncing/i.test(lk.text)) return { ...base, kind: 'resume' };
  return null;
}
