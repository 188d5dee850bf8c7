// Rule (KB-lkscsid): on LifeKeeper v9.5.0, lkscsid exits abnormally with
// SCSI-2 reserved single-path shared disks; it is restarted, so 007046 shows
// up on its own with a new pid. Critical when such restarts are seen; warning
// when only the exposure is there (9.5.0 with a `disk` resource).
import { defineAnalyzer, notChecked } from '../../engine/plugin/analyzer.js';
import type { Evidence } from '../../engine/plugin/findings.js';
import { SOURCES } from '../../engine/plugin/sources.js';
import { text } from '../../engine/plugin/text.js';
import { restartsOf } from '../../facts/lkscsid/index.js';
import { allResources } from '../../facts/resource-hierarchy/index.js';
import { COMM_PATH, FAILOVER } from '../../shared/glossary.js';
import { counted } from '../../shared/plural.js';

const AFFECTED = '9.5.0';
const MAX_EVIDENCE = 12;

const mib = (bytes: number): string => (bytes / 2 ** 20).toFixed(1);

export default defineAnalyzer({
  meta: {
    id: 'lkscsid-abnormal-restart',
    kind: 'rule',
    title: { en: 'lkscsid restarts outside LifeKeeper startup (v9.5.0 defect)', ja: 'lkscsid が LifeKeeper 起動時以外に再起動(v9.5.0 の不具合)' },
    severity: 'critical',
    advisory: true,
    inputs: [],
    needs: [],
    uses: ['lifekeeper-version', 'lkscsid', 'resource-hierarchy'],
    references: [SOURCES.kbLkscsid],
    action: { en: 'Upgrade LifeKeeper to v9.5.1 or later, or apply SIOS\'s patch for v9.5.0.', ja: 'LifeKeeper を v9.5.1 以降へバージョンアップするか、v9.5.0 用の個別パッチを適用してください。' },
    version: '1',
  },
  run(ctx) {
    const lk = ctx.fact('lifekeeper-version');
    const lkscsid = ctx.fact('lkscsid');
    if (!lk?.version || !lk.evidence) {
      // Without rpm -qa the defect cannot be named, but a daemon that restarts outside startup has crashed on any
      // version: say so rather than leave the restarts to be found by hand.
      const restarts = restartsOf(lkscsid);
      if (restarts.length === 0) return notChecked(text('the LifeKeeper version is unknown', 'LifeKeeper のバージョンが不明です'));
      const last = restarts[restarts.length - 1];
      ctx.report({
        severity: 'warning',
        title: lkscsid?.notKept
          ? { en: `lkscsid restarted at least ${counted(restarts.length, 'time')} outside LifeKeeper startup (LifeKeeper version unknown)`, ja: `lkscsid が LifeKeeper 起動時以外に少なくとも ${restarts.length} 回再起動(LifeKeeper のバージョンは不明)` }
          : { en: `lkscsid restarted ${counted(restarts.length, 'time')} outside LifeKeeper startup (LifeKeeper version unknown)`, ja: `lkscsid が LifeKeeper 起動時以外に ${restarts.length} 回再起動(LifeKeeper のバージョンは不明)` },
        action: text(
          'Check the version with `rpm -q steeleye-lk`: on v9.5.0 this is the lkscsid defect fixed in v9.5.1.',
          '`rpm -q steeleye-lk` でバージョンを確認してください。v9.5.0 の場合は v9.5.1 で修正された lkscsid の不具合です。',
        ),
        summary: text(
          `lkscsid, the daemon that holds the SCSI reservations of shared disks, started ${counted(restarts.length, 'time')} outside any LifeKeeper startup (message 007046 on its own, or a new pid; last at ${last?.time.replace('T', ' ') ?? '?'}): it died and was restarted. The archive has no rpm -qa output, so the LifeKeeper version is unknown. On v9.5.0 with SCSI-2 reservations over a single path this is a known defect (fixed in v9.5.1); on any version, while lkscsid is down a stolen reservation goes unnoticed.`,
          `共有ディスクのリザベーションを保持する lkscsid デーモンが、LifeKeeper の起動と関係なく ${restarts.length} 回起動しています(メッセージ 007046 の単独出力または PID の変化。最終 ${last?.time.replace('T', ' ') ?? '?'})。異常終了して再起動されたものです。アーカイブに rpm -qa の出力がないため、LifeKeeper のバージョンは不明です。v9.5.0 で SCSI-2 リザーブのシングルパス構成の場合は既知の不具合(v9.5.1 で修正)です。どのバージョンでも、lkscsid の停止中はリザーブを奪われても検出できません。`,
        ),
        remediation: text(
          'Check the LifeKeeper version (`rpm -q steeleye-lk`). On v9.5.0, upgrade to v9.5.1 or later, or apply SIOS\'s patch for v9.5.0. On another version, collect the lkscsid core files and the lines before each restart and contact SIOS support.',
          'LifeKeeper のバージョンを確認してください(`rpm -q steeleye-lk`)。v9.5.0 の場合は v9.5.1 以降へのバージョンアップか v9.5.0 用の個別パッチを適用してください。それ以外のバージョンの場合は、lkscsid のコアファイルと各再起動の直前のログを採取して SIOS サポートへお問い合わせください。',
        ),
        evidence: [...restarts.slice(-MAX_EVIDENCE).map((r) => r.evidence), ...(lkscsid?.cores ?? []).slice(0, 4).map((c) => c.evidence)],
      });
      return;
    }
    if (lk.version !== AFFECTED) return;
    const disks = allResources(ctx.fact('resource-hierarchy') ?? []).filter((r) => r.type === 'disk');
    const restarts = restartsOf(lkscsid);
    const cores = lkscsid?.cores ?? [];
    const diskEvidence = disks.flatMap((d) => d.evidence.slice(0, 1));
    const diskTags = disks.map((d) => d.tag).join(', ');
    if (restarts.length > 0) {
      const last = restarts[restarts.length - 1];
      const coreBytes = cores.reduce((n, c) => n + c.bytes, 0);
      const evidence: Evidence[] = [
        ...restarts.slice(-MAX_EVIDENCE).map((r) => r.evidence),
        lk.evidence,
        ...diskEvidence,
        ...cores.slice(0, 4).map((c) => c.evidence),
      ];
      const coreEn = cores.length ? ` ${counted(cores.length, 'lkscsid core file')} (${mib(coreBytes)} MiB) ${cores.length === 1 ? 'is' : 'are'} in the archive.` : '';
      const coreJa = cores.length ? `アーカイブには lkscsid のコアファイルが ${cores.length} 個 (${mib(coreBytes)} MiB) あります。` : '';
      ctx.report({
        severity: 'critical',
        // Past the fact's bound the starts between the first and last kept are only counted: the count is a floor.
        title: lkscsid?.notKept
          ? { en: `lkscsid restarted at least ${counted(restarts.length, 'time')} outside LifeKeeper startup (v9.5.0 defect; ${lkscsid.notKept} more starts not classified)`, ja: `lkscsid が LifeKeeper 起動時以外に少なくとも ${restarts.length} 回再起動(v9.5.0 の不具合。ほかに未分類の起動 ${lkscsid.notKept} 件)` }
          : { en: `lkscsid restarted ${counted(restarts.length, 'time')} outside LifeKeeper startup (v9.5.0 defect)`, ja: `lkscsid が LifeKeeper 起動時以外に ${restarts.length} 回再起動(v9.5.0 の不具合)` },
        summary: text(
          `LifeKeeper 9.5.0 has a defect that makes lkscsid, the daemon that holds the SCSI reservations of shared disks, exit abnormally when the disks are reserved with SCSI-2 over a single path. Message 007046 appeared ${counted(restarts.length, 'time')} on its own with a new pid (last at ${last?.time.replace('T', ' ') ?? '?'}), which is that restart.${coreEn} While lkscsid is down a stolen reservation goes unnoticed: on a communication path failure the active node is not rebooted (split brain, failover may stop half way), and in rare timing both nodes can write to the shared disk.`,
          `LifeKeeper 9.5.0 には、SCSI-2 リザーブを使うシングルパスの共有ディスク構成で、共有ディスクのリザベーションを保持する lkscsid デーモンが異常終了する不具合があります。メッセージ 007046 が LifeKeeper の起動と無関係に新しい PID で ${restarts.length} 回出力されており(最終 ${last?.time.replace('T', ' ') ?? '?'})、これがその再起動です。${coreJa}lkscsid の停止中はリザーブを奪われても検出できず、${COMM_PATH.ja}障害時にアクティブ側が再起動しないためスプリットブレインとなり(${FAILOVER.ja}が途中で止まる場合があります)、タイミングによっては両ノードから共有ディスクへ書き込みデータ破壊に至る可能性があります。`,
        ),
        remediation: text(
          'Upgrade LifeKeeper to v9.5.1, where this is fixed. If an upgrade is not possible now, apply SIOS\'s patch for v9.5.0 (request it from SIOS support with the PSC number and the end-user name). Until then, watch the file system that receives core files: each crash writes one and they can fill it; remove old lkscsid cores once they are kept for support.',
          'v9.5.1 で修正されています。LifeKeeper を v9.5.1 以降へバージョンアップしてください。すぐにできない場合は v9.5.0 用の個別パッチを適用してください(PSC No. と導入先エンドユーザー名を添えて SIOS サポートへ申請)。それまでは、異常終了のたびにコアファイルが作成されファイルシステムを圧迫するため、コアファイルの出力先の空き容量を監視し、サポート用に保存した古い lkscsid のコアファイルは削除してください。',
        ),
        evidence,
      });
      return;
    }
    if (disks.length > 0) {
      ctx.report({
        severity: 'warning',
        action: text(
          'If the disks use SCSI-2 reserve over a single path, upgrade to v9.5.1 or apply the v9.5.0 patch.',
          '共有ディスクが SCSI-2 リザーブのシングルパス構成なら、v9.5.1 へのバージョンアップか個別パッチの適用を行ってください。',
        ),
        title: { en: 'Exposed to the v9.5.0 lkscsid defect: SCSI disk resources on LifeKeeper 9.5.0', ja: 'v9.5.0 の lkscsid 不具合の対象構成: LifeKeeper 9.5.0 で SCSI ディスクリソースを使用' },
        summary: text(
          `This node runs LifeKeeper 9.5.0 and protects shared SCSI disks (${diskTags}). With SCSI-2 reservations over a single path, lkscsid exits abnormally in this version; no restart is in these logs yet. Physical hosts with single-path shared disks and VMware guests with RDM disks are affected; DMMP over a single path is not.`,
          `このノードは LifeKeeper 9.5.0 で共有 SCSI ディスク (${diskTags}) を保護しています。SCSI-2 リザーブのシングルパス構成では、このバージョンで lkscsid が異常終了します。今回のログにはまだ再起動は見られません。シングルパスで共有ディスクを接続した物理環境や RDM でディスクをマッピングした VMware 環境が対象で、DMMP ARK のシングルパス構成は対象外です。`,
        ),
        remediation: text(
          'Confirm the disks are reserved with SCSI-2 over a single path; if so, upgrade to LifeKeeper v9.5.1 or apply SIOS\'s patch for v9.5.0 before lkscsid starts crashing.',
          '共有ディスクが SCSI-2 リザーブのシングルパス構成か確認してください。該当する場合は、lkscsid の異常終了が起きる前に LifeKeeper v9.5.1 へのバージョンアップまたは v9.5.0 用の個別パッチを適用してください。',
        ),
        evidence: [lk.evidence, ...diskEvidence],
      });
    }
  },
});
