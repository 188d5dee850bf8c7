// Rule (SPS8-PDF p150, KB-hb): a peer reached by fewer than two communication
// paths. One path failing then looks like a node failure: false failover or
// split brain. LKWMC shows such a server as "Warning".
import { defineAnalyzer } from '../../engine/plugin/analyzer.js';
import { SOURCES } from '../../engine/plugin/sources.js';
import { pathsByPeer } from '../../facts/comm-paths/index.js';
import { commPathAddress } from '../../shared/comm-path-address.js';
import { COMM_PATH, FAILOVER, PEER_NODE } from '../../shared/glossary.js';

export default defineAnalyzer({
  meta: {
    id: 'comm-path-single',
    kind: 'rule',
    title: { en: 'Only one communication path to a peer', ja: `${PEER_NODE.ja}への${COMM_PATH.ja}が 1 本のみ` },
    severity: 'warning',
    inputs: [],
    needs: ['comm-paths'],
    references: [SOURCES.lkwmcStatus, SOURCES.kbHeartbeat],
    action: { en: 'Add a second communication path on a separate network, on both nodes.', ja: `別のネットワークに 2 本目の${COMM_PATH.ja}を両ノードで追加してください。` },
    version: '1',
  },
  run(ctx) {
    for (const [peer, paths] of pathsByPeer(ctx.fact('comm-paths') ?? [])) {
      if (paths.length !== 1 || !paths[0]) continue;
      const p = paths[0];
      const via = commPathAddress(p);
      ctx.report({
        title: { en: `Only one communication path to ${peer}`, ja: `${peer} への${COMM_PATH.ja}が 1 本のみ` },
        summary: {
          en: `${peer} is reached by a single ${p.type} path (${via}). If that one network fails, LifeKeeper cannot tell it from a node failure: the standby takes over while the active node still runs (split brain), or resources fail over needlessly.`,
          ja: `${peer} へのパスは ${p.type} の 1 本 (${via}) だけです。そのネットワークが障害になるとノード障害と区別できず、稼働系が動いたまま待機系が引き継ぐ(スプリットブレイン)か、不要な${FAILOVER.ja}が起きます。`,
        },
        remediation: {
          en: 'Add a second communication path on a separate network (another NIC and switch, or a TTY path), on both nodes.',
          ja: `別のネットワーク(別の NIC とスイッチ、または TTY パス)に 2 本目の${COMM_PATH.ja}を両ノードで追加してください。`,
        },
        evidence: p.evidence,
      });
    }
  },
});
