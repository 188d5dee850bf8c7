// Cross-node rule: a failover whose restore failed on the target. The target
// failed to restore a resource just after it lost its peer (comm failure,
// failover message) or just after the peer's copy of that resource failed, so
// the hierarchy was left in service nowhere. Critical (no failover possible):
// the per-node rule shows the failure; this one ties it to the failover.
import type { ClusterEvent } from '../../engine/cluster/cluster.js';
import { defineAnalyzer } from '../../engine/plugin/analyzer.js';
import { SOURCES } from '../../engine/plugin/sources.js';
import { FAILOVER, SWITCHOVER } from '../../shared/glossary.js';

/** How long before the failed restore a trigger counts (skew-corrected). Assumed: lcm declares a peer dead within seconds and failover restores start at once. */
const WINDOW_MS = 10 * 60 * 1000;

const isFailedRestore = (e: ClusterEvent): boolean => e.kind === 'restore' && e.title.en.startsWith('Failed ');

/** What on the cluster made the target take the resource over: the latest such event before the failure. */
function triggerOf(failure: ClusterEvent, events: readonly ClusterEvent[], peers: ReadonlySet<string>): ClusterEvent | null {
  let found: ClusterEvent | null = null;
  for (const e of events) {
    if (e.correctedSortKey > failure.correctedSortKey) break;
    if (failure.correctedSortKey - e.correctedSortKey > WINDOW_MS) continue;
    const onTarget = e.node === failure.node;
    const lostPeer = onTarget && e.kind === 'comm-failure' && e.tag !== null && peers.has(e.tag);
    const failoverLogged = onTarget && e.kind === 'failover';
    const peerResourceFailed = !onTarget && e.tag === failure.tag && (e.kind === 'quickcheck-failed' || ((e.kind === 'recover' || e.kind === 'remove') && e.title.en.startsWith('Failed ')));
    if (lostPeer || failoverLogged || peerResourceFailed) found = e;
  }
  return found;
}

export default defineAnalyzer({
  meta: {
    id: 'cluster-failover-restore-failed',
    kind: 'cluster-rule',
    title: { en: 'A failover failed: the resource could not be restored on the node taking over', ja: `${FAILOVER.ja}失敗: 引き継ぎ先ノードでリソースを起動できませんでした` },
    severity: 'critical',
    references: [SOURCES.commonCauses, SOURCES.kbLogLevel],
    action: { en: 'Fix the cause on the node that failed, restore the hierarchy, then test a switchover.', ja: `起動に失敗したノードで原因を解消して階層を起動し、${SWITCHOVER.ja}を試験してください。` },
    version: '1',
  },
  run(ctx) {
    const events = ctx.cluster.timeline;
    const nodes = new Set(ctx.cluster.nodes);
    const seen = new Set<string>();
    for (const failure of events.filter(isFailedRestore)) {
      const peers = new Set([...nodes].filter((n) => n !== failure.node));
      const trigger = triggerOf(failure, events, peers);
      if (!trigger || seen.has(`${failure.node}|${failure.tag}`)) continue;
      seen.add(`${failure.node}|${failure.tag}`);
      const tag = failure.tag ?? '?';
      const from = trigger.node === failure.node ? [...peers].join(', ') : trigger.node;
      ctx.report({
        title: {
          en: `Failover of "${tag}" to ${failure.node} failed: its restore failed there`,
          ja: `"${tag}" の ${failure.node} への${FAILOVER.ja}が失敗: 同ノードでの起動に失敗`,
        },
        summary: {
          en: `${failure.node} tried to take "${tag}" over from ${from} (${trigger.title.en}) and the restore failed. Unless the resource came back elsewhere, it is in service on no node. The lines before the failure on ${failure.node} say why.`,
          ja: `${failure.node} が ${from} から "${tag}" を引き継ごうとしましたが(${trigger.title.ja})、起動に失敗しました。他のノードで復旧していなければ、リソースはどのノードでも稼働していません。失敗の理由は ${failure.node} のログの直前の行に出ています。`,
        },
        action: {
          en: `Fix the cause on ${failure.node}, restore "${tag}", then test a switchover.`,
          ja: `${failure.node} で原因を解消して "${tag}" を起動し、${SWITCHOVER.ja}を試験してください。`,
        },
        remediation: {
          en: `Read ${failure.node}'s log just before the failed restore (the context lines below) for the cause: a device not visible on that node, a mount or IP that cannot come up there, a missing dependency. Fix it on ${failure.node}, then bring the hierarchy in service (perform_action -t ${tag} -a restore) and test a switchover before relying on failover again.`,
          ja: `失敗した起動の直前の ${failure.node} のログ(下の前後行)で原因を確認してください: そのノードから見えないデバイス、起動できないマウントや IP、依存関係の不足など。${failure.node} で修正した後、階層を起動し (perform_action -t ${tag} -a restore)、${FAILOVER.ja}に頼る前に${SWITCHOVER.ja}を試験してください。`,
        },
        evidence: [...trigger.evidence.slice(0, 1), ...failure.evidence.slice(0, 1)],
      });
    }
  },
});
