// Changes of the cluster's configuration as one node saw it: resources added
// or removed, their state, priority and equivalencies; comm paths; flags;
// DataKeeper mirrors (status, health, dirty share of the bitmap).
import type { NodeReport } from '../report/report.js';
import { inTreeOrder } from '../../shared/tree.js';
import { commPathAddress } from '../../shared/comm-path-address.js';
import type { Change } from './types.js';
import { change, fieldChanges, pairByKey } from './diff.js';

/** A resource of the hierarchy fact (the fact's own type, seen through the node). */
export type Resource = NonNullable<NodeReport['resource-hierarchy']>[number];

const str = (v: string | number | null | undefined): string | null => (v === null || v === undefined ? null : String(v));

export function equivalencies(r: Resource): string | null {
  const list = r.equivalencies.map((e) => `${e.peer}/${e.peerTag}${e.priority === null ? '' : `:${e.priority}`}`).sort();
  return list.length ? list.join(', ') : null;
}

export function resourceChanges(before: NodeReport, after: NodeReport): Change[] {
  const a = before['resource-hierarchy'];
  const b = after['resource-hierarchy'];
  if (!a || !b) return [];
  const keyed = (roots: typeof a) => inTreeOrder(roots).map((r) => ({ key: r.tag, item: r }));
  return pairByKey(keyed(a), keyed(b)).flatMap((p) => fieldChanges('resource', p.key, p, (r) => `${r.app ?? '?'}/${r.type ?? '?'} ${r.state ?? '?'}`, [
    ['state', (r) => r.state],
    ['priority', (r) => str(r.localPriority)],
    ['equivalency', equivalencies],
  ], (r) => r.evidence.slice(0, 1)));
}

export function commPathChanges(before: NodeReport, after: NodeReport): Change[] {
  const a = before['comm-paths'];
  const b = after['comm-paths'];
  if (!a || !b) return [];
  const keyed = (ps: typeof a) => ps.map((p) => ({ key: `${p.peer} ${p.type} ${commPathAddress(p)}`, item: p }));
  return pairByKey(keyed(a), keyed(b)).flatMap((p) => fieldChanges('comm-path', p.key, p, (x) => x.state, [
    ['state', (x) => x.state],
    ['priority', (x) => str(x.priority)],
  ], (x) => x.evidence.slice(0, 1)));
}

export function flagChanges(before: NodeReport, after: NodeReport): Change[] {
  const a = before['lifekeeper-flags'];
  const b = after['lifekeeper-flags'];
  if (!a || !b) return [];
  const keyed = (fs: typeof a.flags) => fs.map((f) => ({ key: f.flag, item: f }));
  const out = pairByKey(keyed(a.flags), keyed(b.flags)).flatMap((p) => fieldChanges('flag', p.key, p, (f) => f.flag, [], (f) => [f.evidence]));
  if (a.shutdownStrategy !== b.shutdownStrategy) {
    out.push(change('flag', 'shutdown strategy', 'changed', 'strategy', a.shutdownStrategy, b.shutdownStrategy, a.evidence.slice(0, 1), b.evidence.slice(0, 1)));
  }
  return out;
}

export function mirrorChanges(before: NodeReport, after: NodeReport): Change[] {
  const a = before.datakeeper;
  const b = after.datakeeper;
  if (!a || !b) return [];
  type M = (typeof a.mirrors)[number];
  const keyed = (ms: readonly M[]) => ms.map((m) => ({ key: m.tag ?? m.device, item: m }));
  return pairByKey(keyed(a.mirrors), keyed(b.mirrors)).flatMap((p) => fieldChanges('mirror', p.key, p, (m) => m.device, [
    ['health', (m) => m.health],
    ['status', (m) => m.status?.status ?? null],
    ['dirty', (m) => (m.status?.bitmap?.dirtyPercent === null || m.status?.bitmap?.dirtyPercent === undefined ? null : `${m.status.bitmap.dirtyPercent}%`)],
  ], (m) => m.evidence.slice(0, 2)));
}
