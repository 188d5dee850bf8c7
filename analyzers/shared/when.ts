// Times as findings print them: a log's local wall-clock time to the second,
// and what to say of an event quoted without its syslog header (no time).
import type { Lang } from '../engine/plugin/text.js';

/** `2024-05-20T10:13:20.123` → `2024-05-20 10:13:20`; for no time, the words for it. */
export function logTime(iso: string | null | undefined, lang: Lang): string {
  if (!iso) return lang === 'ja' ? '時刻不明' : 'an unknown time';
  return iso.replace('T', ' ').slice(0, 19);
}
