// Cross-node rule: the same hierarchy in service on two nodes at once (split
// brain), seen from both nodes' lcdstatus. Critical: both may write the data.
// Each lcdstatus is of its own collection time: a restore of the hierarchy
// that a node logged after another node's archive was collected is a failover
// or switchover in between (ISP on the old node before, on the new one after),
// not a split brain, whatever the gap: no finding (cluster-failover-cause
// tells that failover). Archives collected more than 30 minutes apart with no
// such restore may still show one unlogged: the finding is then a warning.
import { collectionSpread } from '../../engine/cluster/cluster.js';
import { defineAnalyzer } from '../../engine/plugin/analyzer.js';
import { SOURCES } from '../../engine/plugin/sources.js';
import { COLLECT, COMM_PATH, FAILOVER, MIRROR, SWITCHOVER } from '../../shared/glossary.js';

export default defineAnalyzer({
  meta: {
    id: 'cluster-split-brain',
    kind: 'cluster-rule',
    title: { en: 'The same resource is in service on two nodes (split brain)', ja: '同じリソースが 2 つのノードで稼働中(スプリットブレイン)' },
    severity: 'critical',
    references: [SOURCES.splitBrain, SOURCES.kbLkscsid, SOURCES.mirrorAdmin],
    action: { en: 'Keep the hierarchy in service on one node only (`perform_action -t <tag> -a remove` on the other).', ja: '階層を 1 ノードでのみ稼働させてください(もう一方で `perform_action -t <tag> -a remove`)。' },
    version: '4',
  },
  run(ctx) {
    const both = ctx.cluster.hierarchies.filter((h) => h.inService.length > 1);
    if (both.length === 0) return;
    const tags = both.map((h) => h.tag);
    const nodes = [...new Set(both.flatMap((h) => h.inService))];
    // A restore of these hierarchies that one node logged after another's archive was collected (clocks corrected for skew): that archive shows the state before a failover or switchover, not a split brain.
    const offset = new Map(ctx.cluster.skew.map((s) => [s.node, s.offsetMs ?? 0]));
    const collectedAt = (n: string): number | null => {
      const at = ctx.nodes.get(n)?.collectedAt;
      const ms = at ? Date.parse(`${at.slice(0, 19)}Z`) : Number.NaN;
      return Number.isNaN(ms) ? null : ms - (offset.get(n) ?? 0);
    };
    const movedBetween = ctx.cluster.timeline.some((e) => e.kind === 'restore' && e.time !== null && e.tag !== null && tags.includes(e.tag) && nodes.includes(e.node) &&
      nodes.some((o) => o !== e.node && (collectedAt(o) ?? Number.POSITIVE_INFINITY) < e.correctedSortKey));
    if (movedBetween) return;
    const spread = collectionSpread(ctx.nodes, nodes);
    const first = spread?.apart ? spread : null;
    const apartText = first
      ? {
          en: ` The archives were collected ${first.minutes} minutes apart, though (${first.first} first): a failover or switchover in between that the logs do not show would look the same. Check ${first.first}'s state now (lcdstatus -q) before acting.`,
          ja: `ただし各アーカイブの${COLLECT.ja}時刻は ${first.minutes} 分離れています(${first.first} が先)。ログに残らない${FAILOVER.ja}や${SWITCHOVER.ja}がその間にあっても同じ状態になります。対処の前に ${first.first} の現在の状態 (lcdstatus -q) を確認してください。`,
        }
      : { en: '', ja: '' };
    // The command names the real tag: the hierarchies come in tree order, so the first tag is a root.
    const root = tags[0] ?? '<tag>';
    ctx.report({
      ...(first ? { severity: 'warning' as const } : {}),
      action: {
        en: `Keep ${root} and its hierarchy in service on one node only (\`perform_action -t ${root} -a remove\` on the other).`,
        ja: `${root} の階層を 1 ノードでのみ稼働させてください(もう一方で \`perform_action -t ${root} -a remove\`)。`,
      },
      title: first
        ? { en: `In service on ${nodes.join(' and ')} in archives collected ${first.minutes} minutes apart: ${tags.join(', ')}`, ja: `${first.minutes} 分離れて${COLLECT.ja}したアーカイブで ${nodes.join(' と ')} の両方が稼働中: ${tags.join('、')}` }
        : { en: `In service on ${nodes.join(' and ')} at once: ${tags.join(', ')}`, ja: `${nodes.join(' と ')} の両方で稼働中: ${tags.join('、')}` },
      summary: {
        en: `When the archives were collected, ${tags.join(', ')} were ISP on ${nodes.join(' and ')}. Two nodes holding the same hierarchy can both write its data (with DataKeeper, each side's mirror diverges) and clients reach whichever answers.${apartText.en}`,
        ja: `${COLLECT.ja}時、${tags.join('、')} が ${nodes.join(' と ')} の両方で ISP でした。同じ階層を 2 つのノードが保持すると、両方がデータに書き込む可能性があり(DataKeeper では各ノードの${MIRROR.ja}が食い違います)、クライアントはどちらか応答した方に接続します。${apartText.ja}`,
      },
      remediation: {
        en: 'Decide which node holds the good data, take the hierarchy out of service on the other (perform_action -t <tag> -a remove), restore the comm paths, and with DataKeeper resynchronise from the good node (check mirror_status). Then find why the nodes lost each other (comm paths, quorum, reservations).',
        ja: `正しいデータを持つノードを決め、もう一方で階層を停止し (perform_action -t <tag> -a remove)、${COMM_PATH.ja}を復旧させ、DataKeeper の場合は正しいノードから再同期してください(mirror_status で確認)。その後、ノードが互いを見失った原因(${COMM_PATH.ja}、クォーラム、リザベーション)を調査してください。`,
      },
      evidence: both.flatMap((h) => h.inService.flatMap((n) => h.evidence[n] ?? [])),
    });
  },
});
