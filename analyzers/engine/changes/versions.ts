// Changes of software: LifeKeeper's version, its packages and kits (upgraded
// or downgraded as rpm compares versions), the kernel and the OS.
import type { NodeReport } from '../report/report.js';
import type { Change } from './types.js';
import { change, pairByKey } from './diff.js';
import { compareVersionRelease, rpmvercmp } from './rpmvercmp.js';

const evr = (p: { version: string; release: string | null }): string => (p.release ? `${p.version}-${p.release}` : p.version);

function upOrDown(order: number): Change['change'] {
  return order > 0 ? 'upgraded' : order < 0 ? 'downgraded' : 'changed';
}

export function lifeKeeperChanges(before: NodeReport, after: NodeReport): Change[] {
  const a = before['lifekeeper-version'];
  const b = after['lifekeeper-version'];
  if (!a || !b) return [];
  const out: Change[] = [];
  const va = a.version === null ? null : evr({ version: a.version, release: a.release });
  const vb = b.version === null ? null : evr({ version: b.version, release: b.release });
  if (va !== vb) {
    const verb = va === null ? 'added' : vb === null ? 'removed' : upOrDown(compareVersionRelease({ version: b.version ?? '', release: b.release ?? '' }, { version: a.version ?? '', release: a.release ?? '' }));
    out.push(change('lifekeeper', 'LifeKeeper', verb, verb === 'added' || verb === 'removed' ? null : 'version', va, vb, a.evidence ? [a.evidence] : [], b.evidence ? [b.evidence] : []));
  }
  // The core package is the LifeKeeper version above; the others are kits and components.
  const keyed = (ps: typeof a.packages) => ps.filter((p) => p.name !== 'steeleye-lk').map((p) => ({ key: p.name, item: p }));
  for (const p of pairByKey(keyed(a.packages), keyed(b.packages))) {
    if (!p.before && p.after) out.push(change('package', p.key, 'added', null, null, evr(p.after), [], [p.after.evidence]));
    else if (p.before && !p.after) out.push(change('package', p.key, 'removed', null, evr(p.before), null, [p.before.evidence], []));
    else if (p.before && p.after && evr(p.before) !== evr(p.after)) {
      out.push(change('package', p.key, upOrDown(compareVersionRelease(p.after, p.before)), 'version', evr(p.before), evr(p.after), [p.before.evidence], [p.after.evidence]));
    }
  }
  return out;
}

export function kernelChanges(before: NodeReport, after: NodeReport): Change[] {
  const a = before.kernel;
  const b = after.kernel;
  if (!a || !b || a.release === b.release) return [];
  return [change('kernel', 'kernel', upOrDown(rpmvercmp(b.release, a.release)), 'release', a.release, b.release, [a.evidence], [b.evidence])];
}

export function osChanges(before: NodeReport, after: NodeReport): Change[] {
  const a = before['os-release'];
  const b = after['os-release'];
  if (!a || !b) return [];
  const name = (o: typeof a): string => o.prettyName ?? `${o.name} ${o.version}`.trim();
  if (a.id === b.id && a.versionId === b.versionId && name(a) === name(b)) return [];
  const verb = a.id === b.id ? upOrDown(rpmvercmp(b.versionId, a.versionId)) : 'changed';
  return [change('os', a.id === b.id ? a.id : 'OS', verb, 'version', name(a), name(b), a.evidence, b.evidence)];
}
