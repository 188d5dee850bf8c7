// Rule (SIOS 9.4.1 mapping-server-configurations; known-issues-2 #11): every
// communication path to a peer runs on the network that also carries the
// protected (public) IP addresses. SIOS recommends two LAN paths on
// independent subnets, at least one private: heavy traffic on a TCP comm path
// can cause false failovers and keep LifeKeeper from initialising.
// [INFERRED] The archive gives no netmask: a path is taken to share the
// public network when its local address is in the same /24 as a protected IP
// address; the finding says so.
import { defineAnalyzer } from '../../engine/plugin/analyzer.js';
import { SOURCES } from '../../engine/plugin/sources.js';
import { pathsByPeer } from '../../facts/comm-paths/index.js';
import { allResources } from '../../facts/resource-hierarchy/index.js';
import { COMM_PATH, FAILOVER, PEER_NODE } from '../../shared/glossary.js';

/** `IP-192.168.10.50` or `192.168.10.50` → its /24 (`192.168.10`); null for anything else. */
export function ipv4Net24(address: string | null): string | null {
  const m = /^(?:IP-)?(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/i.exec(address ?? '');
  if (!m || m.slice(1).some((o) => Number(o) > 255)) return null;
  return `${m[1]}.${m[2]}.${m[3]}`;
}

export default defineAnalyzer({
  meta: {
    id: 'comm-paths-on-public-network',
    kind: 'rule',
    title: { en: 'Every communication path to a peer shares the network of the protected IP addresses', ja: `${PEER_NODE.ja}へのすべての${COMM_PATH.ja}が保護対象 IP アドレスと同じネットワーク上にあります` },
    severity: 'warning',
    inputs: [],
    needs: ['comm-paths', 'resource-hierarchy'],
    references: [SOURCES.mappingConfigs, SOURCES.kbHeartbeat],
    action: { en: 'Add a communication path on a separate private network, on both nodes.', ja: `別のプライベートネットワークに${COMM_PATH.ja}を両ノードで追加してください。` },
    version: '1',
  },
  run(ctx) {
    const publicNets = new Map<string, string>();
    for (const r of allResources(ctx.fact('resource-hierarchy') ?? [])) {
      if (r.type !== 'ip' && !/^IP-/i.test(r.id ?? '')) continue;
      const net = ipv4Net24(r.id);
      if (net && !publicNets.has(net)) publicNets.set(net, r.tag);
    }
    if (publicNets.size === 0) return;
    for (const [peer, paths] of pathsByPeer(ctx.fact('comm-paths') ?? [])) {
      // A TTY or disk path, or a TCP path elsewhere, is an independent path: nothing to say.
      const nets = paths.map((p) => (p.type.toUpperCase() === 'TCP' ? ipv4Net24(p.localAddress) : null));
      if (paths.length === 0 || nets.some((n) => n === null || !publicNets.has(n))) continue;
      const list = paths.map((p, i) => `${p.localAddress ?? '?'}/${p.remoteAddress ?? '?'} (${publicNets.get(nets[i] ?? '') ?? ''})`).join(', ');
      ctx.report({
        title: { en: `All communication paths to ${peer} run on the public network`, ja: `${peer} へのすべての${COMM_PATH.ja}がパブリックネットワーク上にあります` },
        summary: {
          en: `${paths.length === 1 ? 'The one TCP path' : `Each of the ${paths.length} TCP paths`} to ${peer} has its local address in the same /24 network as a protected IP resource (in brackets): ${list}. SIOS recommends two LAN communication paths on independent subnets, at least one of them private, because heavy traffic on a TCP comm path can cause false ${FAILOVER.en}s and keep LifeKeeper from initialising. The archive gives no netmask, so "same network" is our inference from the /24; check the real subnets.`,
          ja: `${peer} への TCP パス ${paths.length} 本のローカルアドレスはいずれも、保護対象の IP リソース(括弧内)と同じ /24 のネットワークにあります: ${list}。TCP の${COMM_PATH.ja}に大量のトラフィックがあると誤った${FAILOVER.ja}や LifeKeeper の初期化失敗が起きるため、SIOS は独立したサブネット上に 2 本の LAN ${COMM_PATH.ja}を設け、少なくとも 1 本をプライベートネットワークにすることを推奨しています。アーカイブにはネットマスクがないため、「同じネットワーク」は /24 からの推定です。実際のサブネットを確認してください。`,
        },
        remediation: {
          en: `Add a ${COMM_PATH.en} on a separate, private network (its own NICs and switch) on both nodes, and keep the public one as a second path.`,
          ja: `両ノードで、別のプライベートネットワーク(専用の NIC とスイッチ)に${COMM_PATH.ja}を追加し、パブリックネットワークのパスは 2 本目として残してください。`,
        },
        evidence: paths.flatMap((p) => p.evidence.slice(0, 1)),
      });
    }
  },
});
