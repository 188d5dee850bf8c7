// Fact: every key of /etc/default/LifeKeeper with its documented default and
// whether it differs, and iscsid.conf's session replacement timeout.
import { documentEvidence } from '../../engine/lines/lines.js';
import { defineAnalyzer, notChecked } from '../../engine/plugin/analyzer.js';
import type { Evidence } from '../../engine/plugin/findings.js';
import { text } from '../../engine/plugin/text.js';
import { DEFAULTS, sameValue } from './defaults.js';
import { parseIscsidConf, parseShellAssignments, unreadShellLines } from './parse.js';

export interface Setting {
  key: string;
  value: string;
  /** The documented default, or null where the knowledge files give none. */
  default: string | null;
  /** null when there is no known default to compare with. */
  differs: boolean | null;
  defaultSource: string | null;
  /** The key is set more than once; the last assignment wins, as in the shell. */
  overridden: boolean;
  evidence: Evidence;
}

export interface SettingsFact {
  lifekeeper: Setting[];
  iscsi: { replacementTimeout: number | null; evidence: Evidence | null } | null;
}

declare module '../../engine/plugin/facts.js' {
  interface Facts {
    'settings': SettingsFact;
  }
}

export default defineAnalyzer({
  meta: {
    id: 'settings',
    kind: 'fact',
    title: { en: 'LifeKeeper and iSCSI settings', ja: 'LifeKeeper と iSCSI の設定' },
    inputs: ['lifekeeper-defaults', 'iscsid-conf'],
    version: '1',
  },
  run(ctx) {
    const defaults = ctx.documents('lifekeeper-defaults');
    const iscsiDocs = ctx.documents('iscsid-conf');
    if (defaults.length === 0 && iscsiDocs.length === 0) {
      return notChecked(text('no /etc/default/LifeKeeper or iscsid.conf in the archive', 'アーカイブに /etc/default/LifeKeeper も iscsid.conf もありません'));
    }
    const byKey = new Map<string, Setting>();
    for (const doc of defaults) {
      ctx.unread(doc, unreadShellLines(doc.lines));
      for (const a of parseShellAssignments(doc.lines)) {
        const known = DEFAULTS[a.key];
        byKey.set(a.key, {
          key: a.key,
          value: a.value,
          default: known?.value ?? null,
          differs: known ? !sameValue(a.value, known.value) : null,
          defaultSource: known?.source ?? null,
          overridden: byKey.has(a.key),
          evidence: documentEvidence(doc, a.lineIndex),
        });
      }
    }
    let iscsi: SettingsFact['iscsi'] = null;
    for (const doc of iscsiDocs) {
      const rt = parseIscsidConf(doc.lines).filter((a) => a.key === 'node.session.timeo.replacement_timeout').pop();
      iscsi = rt
        ? {
            replacementTimeout: /^\d+$/.test(rt.value) ? Number(rt.value) : null,
            evidence: documentEvidence(doc, rt.lineIndex),
          }
        : { replacementTimeout: null, evidence: null };
    }
    return { lifekeeper: [...byKey.values()], iscsi };
  },
});
