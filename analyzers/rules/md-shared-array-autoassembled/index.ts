// Rule (SIOS 9.3.2 ja software-raid-notes-and-restrictions; SPS for Linux v8
// MD kit known issue; known-issues-2 #19): mdadm.conf has an active ARRAY line
// for an md device LifeKeeper protects. Virtual devices on shared storage must
// not be activated at boot, and the MD kit's own entries are known to be left
// uncommented after a reboot: the array may be assembled by a node that does
// not own it.
import { documentEvidence } from '../../engine/lines/lines.js';
import { defineAnalyzer, notChecked } from '../../engine/plugin/analyzer.js';
import type { Evidence } from '../../engine/plugin/findings.js';
import { SOURCES } from '../../engine/plugin/sources.js';
import { text } from '../../engine/plugin/text.js';
import { parseMdstat } from '../../facts/datakeeper/parse.js';
import { allResources } from '../../facts/resource-hierarchy/index.js';
import { parseMdadmArrays } from '../../shared/formats/mounts.js';
import { mdResources } from '../../shared/md-resources.js';

export default defineAnalyzer({
  meta: {
    id: 'md-shared-array-autoassembled',
    kind: 'rule',
    title: { en: 'mdadm.conf activates a shared md device that LifeKeeper protects', ja: 'LifeKeeper が保護する共有 md デバイスが mdadm.conf で有効になっています' },
    severity: 'warning',
    inputs: ['mdadm-conf', 'mdstat'],
    needs: ['resource-hierarchy'],
    references: [SOURCES.swraid],
    action: { en: 'Comment out the ARRAY lines of LifeKeeper-protected md devices in mdadm.conf, on every node.', ja: '全ノードの mdadm.conf で、LifeKeeper が保護する md デバイスの ARRAY 行をコメントアウトしてください。' },
    version: '1',
  },
  run(ctx) {
    const confs = ctx.documents('mdadm-conf');
    const protectedMd = mdResources(allResources(ctx.fact('resource-hierarchy') ?? []));
    // Said only where it matters: an md device LifeKeeper protects, and no mdadm.conf to look at.
    if (protectedMd.size === 0) return;
    if (confs.length === 0) return notChecked(text('no mdadm.conf in the archive', 'アーカイブに mdadm.conf がありません'));
    const active = new Map(ctx.documents('mdstat').flatMap((doc) => parseMdstat(doc.lines).filter((a) => a.state === 'active').map((a) => [a.device, documentEvidence(doc, a.lineIndex)] as const)));
    for (const doc of confs) {
      const lines = parseMdadmArrays(doc.lines).filter((a) => protectedMd.has(a.device));
      if (lines.length === 0) continue;
      const devices = lines.map((a) => a.device);
      // An array assembled on a node where its resource is out of service: this node is the standby and holds it anyway.
      const onStandby = lines.filter((a) => (protectedMd.get(a.device)?.state ?? '').startsWith('OS') && active.has(a.device)).map((a) => a.device);
      const standby = onStandby.length > 0
        ? { en: ` ${onStandby.join(', ')} ${onStandby.length > 1 ? 'are' : 'is'} active in /proc/mdstat although ${onStandby.length > 1 ? 'their resources are' : 'its resource is'} out of service on this node.`, ja: `${onStandby.join('、')} は、このノードではリソースがサービス停止状態であるにもかかわらず、/proc/mdstat では有効になっています。` }
        : { en: '', ja: '' };
      const evidence: Evidence[] = [...lines.map((a) => documentEvidence(doc, a.lineIndex)), ...onStandby.flatMap((d) => { const e = active.get(d); return e ? [e] : []; })];
      ctx.report({
        severity: 'warning',
        title: { en: `mdadm.conf activates protected md ${devices.length === 1 ? 'device' : 'devices'} at boot: ${devices.join(', ')}`, ja: `保護対象の md デバイスが起動時に有効になる mdadm.conf の設定: ${devices.join('、')}` },
        summary: {
          en: `mdadm.conf has active (uncommented) ARRAY lines for ${devices.join(', ')}, which LifeKeeper's MD kit protects.${standby.en} Virtual devices on shared storage should not be activated at boot: a node that assembles the array at boot uses the shared disks outside LifeKeeper's control. SIOS also lists as a known issue that the kit's own entries in mdadm.conf are not commented out after a reboot.`,
          ja: `mdadm.conf に、LifeKeeper の MD キットが保護する ${devices.join('、')} の有効な(コメントアウトされていない)ARRAY 行があります。${standby.ja}共有ストレージ上の仮想デバイスはシステム起動時に有効にすべきではありません。起動時にアレイを組み立てたノードは、LifeKeeper の制御外で共有ディスクを使用します。また SIOS は既知の問題として、キット自身の mdadm.conf のエントリーが再起動後にコメントアウトされないことを挙げています。`,
        },
        remediation: {
          en: 'Comment out the ARRAY lines of the LifeKeeper-protected md devices in mdadm.conf on every node (keep the OS\'s own arrays), and check after each reboot that they stay commented out. If an array is active on the standby, stop it there (mdadm --stop) once the active node holds the hierarchy.',
          ja: '全ノードの mdadm.conf で、LifeKeeper が保護する md デバイスの ARRAY 行をコメントアウトし(OS 自身のアレイはそのまま)、再起動のたびにコメントアウトされたままか確認してください。待機ノードでアレイが有効になっている場合は、稼働ノードが階層を保持していることを確認してから待機ノードで停止 (mdadm --stop) してください。',
        },
        evidence,
      });
    }
  },
});
