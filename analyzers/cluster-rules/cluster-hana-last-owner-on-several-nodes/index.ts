// Cross-node rule (SIOS 9.8.1 sap-hana-last-owner-users-guide; known-issues-2
// #2, the cross-node part): the SAP HANA kit's `!HANA_LAST_OWNER_<tag>` flag
// on two or more nodes at once. The flag marks the node that had the database
// in service last (it is removed when the resource stops with every standby in
// sync); on two nodes, which one holds the newest data is ambiguous and the kit
// will not bring the database in service on its own.
import { defineAnalyzer } from '../../engine/plugin/analyzer.js';
import type { Evidence } from '../../engine/plugin/findings.js';
import { SOURCES } from '../../engine/plugin/sources.js';
import type { FlagsFact } from '../../facts/lifekeeper-flags/index.js';
import { hanaFlag } from '../../shared/hana.js';

export default defineAnalyzer({
  meta: {
    id: 'cluster-hana-last-owner-on-several-nodes',
    kind: 'cluster-rule',
    title: { en: 'SAP HANA last-owner flag on more than one node: which node has the newest data is ambiguous', ja: 'SAP HANA の最終オーナーのフラグが複数のノードにあります: 最新のデータを持つノードが特定できません' },
    severity: 'critical',
    references: [SOURCES.hanaLastOwner],
    action: { en: 'With the DBA, find the node with current data; restore there and re-establish replication.', ja: 'データベース管理者と最新のデータを持つノードを特定し、そこで起動してレプリケーションを再確立してください。' },
    version: '1',
  },
  run(ctx) {
    const byTag = new Map<string, Array<{ host: string; evidence: Evidence }>>();
    for (const [host, node] of ctx.nodes) {
      for (const f of (node['lifekeeper-flags'] as FlagsFact | undefined)?.flags ?? []) {
        const h = hanaFlag(f.flag);
        if (h?.kind !== 'last-owner') continue;
        const on = byTag.get(h.tag) ?? [];
        if (!on.some((o) => o.host === host)) on.push({ host, evidence: f.evidence });
        byTag.set(h.tag, on);
      }
    }
    for (const [tag, on] of byTag) {
      if (on.length < 2) continue;
      const hosts = on.map((o) => o.host);
      ctx.report({
        title: { en: `SAP HANA "${tag}": last-owner flag on ${hosts.join(', ')}`, ja: `SAP HANA "${tag}": 最終オーナーのフラグが ${hosts.join('、')} にあります` },
        summary: {
          en: `"!HANA_LAST_OWNER_${tag}" is on ${hosts.join(' and ')}. The kit sets it on the node that has the database in service and removes it only when the resource is stopped with every standby in sync; on several nodes at once, each may have written data the other lacks (both were primary without replication between them), so the kit cannot tell which one is current and will not bring "${tag}" in service by itself.`,
          ja: `"!HANA_LAST_OWNER_${tag}" が ${hosts.join(' と ')} に設定されています。キットはこのフラグをデータベースを起動しているノードに設定し、全待機ノードが同期した状態でリソースを停止したときにだけ削除します。複数のノードにある場合、それぞれが他方にないデータを書き込んだ可能性があり(レプリケーションなしで両方がプライマリーだった)、キットはどちらが最新か判断できず、"${tag}" を自動では起動しません。`,
        },
        remediation: {
          en: 'With the database administrator, decide which node holds the data to keep (SAP HANA System Replication status, the times each was primary). Bring the hierarchy in service there, re-establish replication to the other node until its status is ACTIVE, and let the kit clear the flags; data written only on the other node is lost.',
          ja: 'データベース管理者とともに、残すデータを持つノードを判断してください(SAP HANA システムレプリケーションのステータス、それぞれがプライマリーだった時間)。そのノードで階層を起動し、他方のノードへのレプリケーションをステータスが ACTIVE になるまで再確立して、フラグはキットに解除させてください。他方のノードにだけ書き込まれたデータは失われます。',
        },
        evidence: on.map((o) => ({ node: o.host, ...o.evidence })),
      });
    }
  },
});
