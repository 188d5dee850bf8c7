// Cross-node rule (upgrading-sps 9.5.1, LK-CFG-VERSION-MIX): the nodes of one
// cluster run different LifeKeeper versions or releases. Only a rolling
// upgrade in progress may do that.
import { defineClusterRule } from '../core/cluster.js';
import type { Evidence } from '../core/findings.js';
import type { LifeKeeperFact } from '../lifekeeper-version/index.js';

export default defineClusterRule({
  meta: {
    id: 'cluster-version-mix',
    title: { en: 'Nodes of one cluster run different LifeKeeper versions', ja: '同じクラスタのノードで LifeKeeper のバージョンが異なる' },
    severity: 'warning',
    references: [{ source: 'upgrading-sps', title: { en: 'SIOS docs 9.5.1: upgrading (same version on all nodes)', ja: 'SIOS ドキュメント 9.5.1: アップグレード(全ノード同一バージョン)' }, url: 'https://docs.us.sios.com/spslinux/9.5.1/en/topic/upgrading-sps' }],
    version: '1',
  },
  run(ctx) {
    const versions = [...ctx.nodes].map(([host, n]) => ({ host, lk: n['lifekeeper'] as LifeKeeperFact | undefined }))
      .filter((v): v is { host: string; lk: LifeKeeperFact & { evidence: Evidence } } => Boolean(v.lk?.version && v.lk.evidence));
    const distinct = new Set(versions.map((v) => `${v.lk.version}-${v.lk.release ?? ''}`));
    if (versions.length < 2 || distinct.size < 2) return;
    const list = versions.map((v) => `${v.host} ${v.lk.version}${v.lk.release ? `-${v.lk.release}` : ''}`).join(', ');
    ctx.report({
      summary: {
        en: `The nodes run ${list}. LifeKeeper's nodes must run the same version and release; mixed versions are only for the duration of a rolling upgrade, and communication or failover can fail meanwhile.`,
        ja: `各ノードのバージョン: ${list}。LifeKeeper は全ノードで同じバージョンとリリースである必要があり、異なるのはローリングアップグレード中だけです。その間は通信やフェイルオーバーが失敗する可能性があります。`,
      },
      remediation: {
        en: 'Finish the upgrade on every node (upgrading from at most two versions back), then check the hierarchies and comm paths.',
        ja: '全ノードのアップグレードを完了し(2 バージョン前まではそのまま更新可能)、階層とコミュニケーションパスを確認してください。',
      },
      title: { en: `LifeKeeper versions differ between nodes: ${list}`, ja: `ノード間で LifeKeeper のバージョンが異なります: ${list}` },
      evidence: versions.map((v) => ({ node: v.host, ...v.lk.evidence })),
    });
  },
});
