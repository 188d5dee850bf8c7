// Fact: every package `rpm -qa` lists (not only LifeKeeper's), so that two
// archives of a node, or the nodes of a cluster, can be compared package by
// package. Bounded: an archive's list is cut at MAX_PACKAGES, and the report says so.
import type { Evidence } from '../../engine/plugin/findings.js';
import { defineAnalyzer, notChecked } from '../../engine/plugin/analyzer.js';
import { text } from '../../engine/plugin/text.js';
import { clipLine, MAX_PACKAGES } from '../../engine/run/budget.js';
import { parseRpmLine } from '../../shared/formats/rpm.js';

export interface InstalledPackage {
  name: string;
  /** The epoch when the list gives one; null when it prints none (rpm then compares it as 0). */
  epoch: string | null;
  version: string;
  release: string;
  arch: string | null;
  /** The line that lists it (without context: a list of a thousand packages needs none). */
  evidence: Evidence;
}

export interface InstalledPackagesFact {
  /** In the order of the list; one entry per name, epoch, version, release and arch (a kernel installed three times is three). */
  packages: InstalledPackage[];
  /** Packages past MAX_PACKAGES: counted, not kept. */
  dropped: number;
}

declare module '../../engine/plugin/facts.js' {
  interface Facts {
    'installed-packages': InstalledPackagesFact;
  }
}

export default defineAnalyzer({
  meta: {
    id: 'installed-packages',
    kind: 'fact',
    title: { en: 'Installed packages', ja: 'インストール済みパッケージ' },
    inputs: ['rpm-qa'],
    version: '1',
  },
  run(ctx) {
    const docs = ctx.documents('rpm-qa');
    if (docs.length === 0) return notChecked(text('no rpm -qa output in the archive', 'アーカイブに rpm -qa の出力がありません'));
    const packages: InstalledPackage[] = [];
    const seen = new Set<string>();
    let dropped = 0;
    for (const doc of docs) {
      const junk: number[] = [];
      for (const [i, line] of doc.lines.entries()) {
        const trimmed = line.trim();
        if (trimmed === '' || trimmed.startsWith('#')) continue;
        const p = parseRpmLine(trimmed);
        if (!p) {
          junk.push(i);
          continue;
        }
        // Two lists of one archive (rpm -qa and rpm -qa --last) name the same packages.
        const key = [p.name, p.epoch ?? '', p.version, p.release, p.arch ?? ''].join('\u0000');
        if (seen.has(key)) continue;
        seen.add(key);
        if (packages.length >= MAX_PACKAGES) {
          dropped++;
          continue;
        }
        packages.push({ ...p, evidence: { path: doc.path, line: i + 1, text: clipLine(line) } });
      }
      if (junk.length) ctx.unread(doc, junk);
    }
    if (dropped) ctx.note(text(`${dropped} packages past the first ${MAX_PACKAGES} were not kept`, `先頭 ${MAX_PACKAGES} 個を超える ${dropped} 個のパッケージは保持していません`));
    return { packages, dropped };
  },
});
