// Cross-node rule (SIOS 9.7.0 sap-hana-known-issues-restrictions;
// known-issues-2 #3 and §R for cluster-version-mix): a cluster with a SAP HANA
// resource whose nodes straddle LifeKeeper 9.7.0. Once a 9.7.0-or-later node
// has been the HANA primary it rewrites the kit's configuration on every node
// in a format older versions cannot read, so the older nodes can no longer
// bring HANA in service: a failover to them fails. cluster-version-mix says
// that the versions differ (a warning); this rule says what it means for HANA.
import { defineAnalyzer } from '../../engine/plugin/analyzer.js';
import type { Evidence } from '../../engine/plugin/findings.js';
import { SOURCES } from '../../engine/plugin/sources.js';
import type { Resource } from '../../facts/resource-hierarchy/index.js';
import { allResources } from '../../facts/resource-hierarchy/index.js';
import type { LifeKeeperFact } from '../../facts/lifekeeper-version/index.js';
import { isHanaResource } from '../../shared/hana.js';
import { compareLifeKeeperVersions } from '../../shared/versions.js';
import { FAILOVER } from '../../shared/glossary.js';

const FORMAT_CHANGE = '9.7.0';

export default defineAnalyzer({
  meta: {
    id: 'cluster-hana-mixed-versions',
    kind: 'cluster-rule',
    title: { en: 'SAP HANA cluster mixes LifeKeeper 9.7.0 or later with older nodes: the older nodes cannot bring HANA in service', ja: 'SAP HANA のクラスタで LifeKeeper 9.7.0 以降と旧バージョンのノードが混在: 旧バージョンのノードでは HANA を起動できません' },
    severity: 'critical',
    references: [SOURCES.hanaKnownIssues, SOURCES.upgrading],
    action: { en: 'Upgrade the remaining nodes to 9.7.0 or later; to stay on the old release, restore an lkbackup.', ja: '残りのノードを 9.7.0 以降にアップグレードしてください。旧リリースで運用する場合は lkbackup から復元してください。' },
    version: '1',
  },
  run(ctx) {
    const nodes = [...ctx.nodes].flatMap(([host, n]) => {
      const lk = n['lifekeeper-version'] as LifeKeeperFact | undefined;
      return lk?.version && lk.evidence ? [{ host, version: lk.version, evidence: lk.evidence, hana: allResources((n['resource-hierarchy'] as Resource[] | undefined) ?? []).filter(isHanaResource) }] : [];
    });
    const hana = nodes.flatMap((n) => n.hana.map((r) => ({ host: n.host, r })));
    if (hana.length === 0) return;
    const older = nodes.filter((n) => compareLifeKeeperVersions(n.version, FORMAT_CHANGE) < 0);
    const newer = nodes.filter((n) => compareLifeKeeperVersions(n.version, FORMAT_CHANGE) >= 0);
    if (older.length === 0 || newer.length === 0) return;
    const list = nodes.map((n) => `${n.host} ${n.version}`).join(', ');
    const tags = [...new Set(hana.map((h) => h.r.tag))].join(', ');
    const evidence: Evidence[] = [
      ...nodes.map((n) => ({ node: n.host, ...n.evidence })),
      ...hana.slice(0, 2).flatMap((h) => h.r.evidence.slice(0, 1).map((e) => ({ node: h.host, ...e }))),
    ];
    ctx.report({
      title: { en: `SAP HANA (${tags}) on mixed LifeKeeper versions: ${list}`, ja: `LifeKeeper のバージョンが混在する SAP HANA (${tags}): ${list}` },
      summary: {
        en: `The cluster protects SAP HANA (${tags}) and its nodes run ${list}: ${newer.map((n) => n.host).join(', ')} at ${FORMAT_CHANGE} or later, ${older.map((n) => n.host).join(', ')} older. SIOS documents that once a ${FORMAT_CHANGE} node has brought the HANA resource in service it writes the kit's configuration in a new format, and a node on an earlier version then fails to bring it in service: a ${FAILOVER.en} or switchover to ${older.map((n) => n.host).join(', ')} fails.`,
        ja: `このクラスタは SAP HANA (${tags}) を保護しており、各ノードのバージョンは ${list} です(${FORMAT_CHANGE} 以降: ${newer.map((n) => n.host).join('、')}、それより前: ${older.map((n) => n.host).join('、')})。SIOS のドキュメントによると、${FORMAT_CHANGE} のノードで HANA リソースを起動すると新しい形式でキットの設定が書き込まれ、以前のバージョンのノードでは起動できなくなります。${older.map((n) => n.host).join('、')} への${FAILOVER.ja}やスイッチオーバーは失敗します。`,
      },
      remediation: {
        en: `Upgrade the remaining nodes to ${FORMAT_CHANGE} or later (the same version on every node). To run the hierarchy on an older node before that, restore the configuration there from an lkbackup taken before the upgrade.`,
        ja: `残りのノードを ${FORMAT_CHANGE} 以降(全ノード同じバージョン)にアップグレードしてください。それまでに旧バージョンのノードで階層を稼働させる必要がある場合は、アップグレード前に作成した lkbackup からそのノードの設定を復元してください。`,
      },
      evidence,
    });
  },
});
