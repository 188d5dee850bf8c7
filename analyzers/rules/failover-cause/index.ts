// Rule: why did it fail over? For each failover or switchover this node's
// logs show (restores outside start-up, or a failure that took a hierarchy off
// this node), one finding that names the cause class SIOS documents and the
// chain of lines that shows it, or what is missing. With the archives of the
// other nodes given too, cluster-failover-cause tells the same failovers from
// both sides and replaces these findings (no failover is told twice).
import { defineAnalyzer } from '../../engine/plugin/analyzer.js';
import { SOURCES } from '../../engine/plugin/sources.js';
import type { CauseEvent } from '../../shared/failover-cause.js';
import { explainFailovers, severityOf } from '../../shared/failover-cause.js';
import { causeTexts } from '../../shared/failover-cause-text.js';
import { FAILOVER } from '../../shared/glossary.js';

/** Findings of one archive: more failovers than this are one storm, and the first ones tell it. */
const MAX_FINDINGS = 20;

export default defineAnalyzer({
  meta: {
    id: 'failover-cause',
    kind: 'rule',
    title: { en: 'Why did it fail over? The cause of each failover or switchover', ja: `${FAILOVER.ja}の原因: 各${FAILOVER.ja}・スイッチオーバーの原因` },
    severity: 'warning',
    inputs: [],
    needs: ['timeline'],
    uses: ['node-identity'],
    references: [SOURCES.commonCauses, SOURCES.failoverCausesBlog, SOURCES.serverFailureRecovery, SOURCES.quorumWitness, SOURCES.kbLogLevel],
    action: { en: 'Follow the chain of lines to the cause, then fix that cause.', ja: '各行の経緯から原因を確認し、その原因を解消してください。' },
    version: '1',
  },
  run(ctx) {
    const timeline = ctx.fact('timeline');
    if (!timeline) return;
    const node = ctx.fact('node-identity')?.hostname ?? 'this node';
    const events: CauseEvent[] = timeline.events
      .filter((e): e is typeof e & { time: string } => e.time !== null)
      .map((e) => ({ node, at: e.sortKey, time: e.time, kind: e.kind, severity: e.severity, tag: e.tag, title: e.title, evidence: e.evidence }));
    const found = explainFailovers(events, [node]);
    for (const c of found.slice(0, MAX_FINDINGS)) {
      const t = causeTexts(c, null);
      ctx.report({ severity: severityOf(c), ...t, evidence: c.chain.flatMap((e) => e.evidence.slice(0, 1)) });
    }
    if (found.length > MAX_FINDINGS) ctx.note({ en: `${found.length - MAX_FINDINGS} more failovers not explained one by one`, ja: `ほか ${found.length - MAX_FINDINGS} 件の${FAILOVER.ja}は個別に説明していません` });
  },
});
