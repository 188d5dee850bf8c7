// Rule (SIOS 9.4.1 sap-hana-recovery-kit; known-issues-2 #5): a resource of
// the SAP HANA kit is OSF. The kit sets OSF when restarting the host agent,
// sapstartsrv or the database failed, or when System Replication is in an
// invalid state; it does not repair either itself: a database administrator
// decides. The kit's type name is a [GUESS] (analyzers/shared/hana.ts), so the
// finding says how the resource was recognised.
import { defineAnalyzer } from '../../engine/plugin/analyzer.js';
import { SOURCES } from '../../engine/plugin/sources.js';
import { allResources } from '../../facts/resource-hierarchy/index.js';
import { isHanaResource } from '../../shared/hana.js';
import { COLLECT, FAILOVER } from '../../shared/glossary.js';

export default defineAnalyzer({
  meta: {
    id: 'hana-resource-osf-hsr-state',
    kind: 'rule',
    title: { en: 'SAP HANA resource failed (OSF): restart failed or System Replication is in an invalid state', ja: 'SAP HANA リソースが障害状態 (OSF): 再起動の失敗またはシステムレプリケーションが不正な状態' },
    severity: 'warning',
    inputs: [],
    needs: ['resource-hierarchy'],
    references: [SOURCES.hanaKit, SOURCES.resourceStates],
    action: { en: 'Decide with the DBA on a takeover or fix the replication mode, then restore the resource.', ja: 'データベース管理者とテイクオーバーの要否を判断するかレプリケーションモードを修正し、リソースを起動してください。' },
    version: '1',
  },
  run(ctx) {
    for (const r of allResources(ctx.fact('resource-hierarchy') ?? []).filter((x) => x.state === 'OSF' && isHanaResource(x))) {
      const how = r.app || r.type
        ? { en: `its app/type (${r.app ?? '?'}/${r.type ?? '?'}) names SAP HANA`, ja: `app/type (${r.app ?? '?'}/${r.type ?? '?'}) が SAP HANA を示している` }
        : { en: 'its tag starts with HANA (the archive gives no resource type, so this is our inference)', ja: 'タグが HANA で始まる(アーカイブにリソースタイプがないため推定)' };
      ctx.report({
        title: { en: `SAP HANA resource "${r.tag}" is OSF`, ja: `SAP HANA リソース "${r.tag}" が OSF です` },
        summary: {
          en: `When the archive was collected "${r.tag}" was out of service after a failure (OSF); it was taken as a SAP HANA resource because ${how.en}. The SAP HANA kit sets OSF when the restart of the SAP host agent, sapstartsrv or the database failed, or when SAP HANA System Replication is in an invalid state, and repairs neither itself: the database is not protected, and a ${FAILOVER.en} of this hierarchy does not bring it in service.`,
          ja: `${COLLECT.ja}時、"${r.tag}" は障害によるサービス停止状態 (OSF) でした(${how.ja}ため、SAP HANA リソースと判断しました)。SAP HANA キットは、SAP ホストエージェント、sapstartsrv、データベースの再起動に失敗した場合や、SAP HANA システムレプリケーションが不正な状態の場合に OSF とし、自動では修復しません。データベースは保護されておらず、この階層の${FAILOVER.ja}でも起動されません。`,
        },
        remediation: {
          en: 'With the database administrator, check the replication (hdbnsutil -sr_state, the System Replication status): decide whether a takeover is to be performed or correct the replication mode, then bring the resource in service (perform_action -t <tag> -a restore) once SAP HANA is consistent.',
          ja: 'データベース管理者とともにレプリケーションの状態(hdbnsutil -sr_state、システムレプリケーションのステータス)を確認し、テイクオーバーを行うか、レプリケーションモードを修正するかを判断してください。SAP HANA が整合した状態になってから、リソースを起動してください(perform_action -t <タグ> -a restore)。',
        },
        action: {
          en: `Decide with the DBA on a takeover or fix the replication, then restore "${r.tag}".`,
          ja: `データベース管理者とテイクオーバーの要否を判断するかレプリケーションを修正し、"${r.tag}" を起動してください。`,
        },
        evidence: r.evidence.slice(0, 2),
      });
    }
  },
});
