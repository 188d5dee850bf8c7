// The one comparison every kind of change uses: two keyed lists, what is only
// in the earlier, only in the later, and in both.
import type { Evidence } from '../plugin/findings.js';
import type { Change, ChangeKind } from './types.js';

export interface Keyed<T> {
  key: string;
  item: T;
}

/** Items of both lists by key, in the later list's order, then those only in the earlier one (a key seen twice: its first). */
export function pairByKey<T>(before: ReadonlyArray<Keyed<T>>, after: ReadonlyArray<Keyed<T>>): Array<{ key: string; before: T | null; after: T | null }> {
  const old = new Map<string, T>();
  for (const b of before) if (!old.has(b.key)) old.set(b.key, b.item);
  const seen = new Set<string>();
  const out: Array<{ key: string; before: T | null; after: T | null }> = [];
  for (const a of after) {
    if (seen.has(a.key)) continue;
    seen.add(a.key);
    out.push({ key: a.key, before: old.get(a.key) ?? null, after: a.item });
  }
  for (const [key, item] of old) if (!seen.has(key)) out.push({ key, before: item, after: null });
  return out;
}

/** A change with no default and the evidence given. */
export function change(kind: ChangeKind, subject: string, verb: Change['change'], field: string | null, before: string | null, after: string | null, evidenceBefore: readonly Evidence[], evidenceAfter: readonly Evidence[]): Change {
  return { kind, subject, change: verb, field, before, after, default: null, evidenceBefore: [...evidenceBefore], evidenceAfter: [...evidenceAfter] };
}

/** added, removed, or a change of each field that differs, for one subject seen in either archive. */
export function fieldChanges<T>(
  kind: ChangeKind,
  subject: string,
  pair: { before: T | null; after: T | null },
  whole: (x: T) => string | null,
  fields: ReadonlyArray<[string, (x: T) => string | null]>,
  evidence: (x: T) => readonly Evidence[],
): Change[] {
  const { before, after } = pair;
  if (before === null && after === null) return [];
  if (before === null) return [change(kind, subject, 'added', null, null, whole(after as T), [], evidence(after as T))];
  if (after === null) return [change(kind, subject, 'removed', null, whole(before), null, evidence(before), [])];
  const out: Change[] = [];
  for (const [field, get] of fields) {
    const b = get(before);
    const a = get(after);
    if (b !== a) out.push(change(kind, subject, 'changed', field, b, a, evidence(before), evidence(after)));
  }
  return out;
}
