// Rule (SPS for Linux v8 technical documentation, MD recovery kit;
// known-issues-2 #18): an md device LifeKeeper's MD kit protects is built on
// LVM (device-mapper) devices. "MD Kit does not support MD devices created on
// LVM devices … When the MD device is created, it is given a name that
// LifeKeeper does not recognize."
import { documentEvidence } from '../../engine/lines/lines.js';
import { defineAnalyzer, notChecked } from '../../engine/plugin/analyzer.js';
import { SOURCES } from '../../engine/plugin/sources.js';
import { text } from '../../engine/plugin/text.js';
import { parseMdstat } from '../../facts/datakeeper/parse.js';
import { allResources } from '../../facts/resource-hierarchy/index.js';
import { mdResources } from '../../shared/md-resources.js';

export default defineAnalyzer({
  meta: {
    id: 'md-device-on-lvm',
    kind: 'rule',
    title: { en: 'A protected md device is built on LVM devices, which the MD kit does not support', ja: '保護対象の md デバイスが LVM デバイス上に作成されています(MD キットではサポートされません)' },
    severity: 'warning',
    inputs: ['mdstat'],
    needs: ['resource-hierarchy'],
    references: [SOURCES.swraid],
    action: { en: 'Rebuild the md device on disks or partitions, not on LVM logical volumes.', ja: 'md デバイスを LVM の論理ボリュームではなく、ディスクまたはパーティション上に作成し直してください。' },
    version: '1',
  },
  run(ctx) {
    const docs = ctx.documents('mdstat');
    const protectedMd = mdResources(allResources(ctx.fact('resource-hierarchy') ?? []));
    // Said only where it matters: an md device LifeKeeper protects whose members cannot be seen.
    if (protectedMd.size === 0) return;
    if (docs.length === 0) return notChecked(text('no /proc/mdstat in the archive', 'アーカイブに /proc/mdstat がありません'));
    for (const doc of docs) {
      for (const a of parseMdstat(doc.lines)) {
        const r = protectedMd.get(a.device);
        const lvm = a.members.filter((m) => /^dm-\d+$/.test(m.device));
        if (!r || lvm.length === 0 || a.members.some((m) => m.nbd)) continue;
        const names = lvm.map((m) => m.device).join(', ');
        ctx.report({
          title: { en: `${a.device} (resource ${r.tag}) is built on LVM devices: ${names}`, ja: `${a.device}(リソース ${r.tag})は LVM デバイス上に作成されています: ${names}` },
          summary: {
            en: `/proc/mdstat shows ${a.device}, protected by LifeKeeper's MD kit as ${r.tag}, with device-mapper members (${names}), the kernel's names of LVM logical volumes. SIOS documents that the MD kit does not support md devices created on LVM devices: such a device is given a name LifeKeeper does not recognise, so it may not be brought in service on the other node.`,
            ja: `/proc/mdstat では、LifeKeeper の MD キットが ${r.tag} として保護する ${a.device} のメンバーがデバイスマッパー (${names}、LVM の論理ボリュームのカーネル上の名前) です。SIOS のドキュメントによると、MD キットは LVM デバイス上に作成した md デバイスをサポートしません。そのようなデバイスには LifeKeeper が認識できない名前が付けられるため、対向ノードで起動できない場合があります。`,
          },
          remediation: {
            en: 'Recreate the md device on whole disks or partitions of the shared storage (LVM may be used on top of the md device, not under it), then recreate its LifeKeeper resource.',
            ja: '共有ストレージのディスクまたはパーティション上に md デバイスを作成し直し(LVM は md デバイスの下ではなく上で使用)、LifeKeeper のリソースを作成し直してください。',
          },
          evidence: [documentEvidence(doc, a.lineIndex), ...r.evidence.slice(0, 1)],
        });
      }
    }
  },
});
