// Cross-node rule: a DataKeeper `<tag>_data_corrupt` flag on one node while
// `last_owner` names another node of the cluster as the mirror's last source.
// That other node holds the newest data, so the flagged node must not be
// forced online. Only the pair of archives can tell the direction.
import type { DataKeeperFact, DataKeeperFlag } from '../../facts/datakeeper/index.js';
import { defineAnalyzer } from '../../engine/plugin/analyzer.js';
import { SOURCES } from '../../engine/plugin/sources.js';
import type { Evidence } from '../../engine/plugin/findings.js';
import { MIRROR } from '../../shared/glossary.js';

interface Owner { owner: string; flag: DataKeeperFlag; on: string }

export default defineAnalyzer({
  meta: {
    id: 'cluster-data-corrupt-last-owner',
    kind: 'cluster-rule',
    title: {
      en: 'DataKeeper data_corrupt on one node while last_owner names the other as the last source',
      ja: 'DataKeeper の data_corrupt が一方のノードにあり、last_owner は他方を最後のソースとしています',
    },
    severity: 'critical',
    references: [SOURCES.mirrorAdmin],
    action: { en: 'Bring the mirror in service on the last_owner node; never force it online on the flagged node.', ja: `last_owner のノードで${MIRROR.ja}を起動し、フラグのあるノードでは強制オンラインにしないでください。` },
    version: '1',
  },
  run(ctx) {
    const facts = [...ctx.nodes].map(([host, node]) => ({ host, dk: node['datakeeper'] as DataKeeperFact | undefined }));
    const owners: Owner[] = facts.flatMap(({ host, dk }) => (dk?.flags ?? [])
      .filter((f) => f.kind === 'last_owner' && f.content.trim() !== '')
      .map((f) => ({ owner: f.content.trim().split(/\s+/)[0] ?? '', flag: f, on: host })));
    for (const { host, dk } of facts) {
      for (const corrupt of (dk?.flags ?? []).filter((f) => f.kind === 'data_corrupt')) {
        // Every last_owner for this mirror (or untagged) must name the same other node of this cluster.
        const elsewhere = owners.filter((o) => o.flag.tag === null || o.flag.tag === corrupt.tag);
        const named = [...new Set(elsewhere.map((o) => o.owner))];
        const source = named[0];
        if (named.length !== 1 || source === undefined || source === host || !ctx.cluster.nodes.includes(source)) continue;
        const tag = corrupt.tag ?? '?';
        const evidence: Evidence[] = [{ node: host, ...corrupt.evidence }, ...elsewhere.map((o) => ({ node: o.on, ...o.flag.evidence }))];
        ctx.report({
          title: {
            en: `"${tag}" is flagged data_corrupt on ${host}; last_owner says ${source} was the last source`,
            ja: `"${tag}" は ${host} で data_corrupt、last_owner によると最後のソースは ${source}`,
          },
          summary: {
            en: `${host} holds the ${tag}_data_corrupt flag, so DataKeeper refuses to bring the mirror up there. The last_owner flag names ${source} as the mirror's last source: ${source} has the newest data and ${host} may be behind it.`,
            ja: `${host} に ${tag}_data_corrupt フラグがあるため、DataKeeper はそのノードで${MIRROR.ja}を起動しません。last_owner フラグは ${source} を${MIRROR.ja}の最後のソースとしています。最新のデータは ${source} にあり、${host} のデータは古い可能性があります。`,
          },
          action: {
            en: `Bring "${tag}" in service on ${source}; do not force the mirror online on ${host}.`,
            ja: `${source} で "${tag}" を起動し、${host} では${MIRROR.ja}を強制オンラインにしないでください。`,
          },
          remediation: {
            en: `Do not force the mirror online on ${host} or delete its flag there: that would resynchronise ${host}'s older data over ${source}. Bring "${tag}" in service on ${source} (which has the newest data), let the mirror resync to ${host}, and confirm with mirror_status on both nodes. If ${source} cannot come up, establish from the logs of both nodes which data is good before doing anything on ${host}.`,
            ja: `${host} で${MIRROR.ja}を強制オンラインにしたりフラグを削除したりしないでください。${host} の古いデータで ${source} が上書きされます。最新のデータを持つ ${source} で "${tag}" を起動し、${host} への再同期を待ってから、両ノードで mirror_status を確認してください。${source} を起動できない場合は、${host} で何かを行う前に両ノードのログでどちらのデータが正しいかを確認してください。`,
          },
          evidence,
        });
      }
    }
  },
});
