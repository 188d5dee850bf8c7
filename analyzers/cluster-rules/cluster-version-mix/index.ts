// Cross-node rule (upgrading-sps 9.5.1, LK-CFG-VERSION-MIX): the nodes of one
// cluster run different LifeKeeper versions or releases, or different sets or
// versions of recovery kits. Only a rolling upgrade in progress may mix
// versions; a kit missing on a node means the resources it protects cannot be
// restored there. Assumed: the GUI package is not needed on every node (it
// protects nothing), so it is left out of the kit comparison.
import type { ClusterContext } from '../../engine/cluster/cluster.js';
import { collectionSpread } from '../../engine/cluster/cluster.js';
import { defineAnalyzer } from '../../engine/plugin/analyzer.js';
import { SOURCES } from '../../engine/plugin/sources.js';
import type { Text } from '../../engine/plugin/text.js';
import type { Evidence } from '../../engine/plugin/findings.js';
import type { LifeKeeperFact, LifeKeeperPackage } from '../../facts/lifekeeper-version/index.js';
import { COLLECT, COMM_PATH, FAILOVER } from '../../shared/glossary.js';

type Installed = { host: string; lk: LifeKeeperFact & { evidence: Evidence } };

const NOT_A_KIT = new Set(['steeleye-lk', 'steeleye-lkGUI']);

/**
 * Kits on some nodes but not all, or at different versions: one finding
 * listing each. While the core versions differ the kits' versions differ with
 * them, and the version finding already says so: then only missing kits count.
 */
function kitMix(ctx: ClusterContext, nodes: readonly Installed[], coreMixed: boolean, apart: Text): void {
  const byPackage = new Map<string, Map<string, LifeKeeperPackage>>();
  for (const n of nodes) {
    for (const p of n.lk.packages.filter((q) => !NOT_A_KIT.has(q.name))) {
      const on = byPackage.get(p.name) ?? new Map<string, LifeKeeperPackage>();
      on.set(n.host, p);
      byPackage.set(p.name, on);
    }
  }
  const lines: Array<{ en: string; ja: string; evidence: Evidence[] }> = [];
  for (const [name, on] of [...byPackage].sort(([a], [b]) => a.localeCompare(b))) {
    const kit = [...on.values()][0]?.kit ?? name;
    const missing = nodes.filter((n) => !on.has(n.host));
    const versions = new Set([...on.values()].map((p) => `${p.version}-${p.release}`));
    if (missing.length === 0 && (versions.size < 2 || coreMixed)) continue;
    const where = [...on].map(([host, p]) => `${host} ${p.version}-${p.release}`).join(', ');
    const evidence: Evidence[] = [...[...on].map(([host, p]) => ({ node: host, ...p.evidence })), ...missing.map((n) => ({ node: n.host, ...n.lk.evidence }))];
    if (missing.length) {
      const absent = missing.map((n) => n.host).join(', ');
      lines.push({ en: `${kit} (${name}) on ${where}, not on ${absent}`, ja: `${kit} (${name}) は ${where} にあり、${absent} にはありません`, evidence });
    } else {
      lines.push({ en: `${kit} (${name}) at different versions: ${where}`, ja: `${kit} (${name}) のバージョンが異なります: ${where}`, evidence });
    }
  }
  if (lines.length === 0) return;
  const first = lines[0];
  ctx.report({
    title: {
      en: lines.length === 1 && first ? `Recovery kits differ between nodes: ${first.en}` : `Recovery kits differ between nodes (${lines.length} kits)`,
      ja: lines.length === 1 && first ? `ノード間でリカバリーキットが異なります: ${first.ja}` : `ノード間でリカバリーキットが異なります(${lines.length} 件)`,
    },
    summary: {
      en: `${lines.map((l) => l.en).join('; ')}. A resource can only be restored on a node that has its recovery kit, so a failover of the resources of a missing kit fails there; kits at different versions are only for the duration of a rolling upgrade.${apart.en}`,
      ja: `${lines.map((l) => l.ja).join('。')}。リソースはそのリカバリーキットがあるノードでしか起動できないため、キットがないノードへの${FAILOVER.ja}は失敗します。キットのバージョンが異なるのはローリングアップグレード中だけです。${apart.ja}`,
    },
    action: {
      en: 'Install the same recovery kits at the same version on every node.',
      ja: '全ノードに同じリカバリーキットを同じバージョンでインストールしてください。',
    },
    remediation: {
      en: 'Install the same recovery kits at the same version on every node (from the same LifeKeeper media or update), then check that each hierarchy is extended to every node that should take it over.',
      ja: '全ノードに同じリカバリーキットを同じバージョンでインストールし(同じ LifeKeeper のメディアまたは更新から)、各階層が引き継ぐべき全ノードに拡張されていることを確認してください。',
    },
    evidence: lines.flatMap((l) => l.evidence),
  });
}

