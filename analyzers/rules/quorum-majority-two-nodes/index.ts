// Rule (qwk_majority 9.3.1, SPS8-PDF p129): quorum mode `majority` (the
// default once steeleye-lkQWK is installed) needs three or more nodes; in a
// two-node cluster a node alone never has the majority.
import { defineAnalyzer } from '../../engine/plugin/analyzer.js';
import type { Evidence } from '../../engine/plugin/findings.js';
import { SOURCES } from '../../engine/plugin/sources.js';
import { COMM_PATH, PEER_NODE } from '../../shared/glossary.js';

export default defineAnalyzer({
  meta: {
    id: 'quorum-majority-two-nodes',
    kind: 'rule',
    title: { en: 'Quorum mode "majority" in a two-node cluster', ja: '2 ノードクラスタでクォーラムモード "majority"' },
    severity: 'warning',
    inputs: [],
    needs: ['comm-paths', 'lifekeeper-version'],
    uses: ['settings'],
    references: [SOURCES.qwkMajority, SOURCES.quorum],
    action: { en: 'Add a witness node, or use the `storage` or `tcp_remote` quorum mode.', ja: 'ウィットネスノードを追加するか、クォーラムモードを `storage` または `tcp_remote` にしてください。' },
    version: '1',
  },
  run(ctx) {
    const lk = ctx.fact('lifekeeper-version');
    const mode = ctx.fact('settings')?.lifekeeper.find((s) => s.key === 'QUORUM_MODE');
    const qwk = lk?.packages.find((p) => p.name === 'steeleye-lkQWK');
    const effective = mode?.value.toLowerCase() ?? (qwk ? 'majority' : null);
    if (effective !== 'majority') return;
    const peers = new Set((ctx.fact('comm-paths') ?? []).map((p) => p.peer));
    if (peers.size !== 1) return;
    const [peer] = peers;
    const evidence: Evidence[] = [...(mode ? [mode.evidence] : []), ...(qwk ? [qwk.evidence] : [])];
    ctx.report({
      summary: {
        en: `Quorum mode is majority${mode ? '' : ' (the default with the Quorum/Witness kit installed)'}, and this node has comm paths to one other node (${peer}) only: a two-node cluster. In majority mode a node needs more than half of the nodes to keep its resources, which one of two nodes never has alone, so a comm failure can take resources down on both.`,
        ja: `クォーラムモードが majority${mode ? '' : '(Quorum/Witness キット導入時のデフォルト)'}で、${COMM_PATH.ja}の${PEER_NODE.ja}は ${peer} の 1 台のみの 2 ノードクラスタです。majority モードではノード数の過半数が必要ですが、2 ノードの片方だけでは過半数にならず、通信障害で両ノードのリソースが停止する可能性があります。`,
      },
      remediation: {
        en: 'Add a witness node (a third node) to the cluster, or use the storage or tcp_remote quorum mode.',
        ja: 'ウィットネスノード(3 台目)を追加するか、storage または tcp_remote のクォーラムモードを使用してください。',
      },
      title: { en: 'Quorum mode "majority" in a two-node cluster', ja: '2 ノードクラスタでクォーラムモード "majority"' },
      evidence: [...evidence, ...(ctx.fact('comm-paths') ?? []).slice(0, 1).flatMap((p) => p.evidence.slice(0, 1))],
    });
  },
});
