// Cross-node rule: the same hierarchy in service on two nodes at once (split
// brain), seen from both nodes' lcdstatus. Critical: both may write the data.
// Each lcdstatus is of its own collection time: archives collected more than
// 30 minutes apart may show a failover or switchover in between (ISP on the
// old node before, on the new one after), so the finding is then a warning
// that gives the gap and any restore of the hierarchy logged in between.
import type { Evidence } from '../../engine/plugin/findings.js';
import { collectionSpread } from '../../engine/cluster/cluster.js';
import { defineAnalyzer } from '../../engine/plugin/analyzer.js';
import { SOURCES } from '../../engine/plugin/sources.js';
import { logTime } from '../../shared/when.js';
import { COLLECT, COMM_PATH, FAILOVER, MIRROR, SWITCHOVER } from '../../shared/glossary.js';

const MAX_RESTORES_SHOWN = 3;

export default defineAnalyzer({
  meta: {
    id: 'cluster-split-brain',
    kind: 'cluster-rule',
    title: { en: 'The same resource is in service on two nodes (split brain)', ja: '同じリソースが 2 つのノードで稼働中(スプリットブレイン)' },
    severity: 'critical',
    references: [SOURCES.splitBrain, SOURCES.kbLkscsid, SOURCES.mirrorAdmin],
    action: { en: 'Keep the hierarchy in service on one node only (`perform_action -t <tag> -a remove` on the other).', ja: '階層を 1 ノードでのみ稼働させてください(もう一方で `perform_action -t <tag> -a remove`)。' },
    version: '3',
  },
  run(ctx) {
    const both = ctx.cluster.hierarchies.filter((h) => h.inService.length > 1);
    if (both.length === 0) return;
    const tags = both.map((h) => h.tag);
    const nodes = [...new Set(both.flatMap((h) => h.inService))];
    const spread = collectionSpread(ctx.nodes, nodes);
    const first = spread?.apart ? spread : null;
    // Restores of these hierarchies on another node after the first archive was taken: a failover in between.
    const restores = first
      // Timed restores only: an untimed one (quoted without its syslog header) cannot be placed after the first archive.
      ? ctx.cluster.timeline.filter((e): e is typeof e & { time: string } => e.kind === 'restore' && e.time !== null && e.tag !== null && tags.includes(e.tag) && e.node !== first.first && e.sortKey > first.firstAt)
      : [];
    const restoreEvidence: Evidence[] = restores.slice(0, MAX_RESTORES_SHOWN).flatMap((e) => e.evidence.slice(0, 1));
    const moved = restores[0];
    const apartText = first
      ? {
          en: ` The archives were collected ${first.minutes} minutes apart, though (${first.first} first)${moved ? `, and ${moved.node} logged a restore of ${moved.tag ?? ''} at ${logTime(moved.time, 'en')}, after ${first.first}'s archive was taken: a failover or switchover in between shows the same` : ': a failover or switchover in between would show the same'}. Check ${first.first}'s state now (lcdstatus -q) before acting.`,
          ja: `ただし各アーカイブの${COLLECT.ja}時刻は ${first.minutes} 分離れています(${first.first} が先)${moved ? `。また ${first.first} のアーカイブ${COLLECT.ja}後の ${logTime(moved.time, 'ja')} に ${moved.node} が ${moved.tag ?? ''} を起動しており、その間の${FAILOVER.ja}や${SWITCHOVER.ja}でも同じ状態になります` : `。その間の${FAILOVER.ja}や${SWITCHOVER.ja}でも同じ状態になります`}。対処の前に ${first.first} の現在の状態 (lcdstatus -q) を確認してください。`,
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
      evidence: [...both.flatMap((h) => h.inService.flatMap((n) => h.evidence[n] ?? [])), ...restoreEvidence],
    });
  },
});
