// Fact: the LifeKeeper flags that are on (flg_list and the lcdstatus flags
// section) and the shutdown strategy.
import { documentEvidence } from '../../engine/lines/lines.js';
import { defineAnalyzer, notChecked } from '../../engine/plugin/analyzer.js';
import type { Evidence } from '../../engine/plugin/findings.js';
import { parseLongStatus } from '../../shared/formats/lcdstatus.js';
import { text } from '../../engine/plugin/text.js';
import { hanaFlag } from '../../shared/hana.js';

export interface Flag {
  flag: string;
  /** shutdown_switchover, nofailover, notarmode, action (admin lock), restore, confirmso, hana (the SAP HANA kit's flags), volatile, or other. */
  kind: string;
  evidence: Evidence;
}

export interface FlagsFact {
  flags: Flag[];
  shutdownStrategy: string | null;
  evidence: Evidence[];
}

export function flagKind(flag: string): string {
  // The SAP HANA kit's flags first: `!volatile!noHANAremove_<tag>` is the kit's, not a generic volatile flag.
  if (hanaFlag(flag)) return 'hana';
  const m = /^!?(shutdown_switchover|nofailover|notarmode|action|restore|confirmso|volatile)\b/i.exec(flag);
  return m?.[1]?.toLowerCase() ?? 'other';
}

/**
 * The flag of one flg_list line. Its format is a GUESS (formats.md §2.6): one flag a line is assumed, but the
 * other LCDI lists print ^A-separated fields with the system first, so a line with ^A is read as its last field.
 */
export function flagOfListLine(line: string): string {
  const fields = line.split('\u0001').map((f) => f.trim()).filter(Boolean);
  return fields[fields.length - 1] ?? '';
}

declare module '../../engine/plugin/facts.js' {
  interface Facts {
    'lifekeeper-flags': FlagsFact;
  }
}

export default defineAnalyzer({
  meta: {
    id: 'lifekeeper-flags',
    kind: 'fact',
    title: { en: 'LifeKeeper flags', ja: 'LifeKeeper フラグ' },
    inputs: ['flg-list', 'lcdstatus'],
    version: '1',
  },
  run(ctx) {
    const flags: Flag[] = [];
    const evidence: Evidence[] = [];
    let shutdownStrategy: string | null = null;
    const add = (flag: string, e: Evidence): void => {
      if (!flags.some((f) => f.flag === flag)) flags.push({ flag, kind: flagKind(flag), evidence: e });
    };
    for (const doc of ctx.documents('flg-list')) {
      doc.lines.forEach((l, i) => {
        const flag = flagOfListLine(l);
        if (flag) add(flag, documentEvidence(doc, i));
      });
    }
    for (const doc of ctx.documents('lcdstatus')) {
      const long = parseLongStatus(doc.lines);
      for (const f of long.flags) add(f.flag, documentEvidence(doc, f.lineIndex));
      if (long.shutdownStrategy) {
        shutdownStrategy = long.shutdownStrategy;
        const i = doc.lines.findIndex((l) => /shutdown strategy/i.test(l));
        if (i >= 0) evidence.push(documentEvidence(doc, i));
      }
    }
    if (ctx.documents('flg-list').length === 0 && ctx.documents('lcdstatus').length === 0) {
      return notChecked(text('no flg_list or lcdstatus long output in the archive', 'アーカイブに flg_list も lcdstatus(詳細形式)の出力もありません'));
    }
    if (!shutdownStrategy && flags.some((f) => f.kind === 'shutdown_switchover')) shutdownStrategy = 'switchover';
    return { flags, shutdownStrategy, evidence };
  },
});
