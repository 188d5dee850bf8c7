// How values read in every output: times, sizes, where evidence is, a comm path's address, the tone of a state.
import type { Evidence } from '../analyzers/engine/plugin/findings.js';
import type { Lang } from '../analyzers/engine/plugin/text.js';
import { formatSeconds, label } from './labels.js';

export { formatBytes } from '../analyzers/engine/report/units.js';

/**
 * A report time as people read it: `2024-05-20 10:20:01`. Report times are
 * ISO 8601 local wall-clock times as the logs wrote them (no zone, sometimes
 * with a fraction of a second); the fraction is dropped unless `fraction` is
 * 'keep' (the text summary's last lkscsid restart has always shown it).
 * Missing times read as ''.
 */
export function formatTime(iso: string | null | undefined, fraction: 'drop' | 'keep' = 'drop'): string {
  if (!iso) return '';
  const s = iso.replace('T', ' ');
  return fraction === 'keep' ? s : s.slice(0, 19);
}

/** The day of a report time: `2024-05-20`. */
export function formatDate(iso: string | null | undefined): string {
  return formatTime(iso).slice(0, 10);
}

/** A sort key (the wall clock read as UTC milliseconds, as the facts keep it) as a time. */
export function formatSortKey(ms: number): string {
  return formatTime(new Date(ms).toISOString());
}

/** Where a line of evidence is, compactly: `node: path:line`, or the path alone for a member as a whole. */
export function where(e: Pick<Evidence, 'node' | 'path' | 'line'>): string {
  return `${e.node ? `${e.node}: ` : ''}${e.line > 0 ? `${e.path}:${e.line}` : e.path}`;
}

/** Where a line of evidence is, spelt out beside the line: `path:line`, or the path and "the file itself" (the node is shown apart). */
export function location(e: Pick<Evidence, 'path' | 'line'>, lang: Lang): string {
  return e.line > 0 ? `${e.path}:${e.line}` : `${e.path} (${label('wholeMember', lang)})`;
}

/** The address of a comm path: its device for TTY, `local/remote` otherwise (one definition, shared with the engine). */
export { commPathAddress } from '../analyzers/shared/comm-path-address.js';

/** How a resource or comm path state is coloured in the text summary. */
export type Tone = 'good' | 'warning' | 'critical' | 'muted';

const STATE_TONES: Readonly<Record<string, Tone>> = { ISP: 'good', ISU: 'warning', OSF: 'critical', ILLSTATE: 'critical', OSU: 'muted', ALIVE: 'good', DEAD: 'critical' };

export function stateTone(state: string): Tone {
  // Own keys only: a state read from an archive may be spelt like an Object.prototype member.
  return Object.hasOwn(STATE_TONES, state) ? (STATE_TONES[state] ?? 'muted') : 'muted';
}

/** A clock skew in whole seconds: `2 s`, 「2 秒」. */
export function formatSkew(offsetMs: number, lang: Lang): string {
  return formatSeconds(Number((offsetMs / 1000).toFixed(0)), lang);
}
