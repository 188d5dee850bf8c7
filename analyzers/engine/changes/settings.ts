// Changes of settings: every key of /etc/default/LifeKeeper set, unset or set
// to another value (with its documented default, which applies where a key is
// not set), and iscsid.conf's session replacement timeout.
import type { NodeReport } from '../report/report.js';
import type { Change } from './types.js';
import { change, pairByKey } from './diff.js';

/** Whether the archive held /etc/default/LifeKeeper at all (an archive without it has no keys, which is not "every key unset"). */
export function hasLifeKeeperDefaults(node: NodeReport): boolean {
  return node.members.read.some((m) => m.input === 'lifekeeper-defaults');
}

/** Whether the archive held iscsid.conf (a node without iSCSI has none: not "the timeout was unset"). */
export function hasIscsiConf(node: NodeReport): boolean {
  return node.members.read.some((m) => m.input === 'iscsid-conf');
}

export function settingChanges(before: NodeReport, after: NodeReport): Change[] {
  const a = before.settings;
  const b = after.settings;
  if (!a || !b) return [];
  const out: Change[] = [];
  const keyed = (s: typeof a.lifekeeper) => s.map((x) => ({ key: x.key, item: x }));
  const both = hasLifeKeeperDefaults(before) && hasLifeKeeperDefaults(after);
  for (const p of both ? pairByKey(keyed(a.lifekeeper), keyed(b.lifekeeper)) : []) {
    const vb = p.before?.value ?? null;
    const va = p.after?.value ?? null;
    if (vb === va) continue;
    const verb = vb === null ? 'added' : va === null ? 'removed' : 'changed';
    const c = change('setting', p.key, verb, null, vb, va, p.before ? [p.before.evidence] : [], p.after ? [p.after.evidence] : []);
    c.default = p.after?.default ?? p.before?.default ?? null;
    out.push(c);
  }
  // iscsid.conf: compared only when both archives hold it.
  if (a.iscsi && b.iscsi) {
    const tb = a.iscsi.replacementTimeout === null ? null : String(a.iscsi.replacementTimeout);
    const ta = b.iscsi.replacementTimeout === null ? null : String(b.iscsi.replacementTimeout);
    if (tb !== ta) {
      const verb = tb === null ? 'added' : ta === null ? 'removed' : 'changed';
      out.push(change('iscsi', 'node.session.timeo.replacement_timeout', verb, null, tb, ta, a.iscsi.evidence ? [a.iscsi.evidence] : [], b.iscsi.evidence ? [b.iscsi.evidence] : []));
    }
  }
  return out;
}
