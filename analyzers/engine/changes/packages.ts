// Changes of the other packages (all but LifeKeeper's, which versions.ts
// compares as kits): installed, removed, upgraded or downgraded as rpm orders
// them (epoch, version, release). A name installed at several versions at once
// (kernels) is a set: it changed when the set did, upgraded or downgraded by
// its newest member.
import type { Evidence } from '../plugin/findings.js';
import type { NodeReport } from '../report/report.js';
import { MAX_EVIDENCE_PER_ITEM } from '../run/budget.js';
import { evrText, isLifeKeeperPackage } from '../../shared/formats/rpm.js';
import type { Change } from './types.js';
import { change } from './diff.js';
import { compareEvr } from './rpmvercmp.js';

/** Names in code-point order, as `sort` of the list would put them (a locale's collation is slower and varies by host). */
export const byCodePoint = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);

export type Package = NonNullable<NodeReport['installed-packages']>['packages'][number];

/** Each name's packages, oldest first as rpm orders them, LifeKeeper's left out; names in the list's order. */
export function packagesByName(node: NodeReport): Map<string, Package[]> {
  const out = new Map<string, Package[]>();
  for (const p of node['installed-packages']?.packages ?? []) {
    if (isLifeKeeperPackage(p.name)) continue;
    const list = out.get(p.name);
    if (list) list.push(p);
    else out.set(p.name, [p]);
  }
  for (const list of out.values()) list.sort(compareEvr);
  return out;
}

/** The versions of one name as a value: `[E:]V-R`, each once, oldest first. */
export function versionSet(ps: readonly Package[]): string {
  return [...new Set(ps.map(evrText))].join(', ');
}

const lines = (ps: readonly Package[]): Evidence[] => ps.slice(-MAX_EVIDENCE_PER_ITEM).map((p) => ({ ...p.evidence }));

export function packageChanges(before: NodeReport, after: NodeReport): Change[] {
  if (!before['installed-packages'] || !after['installed-packages']) return [];
  const a = packagesByName(before);
  const b = packagesByName(after);
  const out: Change[] = [];
  const names = [...new Set([...b.keys(), ...a.keys()])].sort(byCodePoint);
  for (const name of names) {
    const pa = a.get(name) ?? [];
    const pb = b.get(name) ?? [];
    const va = versionSet(pa);
    const vb = versionSet(pb);
    if (va === vb) continue;
    const newestA = pa[pa.length - 1];
    const newestB = pb[pb.length - 1];
    if (!newestA) {
      out.push(change('other-package', name, 'added', null, null, vb, [], lines(pb)));
      continue;
    }
    if (!newestB) {
      out.push(change('other-package', name, 'removed', null, va, null, lines(pa), []));
      continue;
    }
    const order = compareEvr(newestB, newestA);
    const verb = order > 0 ? 'upgraded' : order < 0 ? 'downgraded' : 'changed';
    // The lines of the versions only one side has; where a side has none of its own (a kernel added beside the old one), its newest.
    const onlyA = pa.filter((p) => !pb.some((q) => evrText(q) === evrText(p)));
    const onlyB = pb.filter((p) => !pa.some((q) => evrText(q) === evrText(p)));
    out.push(change('other-package', name, verb, 'version', va, vb, lines(onlyA.length ? onlyA : [newestA]), lines(onlyB.length ? onlyB : [newestB])));
  }
  return out;
}
