// Cross-node rule: why did it fail over, told from every node of the cluster
// at once. The same explainer as the node rule failover-cause, on the merged
// timeline with each node's clock corrected for its estimated skew, so the
// chain runs across nodes (the peer's restart, its hung tasks, its failed
// recovery, its removes) and the cause class is the one both sides show.
// It replaces failover-cause's findings on the cluster's nodes.
import { defineAnalyzer } from '../../engine/plugin/analyzer.js';
import { SOURCES } from '../../engine/plugin/sources.js';
import type { CauseEvent } from '../../shared/failover-cause.js';
import { explainFailovers, severityOf } from '../../shared/failover-cause.js';
import { causeTexts } from '../../shared/failover-cause-text.js';
import { FAILOVER } from '../../shared/glossary.js';

/** Findings of one cluster: more failovers than this are one storm, and the first ones tell it. */
const MAX_FINDINGS = 20;

export default defineAnalyzer({
  meta: {
    id: 'cluster-failover-cause',
    kind: 'cluster-rule',
    title: { en: `Why did it fail over? The cause of each failover or switchover, from both nodes' logs`, ja: `${FAILOVER.ja}の原因: 両ノードのログから見た各${FAILOVER.ja}・スイッチオーバーの原因` },
    severity: 'warning',
    references: [SOURCES.commonCauses, SOURCES.failoverCausesBlog, SOURCES.serverFailureRecovery, SOURCES.quorumWitness, SOURCES.kbLogLevel],
    action: { en: 'Follow the chain of lines to the cause, then fix that cause.', ja: '各行の経緯から原因を確認し、その原因を解消してください。' },
    supersedes: 'failover-cause',
    version: '1',
  },
  run(ctx) {
    const skewMs = new Map(ctx.cluster.skew.map((s) => [s.node, s.offsetMs ?? 0]));
    const reference = ctx.cluster.skew.find((s) => s.basis === 'reference node')?.node ?? ctx.cluster.nodes[0] ?? '';
    const collectedAt = new Map(ctx.cluster.nodes.map((n) => {
      const at = ctx.nodes.get(n)?.collectedAt ?? null;
      const ms = at ? Date.parse(`${at.slice(0, 19)}Z`) : Number.NaN;
      return [n, Number.isNaN(ms) || !at ? null : { at: ms - (skewMs.get(n) ?? 0), time: at }] as const;
    }));
    const events: CauseEvent[] = ctx.cluster.timeline
      .filter((e): e is typeof e & { time: string } => e.time !== null)
      .map((e) => ({ node: e.node, at: e.correctedSortKey, time: e.time, kind: e.kind, severity: e.severity, tag: e.tag, title: e.title, evidence: e.evidence }));
    const found = explainFailovers(events, ctx.cluster.nodes);
    for (const c of found.slice(0, MAX_FINDINGS)) {
      ctx.report({ severity: severityOf(c), ...causeTexts(c, { collectedAt, skewMs, reference }), evidence: c.chain.flatMap((e) => e.evidence.slice(0, 1)) });
    }
  },
});