export default defineAnalyzer({
  meta: {
    id: 'cluster-version-mix',
    kind: 'cluster-rule',
    title: { en: 'Nodes of one cluster run different LifeKeeper versions or recovery kits', ja: '同じクラスタのノードで LifeKeeper のバージョンまたはリカバリーキットが異なる' },
    severity: 'warning',
    references: [SOURCES.upgrading],
    action: { en: 'Finish the upgrade so that every node runs the same LifeKeeper version and kits.', ja: 'アップグレードを完了し、全ノードの LifeKeeper とキットを同じバージョンにしてください。' },
    version: '3',
  },
  run(ctx) {
    const versions = [...ctx.nodes].map(([host, n]) => ({ host, lk: n['lifekeeper-version'] as LifeKeeperFact | undefined }))
      .filter((v): v is Installed => Boolean(v.lk?.version && v.lk.evidence));
    const distinct = new Set(versions.map((v) => `${v.lk.version}-${v.lk.release ?? ''}`));
    // Packages are of each archive's collection time: far apart, an install or upgrade may lie in between.
    const spread = collectionSpread(ctx.nodes, versions.map((v) => v.host));
    const apart: Text = spread?.apart
      ? { en: ` The archives were collected ${spread.minutes} minutes apart: an install or upgrade in between would show the same, so check rpm -qa on each node now.`, ja: `各アーカイブの${COLLECT.ja}時刻は ${spread.minutes} 分離れているため、その間のインストールやアップグレードでも同じ状態になります。各ノードの rpm -qa を現在の状態で確認してください。` }
      : { en: '', ja: '' };
    // A package list cut short (a truncated archive) would make kits look missing: such nodes are left out of the kit comparison.
    const complete = versions.filter((v) => !ctx.nodes.get(v.host)?.members.read.some((m) => m.input === 'rpm-qa' && m.problem));
    if (complete.length >= 2) kitMix(ctx, complete, distinct.size > 1, apart);
    if (versions.length < 2 || distinct.size < 2) return;
    const list = versions.map((v) => `${v.host} ${v.lk.version}${v.lk.release ? `-${v.lk.release}` : ''}`).join(', ');
    ctx.report({
      summary: {
        en: `The nodes run ${list}. LifeKeeper's nodes must run the same version and release; mixed versions are only for the duration of a rolling upgrade, and communication or failover can fail meanwhile.${apart.en}`,
        ja: `各ノードのバージョン: ${list}。LifeKeeper は全ノードで同じバージョンとリリースである必要があり、異なるのはローリングアップグレード中だけです。その間は通信や${FAILOVER.ja}が失敗する可能性があります。${apart.ja}`,
      },
      remediation: {
        en: 'Finish the upgrade on every node (upgrading from at most two versions back), then check the hierarchies and comm paths.',
        ja: `全ノードのアップグレードを完了し(2 バージョン前まではそのまま更新可能)、階層と${COMM_PATH.ja}を確認してください。`,
      },
      title: { en: `LifeKeeper versions differ between nodes: ${list}`, ja: `ノード間で LifeKeeper のバージョンが異なります: ${list}` },
      evidence: versions.map((v) => ({ node: v.host, ...v.lk.evidence })),
    });
  },
});
