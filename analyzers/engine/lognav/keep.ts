// The log view's store made from the app's analysis pass itself: every
// member the analysis reads is also handed to a StoreKeeper (the same bytes,
// inflated once), so that no second pass over the archive is needed before a
// member opens at a line. Only the app and `lkanalyze serve` ask for it (an
// AnalyzeOptions.tee); the CLI's analysis keeps nothing.
import type { ArchiveVisitor, MemberHeader, MemberSink } from '../archive/archive.js';
import type { ArchiveTee } from '../run/engine.js';
import type { StoreKeeper } from './member-store.js';
import { isNotOpened } from '../archive/nesting.js';
import { classify } from './walk.js';

/**
 * Wraps an analysis' visitor: each member goes to the analysis as before and
 * to the keeper, named as the walk names it (prefix, then its path). Archives
 * inside are left to the analysis, which wraps their own visitor (the
 * engine's tee calls). A member the analysis passes over is read for the
 * keeper alone; one the keeper does not want costs nothing more.
 */
export function keepingTee(keeper: StoreKeeper): ArchiveTee {
  return (visitor: ArchiveVisitor, prefix: string): ArchiveVisitor => {
    const wrapped: ArchiveVisitor = {
      open(h: MemberHeader): MemberSink | null {
        const analysis = visitor.open(h);
        const c = classify(h);
        const kept = keeper.member({ name: `${prefix}${h.path}`, header: h, ...c, offset: null });
        if (!kept) return analysis;
        // Both read the same bytes: a member they would decompress differently is the analysis' alone.
        if (analysis && analysis.gunzip !== c.gunzip) {
          kept.end(null);
          return analysis;
        }
        if (!analysis) return { gunzip: c.gunzip, write: (chunk) => kept.write(chunk), end: (p, note) => kept.end(p, note) };
        let toAnalysis = true;
        let toKeeper = true;
        return {
          gunzip: analysis.gunzip,
          write(chunk) {
            if (toAnalysis) toAnalysis = analysis.write(chunk);
            if (toKeeper) toKeeper = kept.write(chunk);
            return toAnalysis || toKeeper;
          },
          end(problem, note) {
            analysis.end(problem, note);
            kept.end(problem, note);
          },
        };
      },
    };
    const openArchive = visitor.openArchive?.bind(visitor);
    if (openArchive) {
      wrapped.openArchive = (h) => {
        const opened = openArchive(h);
        // An archive inside the analysis does not open (archive/nesting.ts): listed with why, as the walk lists it.
        if (isNotOpened(opened)) keeper.member({ name: `${prefix}${h.path}`, header: h, kind: 'skipped', skipped: 'not-opened', notOpened: opened.reason, input: null, gunzip: false, offset: null })?.end(null);
        return opened;
      };
    }
    return wrapped;
  };
}
