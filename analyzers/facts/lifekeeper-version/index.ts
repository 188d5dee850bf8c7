// Fact: the LifeKeeper version (from the steeleye-lk core package) and the
// installed LifeKeeper packages and recovery kits, from `rpm -qa`.
import { documentEvidence } from '../../engine/lines/lines.js';
import type { Evidence } from '../../engine/plugin/findings.js';
import { defineAnalyzer, notChecked } from '../../engine/plugin/analyzer.js';
import { text } from '../../engine/plugin/text.js';
import { KIT_NAMES, isLifeKeeperPackage, parseRpmList } from './parse.js';

export interface LifeKeeperPackage {
  name: string;
  version: string;
  release: string;
  arch: string | null;
  /** Display name of the recovery kit or component, when known. */
  kit: string | null;
  evidence: Evidence;
}

export interface LifeKeeperFact {
  /** e.g. "9.5.1"; null when LifeKeeper's core package is not in rpm -qa. */
  version: string | null;
  release: string | null;
  packages: LifeKeeperPackage[];
  kits: string[];
  evidence: Evidence | null;
}

declare module '../../engine/plugin/facts.js' {
  interface Facts {
    'lifekeeper-version': LifeKeeperFact;
  }
}

export default defineAnalyzer({
  meta: {
    id: 'lifekeeper-version',
    kind: 'fact',
    title: { en: 'LifeKeeper version and kits', ja: 'LifeKeeper のバージョンとリカバリーキット' },
    inputs: ['rpm-qa'],
    version: '1',
  },
  run(ctx) {
    const docs = ctx.documents('rpm-qa');
    if (docs.length === 0) {
      return notChecked(text('no rpm -qa output in the archive', 'アーカイブに rpm -qa の出力がありません'));
    }
    const packages: LifeKeeperPackage[] = [];
    for (const doc of docs) {
      for (const p of parseRpmList(doc.lines)) {
        if (!isLifeKeeperPackage(p.name) || packages.some((q) => q.name === p.name && q.version === p.version)) continue;
        packages.push({
          name: p.name,
          version: p.version,
          release: p.release,
          arch: p.arch,
          kit: KIT_NAMES[p.name] ?? (p.name === 'steeleye-lk' ? null : p.name),
          evidence: documentEvidence(doc, p.lineIndex),
        });
      }
    }
    packages.sort((a, b) => a.name.localeCompare(b.name));
    const core = packages.find((p) => p.name === 'steeleye-lk');
    return {
      version: core?.version ?? null,
      release: core?.release ?? null,
      packages,
      kits: packages.map((p) => p.kit).filter((k): k is string => k !== null),
      evidence: core?.evidence ?? null,
    };
  },
});
