// Cross-node rule: the same hierarchy in service on two nodes at once (split
// brain), seen from both nodes' lcdstatus. Critical: both may write the data.
import { defineClusterRule } from '../core/cluster.js';

export default defineClusterRule({
  meta: {
    id: 'cluster-split-brain',
    title: { en: 'The same resource is in service on two nodes (split brain)', ja: '同じリソースが 2 つのノードで稼働中(スプリットブレイン)' },
    severity: 'critical',
    references: [
      { source: 'KB-lkscsid', title: { en: 'SIOS KB: split brain when reservations are not enforced', ja: 'SIOS KB: リザベーションが効かない場合のスプリットブレイン' }, url: 'https://lkdkuserportal.sios.jp/hc/ja/articles/900003059626' },
      { source: 'operator notes (sources/004)', title: { en: 'Recovering from a split brain with DataKeeper', ja: 'DataKeeper 構成でのスプリットブレインからの復旧' } },
    ],
    version: '1',
  },
  run(ctx) {
    const both = ctx.cluster.hierarchies.filter((h) => h.inService.length > 1);
    if (both.length === 0) return;
    const tags = both.map((h) => h.tag);
    const nodes = [...new Set(both.flatMap((h) => h.inService))];
    ctx.report({
      title: { en: `In service on ${nodes.join(' and ')} at once: ${tags.join(', ')}`, ja: `${nodes.join(' と ')} の両方で稼働中: ${tags.join(', ')}` },
      summary: {
        en: `When the archives were collected, ${tags.join(', ')} were ISP on ${nodes.join(' and ')}. Two nodes holding the same hierarchy can both write its data (with DataKeeper, each side's mirror diverges) and clients reach whichever answers.`,
        ja: `採取時、${tags.join(', ')} が ${nodes.join(' と ')} の両方で ISP でした。同じ階層を 2 つのノードが保持すると、両方がデータに書き込む可能性があり(DataKeeper では各ノードのミラーが食い違います)、クライアントはどちらか応答した方に接続します。`,
      },
      remediation: {
        en: 'Decide which node holds the good data, take the hierarchy out of service on the other (perform_action -t <tag> -a remove), restore the comm paths, and with DataKeeper resynchronise from the good node (check mirror_status). Then find why the nodes lost each other (comm paths, quorum, reservations).',
        ja: '正しいデータを持つノードを決め、もう一方で階層を停止し (perform_action -t <tag> -a remove)、コミュニケーションパスを復旧させ、DataKeeper の場合は正しいノードから再同期してください(mirror_status で確認)。その後、ノードが互いを見失った原因(コミュニケーションパス、クォーラム、リザベーション)を調査してください。',
      },
      evidence: both.flatMap((h) => h.inService.flatMap((n) => h.evidence[n] ?? [])),
    });
  },
});
