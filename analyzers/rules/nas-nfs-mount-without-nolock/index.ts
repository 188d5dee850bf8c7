// Rule (SPS for Linux v8 technical documentation, NAS and NFS kits;
// known-issues-2 #13): a file system LifeKeeper protects is mounted over NFS
// without the `nolock` option. "When using storage applications with locking
// and following recommendations for the NFS mount options, SPS requires the
// additional nolock option be set."
import { documentEvidence } from '../../engine/lines/lines.js';
import { defineAnalyzer, notChecked } from '../../engine/plugin/analyzer.js';
import { SOURCES } from '../../engine/plugin/sources.js';
import { text } from '../../engine/plugin/text.js';
import { allResources } from '../../facts/resource-hierarchy/index.js';
import { isNfs, parseMounts } from '../../shared/formats/mounts.js';

export default defineAnalyzer({
  meta: {
    id: 'nas-nfs-mount-without-nolock',
    kind: 'rule',
    title: { en: 'A protected NFS mount lacks the nolock option', ja: '保護対象の NFS マウントに nolock オプションがありません' },
    severity: 'warning',
    inputs: ['mounts', 'fstab'],
    needs: ['resource-hierarchy'],
    references: [SOURCES.nfsServerKit],
    action: { en: 'Add nolock to the mount options of the protected NFS file system, on every node.', ja: '全ノードで、保護対象の NFS ファイルシステムのマウントオプションに nolock を追加してください。' },
    version: '1',
  },
  run(ctx) {
    const docs = [...ctx.documents('mounts'), ...ctx.documents('fstab')];
    const resources = allResources(ctx.fact('resource-hierarchy') ?? []);
    const protectedAt = new Map(resources.filter((r) => r.id?.startsWith('/') && !r.id.startsWith('/dev/')).map((r) => [r.id as string, r]));
    if (docs.length === 0) {
      // Said only where it matters: a NAS kit resource whose mount options cannot be seen.
      if (resources.some((r) => /nas/i.test(`${r.app ?? ''} ${r.type ?? ''}`))) return notChecked(text('no /proc/mounts, mount output or /etc/fstab in the archive', 'アーカイブに /proc/mounts、mount コマンドの出力、/etc/fstab のいずれもありません'));
      return;
    }
    const seen = new Set<string>();
    for (const doc of docs) {
      const { entries, unread } = parseMounts(doc.lines);
      ctx.unread(doc, unread);
      for (const m of entries) {
        const r = protectedAt.get(m.mountPoint);
        if (!r || !isNfs(m.fsType) || m.options.includes('nolock') || seen.has(m.mountPoint)) continue;
        seen.add(m.mountPoint);
        ctx.report({
          title: { en: `NFS mount ${m.mountPoint} (resource ${r.tag}) has no nolock option`, ja: `NFS マウント ${m.mountPoint}(リソース ${r.tag})に nolock オプションがありません` },
          summary: {
            en: `${m.mountPoint} is protected by LifeKeeper (resource ${r.tag}) and mounted from ${m.device} as ${m.fsType} with options ${m.options.join(',')}, without nolock. SIOS's documentation of the NAS recovery kit says that with storage applications that use locking, LifeKeeper requires the nolock option in addition to the recommended NFS mount options; without it, locks held through the old server can keep the file system from being taken over.`,
            ja: `${m.mountPoint} は LifeKeeper で保護され(リソース ${r.tag})、${m.device} から NFS としてオプション ${m.options.join(',')} でマウントされていますが、nolock がありません。SIOS の NAS リカバリーキットのドキュメントでは、ロックを使用するストレージアプリケーションでは、推奨される NFS マウントオプションに加えて nolock オプションが必要とされています。ない場合、以前のサーバー経由で保持されたロックにより、ファイルシステムを引き継げないことがあります。`,
          },
          remediation: {
            en: 'Add nolock to the NFS mount options of this file system on every node (SIOS\'s example: `rw,nolock,bg,hard,nointr,tcp,nfsvers=3,timeo=600,rsize=32768,wsize=32768,actimeo=0`), in the resource\'s options and in any /etc/fstab entry, then remount it through LifeKeeper (switch the hierarchy over and back).',
            ja: '全ノードでこのファイルシステムの NFS マウントオプションに nolock を追加してください(SIOS の例では nolock のほか、NFS バージョン 3 や TCP なども指定しています)。リソースのオプションと /etc/fstab の記述の両方を修正し、LifeKeeper 経由で再マウント(階層をスイッチオーバーして戻す)してください。',
          },
          evidence: [documentEvidence(doc, m.lineIndex), ...r.evidence.slice(0, 1)],
        });
      }
    }
  },
});
