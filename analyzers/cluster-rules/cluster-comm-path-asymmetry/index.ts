// Cross-node rule: a comm path ALIVE on one side and DEAD on the other, which
// a single node's archive cannot show (one-way firewall rule, routing, a
// half-configured path). Each side's state is the one its lcdstatus showed
// when its archive was collected: archives collected far apart may show a
// path that changed in between, so the finding is then only information, and
// says so (the node rule comm-path-dead still reports a DEAD path on its own).
import { collectionSpread } from '../../engine/cluster/cluster.js';
import { defineAnalyzer } from '../../engine/plugin/analyzer.js';
import { SOURCES } from '../../engine/plugin/sources.js';
import { COLLECT, COMM_PATH } from '../../shared/glossary.js';

export default defineAnalyzer({
  meta: {
    id: 'cluster-comm-path-asymmetry',
    kind: 'cluster-rule',
    title: { en: 'A communication path is ALIVE on one side and DEAD on the other', ja: `${COMM_PATH.ja}が一方では ALIVE、他方では DEAD` },
    severity: 'warning',
    references: [SOURCES.statusDisplay, SOURCES.kbHeartbeat],
    action: { en: 'Check the path in both directions (7365/tcp, routes) and its addresses on both nodes.', ja: 'パスの双方向の通信(7365/tcp、経路)と、両ノードのパスのアドレスを確認してください。' },
    version: '2',
  },
  run(ctx) {
    for (const p of ctx.cluster.commPaths.filter((x) => x.asymmetric)) {
      const spread = collectionSpread(ctx.nodes, [p.a, p.b]);
      const apart = spread?.apart === true;
      const when = apart
        ? {
            en: ` The two archives were collected ${spread.minutes} minutes apart, though: the path may have changed in between, so compare the comm path messages of both logs around those times before acting.`,
            ja: `ただし 2 つのアーカイブの${COLLECT.ja}時刻は ${spread.minutes} 分離れており、その間にパスの状態が変わった可能性があります。対処の前に、両ノードのログでその時刻前後のパスのメッセージを比較してください。`,
          }
        : { en: '', ja: '' };
      ctx.report({
        ...(apart ? { severity: 'info' as const } : {}),
        title: { en: `Comm path ${p.type} ${p.addresses} is ${p.stateA ?? '?'} on ${p.a} but ${p.stateB ?? 'missing'} on ${p.b}`, ja: `${p.type} ${p.addresses} のパスが ${p.a} では ${p.stateA ?? '?'}、${p.b} では ${p.stateB ?? 'なし'}` },
        summary: {
          en: `${p.a} sees the path as ${p.stateA ?? '?'} while ${p.b} sees it as ${p.stateB ?? 'not configured'}. Heartbeats then pass one way only: typical of a one-way firewall rule, a routing problem, or a path created on one node only.${when.en}`,
          ja: `${p.a} はこのパスを ${p.stateA ?? '?'}、${p.b} は ${p.stateB ?? '未設定'} と見ています。ハートビートが一方向にしか届いていない状態で、片方向のファイアウォール設定、ルーティングの問題、片方のノードにだけ作成されたパスなどが典型です。${when.ja}`,
        },
        remediation: {
          en: 'Check both directions on the path\'s network (port 7365/tcp, routes) and that the path exists on both nodes with matching addresses.',
          ja: 'パスのネットワークの双方向(7365/tcp、経路)と、両ノードに同じアドレスのパスが存在することを確認してください。',
        },
        evidence: p.evidence,
      });
    }
  },
});
