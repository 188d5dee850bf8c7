// Rule (SPS8-PDF p307, p310): a DataKeeper mirror without a bitmap (intent
// log): every interruption then costs a full resync.
import { defineAnalyzer } from '../../engine/plugin/analyzer.js';
import { SOURCES } from '../../engine/plugin/sources.js';
import { allMirrors } from '../../facts/datakeeper/index.js';
import { FULL_RESYNC, MIRROR } from '../../shared/glossary.js';

export default defineAnalyzer({
  meta: {
    id: 'datakeeper-mirror-without-bitmap',
    kind: 'rule',
    title: { en: 'DataKeeper mirror without a bitmap: every interruption needs a full resync', ja: `ビットマップのない DataKeeper ${MIRROR.ja}: 中断のたびに${FULL_RESYNC.ja}が必要` },
    severity: 'warning',
    inputs: [],
    needs: ['datakeeper'],
    references: [SOURCES.dkParams, SOURCES.mirrorAdmin],
    action: { en: 'Recreate the mirror with a bitmap file on a file system other than btrfs.', ja: `btrfs 以外のファイルシステム上のビットマップファイルを指定して、${MIRROR.ja}を再作成してください。` },
    version: '2',
  },
  run(ctx) {
    const dk = ctx.fact('datakeeper');
    // mirror_status alone (no /proc/mdstat) tells of a mirror too: its Bitmap line says whether there is one.
    for (const m of dk ? allMirrors(dk) : []) {
      const noneInStatus = m.status?.bitmap?.none === true;
      const bitmapInStatus = m.status?.bitmap !== null && m.status?.bitmap !== undefined && !noneInStatus;
      if ((m.bitmap || bitmapInStatus) && !noneInStatus) continue;
      if (!noneInStatus && m.status === null && m.bitmap === null && m.members.length < 2) continue;
      const name = m.tag ?? m.device;
      const device = m.device ? ` (${m.device})` : '';
      ctx.report({
        title: { en: `Mirror ${name} has no bitmap (intent log)`, ja: `${MIRROR.ja} ${name} にビットマップ(インテントログ)がありません` },
        summary: {
          en: `Mirror ${name}${device} runs without a bitmap. Without it DataKeeper cannot tell which blocks changed while the target was away, so every interruption (a network failure, a pause, a reboot of the target) is followed by a full resync of the whole volume, during which the target is not a usable copy. Asynchronous mirrors require a bitmap.`,
          ja: `${MIRROR.ja} ${name}${device} はビットマップなしで動作しています。ビットマップがないとターゲット不在中に変更されたブロックを判断できず、中断(ネットワーク障害、一時停止、ターゲットの再起動)のたびにボリューム全体の${FULL_RESYNC.ja}が行われ、その間ターゲットは使用可能なコピーではありません。非同期${MIRROR.ja}にはビットマップが必須です。`,
        },
        remediation: {
          en: 'Recreate the mirror with a bitmap file (by default /opt/LifeKeeper/bitmap_<mount point>) on a file system that is not btrfs.',
          ja: `btrfs 以外のファイルシステム上のビットマップファイル(デフォルトは /opt/LifeKeeper/bitmap_<マウントポイント>)を指定して${MIRROR.ja}を再作成してください。`,
        },
        evidence: m.evidence,
      });
    }
  },
});
