// Rule (SIOS 9.8.1 sap-hana-last-owner-users-guide; known-issues-2 #2): the
// SAP HANA kit's data-currency flags are set on this node. While
// `!HANA_DATA_OUT_OF_SYNC_<tag>` is on, the kit does not let the database in
// service here; `!HANA_DATA_CONSISTENCY_UNKNOWN_<tag>` means it could not tell
// at startup. `!HANA_LAST_OWNER_<tag>` on the node that has the resource in
// service and `!HANA_STARTUP_DONE_<tag>` are normal and not reported here (the
// last owner on two nodes at once is a cross-node question).
import { defineAnalyzer } from '../../engine/plugin/analyzer.js';
import type { Evidence } from '../../engine/plugin/findings.js';
import { SOURCES } from '../../engine/plugin/sources.js';
import { allResources } from '../../facts/resource-hierarchy/index.js';
import { hanaFlag } from '../../shared/hana.js';
import { COLLECT, FAILOVER } from '../../shared/glossary.js';

export default defineAnalyzer({
  meta: {
    id: 'hana-data-consistency-flags',
    kind: 'rule',
    title: { en: 'SAP HANA data consistency flags set: the database will not be put in service on this node', ja: 'SAP HANA のデータ整合性フラグが設定されています: このノードではデータベースが起動されません' },
    severity: 'warning',
    inputs: [],
    needs: ['lifekeeper-flags'],
    uses: ['resource-hierarchy'],
    references: [SOURCES.hanaLastOwner],
    action: { en: 'Re-establish System Replication (status ACTIVE) from the node with current data.', ja: '最新のデータを持つノードからシステムレプリケーションを再確立 (ステータス ACTIVE) してください。' },
    version: '1',
  },
  run(ctx) {
    const flags = (ctx.fact('lifekeeper-flags')?.flags ?? []).flatMap((f) => {
      const h = hanaFlag(f.flag);
      return h && (h.kind === 'out-of-sync' || h.kind === 'consistency-unknown') ? [{ ...h, flag: f.flag, evidence: f.evidence }] : [];
    });
    if (flags.length === 0) return;
    const resources = allResources(ctx.fact('resource-hierarchy') ?? []);
    const byTag = new Map<string, { outOfSync: boolean; unknown: boolean; evidence: Evidence[]; flags: string[] }>();
    for (const f of flags) {
      const t = byTag.get(f.tag) ?? { outOfSync: false, unknown: false, evidence: [], flags: [] };
      if (f.kind === 'out-of-sync') t.outOfSync = true;
      else t.unknown = true;
      t.evidence.push(f.evidence);
      t.flags.push(f.flag);
      byTag.set(f.tag, t);
    }
    for (const [tag, t] of byTag) {
      const r = resources.find((x) => x.tag === tag);
      const state = r?.state ? { en: ` The resource is ${r.state} on this node.`, ja: `このノードでのリソースの状態は ${r.state} です。` } : { en: '', ja: '' };
      const what = t.outOfSync
        ? {
            en: `"!HANA_DATA_OUT_OF_SYNC_${tag}" says the data on this node is not up to date or may be inconsistent: the SAP HANA kit will not bring "${tag}" in service here, so a ${FAILOVER.en} to this node fails until replication has caught up.`,
            ja: `"!HANA_DATA_OUT_OF_SYNC_${tag}" は、このノードのデータが最新でないか不整合の可能性があることを示します。SAP HANA キットはこのノードで "${tag}" を起動しないため、レプリケーションが追いつくまでこのノードへの${FAILOVER.ja}は失敗します。`,
          }
        : {
            en: `"!HANA_DATA_CONSISTENCY_UNKNOWN_${tag}" is set at startup when another node did not respond, had the resource in service, or held the last-owner flag: the kit could not tell whether this node's data is current, and will not bring "${tag}" in service here on its own.`,
            ja: `"!HANA_DATA_CONSISTENCY_UNKNOWN_${tag}" は、起動時に他のノードが応答しない、他のノードでリソースが起動している、または他のノードが最終オーナーのフラグを持つ場合に設定されます。キットはこのノードのデータが最新か判断できず、このノードで "${tag}" を自動では起動しません。`,
          };
      ctx.report({
        title: { en: `SAP HANA "${tag}": ${t.outOfSync ? 'data out of sync on this node' : 'data consistency unknown on this node'}`, ja: `SAP HANA "${tag}": ${t.outOfSync ? 'このノードのデータは同期していません' : 'このノードのデータ整合性が不明です'}` },
        summary: {
          en: `When the archive was collected these SAP HANA kit flags were on: ${t.flags.join(', ')}. ${what.en}${state.en}`,
          ja: `${COLLECT.ja}時、次の SAP HANA キットのフラグが設定されていました: ${t.flags.join('、')}。${what.ja}${state.ja}`,
        },
        remediation: {
          en: 'With the database administrator, find the node that holds current data (the one with !HANA_LAST_OWNER_<tag>, normally the primary) and re-establish SAP HANA System Replication from it to this node until its status is ACTIVE; the kit then clears the flags. Do not clear them by hand to force a takeover unless the administrator accepts possible data loss.',
          ja: 'データベース管理者とともに最新のデータを持つノード(!HANA_LAST_OWNER_<tag> を持つノード、通常はプライマリー)を特定し、そこからこのノードへの SAP HANA システムレプリケーションを再確立してステータスを ACTIVE にしてください。フラグはキットが解除します。データ損失の可能性を管理者が了承しない限り、切り替えを強制するためにフラグを手動で削除しないでください。',
        },
        evidence: [...t.evidence, ...(r?.evidence.slice(0, 1) ?? [])],
      });
    }
  },
});
