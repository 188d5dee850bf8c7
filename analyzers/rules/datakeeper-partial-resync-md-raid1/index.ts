// Rule (HF-9146): on the md/raid1 kernels of the advisory, a DataKeeper
// partial resync (104009 with a non-zero size) can leave the target's data
// incomplete, with LifeKeeper/DataKeeper v9.3.2 to v9.5.1 (fixed in 9.5.2).
// Critical when a non-zero partial resync happened and no full resync of that
// mirror followed it (the advisory's remedy); warning when the node is exposed
// but every resync with data was repaired by a later full resync, or every
// resync was 0.0 B (or none is logged).
import { defineAnalyzer, notChecked } from '../../engine/plugin/analyzer.js';
import type { Evidence } from '../../engine/plugin/findings.js';
import { SOURCES } from '../../engine/plugin/sources.js';
import { text } from '../../engine/plugin/text.js';
import type { Resync } from '../../facts/resync-history/index.js';
import { exposedToPartialResyncDefect } from './kernels.js';
import { logTime } from '../../shared/when.js';
import { FAILOVER, FULL_RESYNC, MIRROR, PARTIAL_RESYNC } from '../../shared/glossary.js';
import { counted } from '../../shared/plural.js';

const MAX_EVIDENCE = 20;

/** Written the way message 104009 writes sizes ("662.2 MB", "0.0 B"), so the summary matches the evidence lines; not formatBytes (KiB). */
function human(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(1)} ${units[u]}`;
}

export default defineAnalyzer({
  meta: {
    id: 'datakeeper-partial-resync-md-raid1',
    kind: 'rule',
    title: { en: 'DataKeeper partial resync on an md/raid1 kernel that can leave the target incomplete', ja: `md/raid1 の不具合があるカーネルでの DataKeeper ${PARTIAL_RESYNC.ja}(ターゲット側データ欠損の可能性)` },
    severity: 'critical',
    advisory: true,
    inputs: [],
    needs: ['lifekeeper-version', 'kernel', 'os-release'],
    uses: ['resync-history', 'datakeeper'],
    references: [SOURCES.hf9146, SOURCES.mirrorAdmin],
    action: { en: 'Upgrade to LifeKeeper 9.5.2 or later, or apply SIOS\'s raid1_data_integrity_patch.', ja: 'LifeKeeper 9.5.2 以降へバージョンアップするか、SIOS の raid1_data_integrity_patch を適用してください。' },
    version: '2',
  },
  run(ctx) {
    const lk = ctx.fact('lifekeeper-version');
    const kernel = ctx.fact('kernel');
    const os = ctx.fact('os-release');
    if (!lk?.version || !lk.evidence) return notChecked(text('the LifeKeeper version is unknown', 'LifeKeeper のバージョンが不明です'));
    if (!kernel || !os) return;
    const affected = exposedToPartialResyncDefect({ lkVersion: lk.version, kernel: kernel.release, osId: os.id, osVersion: os.version });
    if (!affected) return;
    const history = ctx.fact('resync-history') ?? [];
    const resyncs = history.filter((r) => r.kind === 'partial');
    const dk = ctx.fact('datakeeper');
    const usesDataKeeper = lk.kits.includes('DataKeeper') || (dk?.mirrors.length ?? 0) > 0 || (dk?.netraid.length ?? 0) > 0 || resyncs.length > 0;
    if (!usesDataKeeper) return;
    // A full resync of the mirror after a partial one rewrote the whole target: that partial one no longer matters.
    const lastFull = new Map<string, Resync>();
    for (const r of history) if (r.kind === 'full' && r.sortKey >= (lastFull.get(r.tag)?.sortKey ?? Number.NEGATIVE_INFINITY)) lastFull.set(r.tag, r);
    const withData = resyncs.filter((r) => (r.bytes ?? 0) > 0);
    const nonZero = withData.filter((r) => r.sortKey > (lastFull.get(r.tag)?.sortKey ?? Number.NEGATIVE_INFINITY));
    const repaired = withData.length - nonZero.length;
    const context: Evidence[] = [kernel.evidence, lk.evidence];
    const tags = [...new Set(nonZero.map((r) => r.tag))];
    if (nonZero.length > 0) {
      const total = nonZero.reduce((n, r) => n + (r.bytes ?? 0), 0);
      const last = nonZero[nonZero.length - 1];
      const one = tags.length === 1 ? tags[0] ?? '<tag>' : '<tag>';
      ctx.report({
        severity: 'critical',
        action: text(
          `Run a full resync from the source: \`mirror_action ${one} pause\`, then \`mirror_action ${one} fullresync\`.`,
          `ソース側から \`mirror_action ${one} pause\` の後に \`mirror_action ${one} fullresync\` で${FULL_RESYNC.ja}を実行してください。`,
        ),
        title: { en: `${counted(nonZero.length, 'partial resync')} on an affected md/raid1 kernel: the target may be missing data`, ja: `影響を受けるカーネルで${PARTIAL_RESYNC.ja}が ${nonZero.length} 回発生: ターゲット側のデータが欠損している可能性` },
        summary: text(
          `A defect in the md/raid1 driver of this kernel (${kernel.release}, table row "${affected.row.en}") stops reporting failed writes, so a DataKeeper partial resync cannot rewrite those blocks and the target (standby) copy can silently differ from the source. LifeKeeper ${lk.version} is in the affected range (9.3.2 to 9.5.1). Message 104009 shows ${counted(nonZero.length, 'partial resync')} with data (${human(total)} in all, last ${last?.size ?? ''} at ${logTime(last?.time, 'en')}) on ${tags.join(', ')}, with no full resync of the mirror since.${repaired ? ` ${counted(repaired, 'earlier partial resync')} with data ${repaired === 1 ? 'was' : 'were'} followed by a full resync and are not counted.` : ''} The source copy is not damaged by this defect.`,
          `このカーネル (${kernel.release}、対象表の「${affected.row.ja}」) の md/raid1 ドライバーの不具合により書き込み失敗が報告されず、DataKeeper の${PARTIAL_RESYNC.ja}でそのブロックを書き直せないため、ターゲット(待機)側のデータがソース側と食い違う可能性があります。LifeKeeper ${lk.version} は影響範囲 (9.3.2 ~ 9.5.1) です。メッセージ 104009 によると、${tags.join('、')} で差分ありの${PARTIAL_RESYNC.ja}が ${nonZero.length} 回発生しており(合計 ${human(total)}、最終 ${logTime(last?.time, 'ja')} の ${last?.size ?? ''})、その後${MIRROR.ja}の${FULL_RESYNC.ja}は行われていません。${repaired ? `それ以前の差分ありの${PARTIAL_RESYNC.ja} ${repaired} 回は${FULL_RESYNC.ja}済みのため数えていません。` : ''}ソース側のデータはこの不具合では破損しません。`,
        ),
        remediation: text(
          `From the source node (the one holding the correct data, normally the one in service), run a full resync of each mirror: \`mirror_action <tag> pause\`, then \`mirror_action <tag> fullresync\` (here: ${tags.join(', ')}). After a failover, first check that the data now in service is correct; if it is not, restore it from backup. Then upgrade to LifeKeeper 9.5.2 or later (the fix is included), or apply SIOS's raid1_data_integrity_patch (it needs Secure Boot disabled, and a full resync afterwards). Until then avoid operations that cause partial resyncs (pausing the mirror in operation, maintenance with LifeKeeper running).`,
          `正しいデータを持つソース側(通常は稼働中のノード)から各${MIRROR.ja}の${FULL_RESYNC.ja}を実施してください: \`mirror_action <tag> pause\` の後に \`mirror_action <tag> fullresync\`(対象: ${tags.join('、')})。${FAILOVER.ja}後の場合は、まず現在稼働中のデータが正常か確認し、異常があればバックアップから戻してください。その後 LifeKeeper 9.5.2 以降(修正済み)へバージョンアップするか、SIOS の raid1_data_integrity_patch を適用してください(Secure Boot の無効化と適用後の${FULL_RESYNC.ja}が必要です)。それまでは${PARTIAL_RESYNC.ja}が発生する操作(運用中の${MIRROR.ja}の一時停止、LifeKeeper 稼働中のメンテナンス)を避けてください。`,
        ),
        evidence: [...nonZero.slice(-MAX_EVIDENCE).map((r) => r.evidence), ...context],
      });
      return;
    }
    if (repaired > 0) {
      const fulls = [...lastFull.values()];
      ctx.report({
        severity: 'warning',
        title: { en: `DataKeeper on an md/raid1 kernel affected by the partial-resync defect (${counted(repaired, 'partial resync')} with data, each followed by a full resync)`, ja: `${PARTIAL_RESYNC.ja}の不具合の影響を受ける md/raid1 カーネルで DataKeeper を使用(差分ありの${PARTIAL_RESYNC.ja} ${repaired} 回はいずれも${FULL_RESYNC.ja}済み)` },
        summary: text(
          `This kernel (${kernel.release}, table row "${affected.row.en}") with LifeKeeper/DataKeeper ${lk.version} is affected: a partial resync can leave the target copy incomplete. Message 104009 shows ${counted(repaired, 'partial resync')} with data, and a full resync of the mirror followed each of them (last ${fulls.map((f) => `${f.tag} at ${logTime(f.time, 'en')}`).join(', ')}), which rewrote the target. The next failover or mirror pause will cause a partial resync again.`,
          `このカーネル (${kernel.release}、対象表の「${affected.row.ja}」) と LifeKeeper/DataKeeper ${lk.version} の組み合わせは影響を受けます。メッセージ 104009 によると差分ありの${PARTIAL_RESYNC.ja}が ${repaired} 回ありますが、いずれもその後に${MIRROR.ja}の${FULL_RESYNC.ja}が行われており(最終: ${fulls.map((f) => `${f.tag} ${logTime(f.time, 'ja')}`).join('、')})、ターゲットは書き直されています。次の${FAILOVER.ja}や${MIRROR.ja}の一時停止で再び${PARTIAL_RESYNC.ja}が発生します。`,
        ),
        remediation: text(
          'Upgrade to LifeKeeper 9.5.2 or later, or apply SIOS\'s raid1_data_integrity_patch (Secure Boot must be disabled). Until then keep doing what was done here: after any failover or mirror pause, check the data in service and run a full resync (`mirror_action <tag> pause`, then `fullresync`).',
          `LifeKeeper 9.5.2 以降へバージョンアップするか、SIOS の raid1_data_integrity_patch を適用してください(Secure Boot の無効化が必要です)。それまでは今回と同様に、${FAILOVER.ja}や${MIRROR.ja}の一時停止の後は稼働中のデータを確認して${FULL_RESYNC.ja}(\`mirror_action <tag> pause\` の後に \`fullresync\`)を実施してください。`,
        ),
        evidence: [...context, ...fulls.map((f) => f.evidence)],
      });
      return;
    }
    ctx.report({
      severity: 'warning',
      title: { en: 'DataKeeper on an md/raid1 kernel affected by the partial-resync defect (no partial resync with data yet)', ja: `${PARTIAL_RESYNC.ja}の不具合の影響を受ける md/raid1 カーネルで DataKeeper を使用(差分ありの${PARTIAL_RESYNC.ja}はまだなし)` },
      summary: text(
        `This kernel (${kernel.release}, table row "${affected.row.en}") with LifeKeeper/DataKeeper ${lk.version} is affected: a partial resync can leave the target copy incomplete. ${resyncs.length ? `${resyncs.length === 1 ? 'The one logged partial resync was' : `All ${resyncs.length} logged partial resyncs were`} 0.0 B, so no data was resynchronised partially so far.` : 'No partial resync is in the logs.'} The next failover or mirror pause would cause one.`,
        `このカーネル (${kernel.release}、対象表の「${affected.row.ja}」) と LifeKeeper/DataKeeper ${lk.version} の組み合わせは影響を受けます。${PARTIAL_RESYNC.ja}によりターゲット側のデータが欠損する可能性があります。${resyncs.length ? `ログにある ${resyncs.length} 回の${PARTIAL_RESYNC.ja}はすべて 0.0 B で、これまでに差分の${PARTIAL_RESYNC.ja}は行われていません。` : `ログに${PARTIAL_RESYNC.ja}はありません。`}次の${FAILOVER.ja}や${MIRROR.ja}の一時停止で${PARTIAL_RESYNC.ja}が発生します。`,
      ),
      remediation: text(
        'Upgrade to LifeKeeper 9.5.2 or later, or apply SIOS\'s raid1_data_integrity_patch (Secure Boot must be disabled). Until then: stop LifeKeeper for maintenance (stop the data replication resource first), do not pause mirrors in operation, and after any failover check the data in service and run a full resync (`mirror_action <tag> pause`, then `fullresync`).',
        `LifeKeeper 9.5.2 以降へバージョンアップするか、SIOS の raid1_data_integrity_patch を適用してください(Secure Boot の無効化が必要です)。それまでは、メンテナンス時は LifeKeeper を停止し(先にデータレプリケーションリソースを停止)、運用中に${MIRROR.ja}を一時停止せず、${FAILOVER.ja}後は稼働中のデータを確認して${FULL_RESYNC.ja}(\`mirror_action <tag> pause\` の後に \`fullresync\`)を実施してください。`,
      ),
      evidence: [...context, ...resyncs.slice(-5).map((r) => r.evidence)],
    });
  },
});
