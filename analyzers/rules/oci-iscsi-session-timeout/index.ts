// Rule (KB-OCI): with iSCSI shared disks (Oracle Cloud block volumes), when
// the connection is lost the initiator waits to re-open its session instead
// of failing the I/O, so lkscsid reports 007059/007078 and failover does not
// happen or is slow. LifeKeeper 9.6.1 and later. Warning.
import { evidenceOf } from '../../engine/lines/lines.js';
import { defineAnalyzer, notChecked } from '../../engine/plugin/analyzer.js';
import type { Evidence } from '../../engine/plugin/findings.js';
import { SOURCES } from '../../engine/plugin/sources.js';
import { text } from '../../engine/plugin/text.js';
import { compareLifeKeeperVersions } from '../../shared/versions.js';
import type { TimelineEvent } from '../../facts/timeline/index.js';
import { logTime } from '../../shared/when.js';
import { FAILOVER } from '../../shared/glossary.js';
import { counted } from '../../shared/plural.js';

/** lkscsid failures and iSCSI re-open storms this close together are one incident. */
const TOGETHER_MS = 60 * 60 * 1000;
const DEFAULT_TIMEOUT = 120;
const OCI_TIMEOUT = 6000;

function overlapping(a: readonly TimelineEvent[], b: readonly TimelineEvent[]): Array<[TimelineEvent, TimelineEvent]> {
  const end = (e: TimelineEvent): number => (e.lastTime ? Date.parse(`${e.lastTime.slice(0, 19)}Z`) : e.sortKey);
  return a.flatMap((x) => b.filter((y) => x.sortKey <= end(y) + TOGETHER_MS && y.sortKey <= end(x) + TOGETHER_MS).map((y): [TimelineEvent, TimelineEvent] => [x, y]));
}

/** OCI attaches iSCSI block volumes through targets at 169.254.2.x:3260. */
const OCI_TARGET = '169.254.2.';

export default defineAnalyzer<Evidence[]>({
  meta: {
    id: 'oci-iscsi-session-timeout',
    kind: 'rule',
    title: { en: 'lkscsid device failures while iSCSI sessions keep re-opening: failover waits on the iSCSI timeout', ja: `iSCSI セッション再接続中の lkscsid デバイス障害: ${FAILOVER.ja}が iSCSI のタイムアウト待ちになる` },
    severity: 'warning',
    advisory: true,
    inputs: ['syslog'],
    needs: ['timeline'],
    uses: ['lifekeeper-version', 'settings'],
    references: [SOURCES.kbOci],
    action: { en: 'Check the instance load and volume attachment; tune `node.session.timeo.replacement_timeout`.', ja: 'インスタンスの負荷とボリュームのアタッチ状況を確認し、`node.session.timeo.replacement_timeout` を調整してください。' },
    version: '1',
  },
  watch: {
    inputs: ['syslog'],
    keywords: [OCI_TARGET],
    init: () => [],
    onLine(seen, line) {
      if (seen.length < 3 && /iscsid/.test(line.text)) seen.push(evidenceOf(line));
    },
  },
  run(ctx) {
    // The iSCSI side of the symptom is only in messages: without it the check cannot be made.
    if (ctx.streamed('syslog').length === 0) return notChecked(text('no messages/syslog in the archive', 'アーカイブに messages(syslog)がありません'));
    const lk = ctx.fact('lifekeeper-version');
    // The wait is the iSCSI initiator's, whatever LifeKeeper's version: without rpm -qa the symptom is still reported,
    // and the finding says the version could not be checked against the advisory's (9.6.1 and later).
    const version = lk?.version && lk.evidence ? { version: lk.version, evidence: lk.evidence } : null;
    if (version && compareLifeKeeperVersions(version.version, '9.6.1') < 0) return;
    const events = ctx.fact('timeline')?.events ?? [];
    const failures = events.filter((e) => e.kind === 'lkscsid-device-failure');
    const storms = events.filter((e) => e.kind === 'iscsi-reopen-storm');
    const pairs = overlapping(failures, storms);
    if (pairs.length === 0) return;
    const [failure, storm] = pairs[0] ?? [];
    if (!failure || !storm) return;
    const iscsi = ctx.fact('settings')?.iscsi ?? null;
    const timeout = iscsi?.replacementTimeout ?? null;
    const ociLines = ctx.watched;
    const oci = ociLines.length > 0;
    const devices = [...new Set(pairs.map(([f]) => f.tag).filter(Boolean))].join(', ');
    const timeoutEn = timeout === null
      ? `iscsid.conf's node.session.timeo.replacement_timeout is not in the archive (distribution default ${DEFAULT_TIMEOUT} s; OCI images set ${OCI_TIMEOUT} s).`
      : `node.session.timeo.replacement_timeout is ${timeout} s${timeout >= OCI_TIMEOUT ? ' (the OCI image value)' : timeout === DEFAULT_TIMEOUT ? ' (the distribution default)' : ''}.`;
    const timeoutJa = timeout === null
      ? `iscsid.conf の node.session.timeo.replacement_timeout はアーカイブにありません(ディストリビューションのデフォルトは ${DEFAULT_TIMEOUT} 秒、OCI のイメージでは ${OCI_TIMEOUT} 秒)。`
      : `node.session.timeo.replacement_timeout は ${timeout} 秒です${timeout >= OCI_TIMEOUT ? '(OCI のイメージの値)' : timeout === DEFAULT_TIMEOUT ? '(ディストリビューションのデフォルト)' : ''}。`;
    const evidence: Evidence[] = [
      ...failure.evidence.slice(0, 3),
      ...storm.evidence.slice(0, 3),
      ...ociLines.slice(0, 2),
      ...(iscsi?.evidence ? [iscsi.evidence] : []),
      ...(version ? [version.evidence] : []),
    ];
    const versionEn = version ? '' : ' The archive has no rpm -qa output: the LifeKeeper version could not be checked against the advisory\'s (9.6.1 and later).';
    const versionJa = version ? '' : 'アーカイブに rpm -qa の出力がないため、LifeKeeper のバージョンが KB の対象 (v9.6.1 以降) か確認できていません。';
    ctx.report({
      summary: text(
        `lkscsid reported device failures (007059/007078) on ${devices || 'a shared disk'} ${counted(failure.count, 'time')} from ${logTime(failure.time, 'en')} while iscsid kept re-opening session ${storm.tag?.replace('session ', '') ?? ''} (${counted(storm.count, 'line')})${oci ? ' to the Oracle Cloud iSCSI target 169.254.2.x' : ''}. The iSCSI initiator waits for the session to come back instead of returning I/O errors, so LifeKeeper cannot fail over, or fails over only after the iSCSI timeout. ${timeoutEn}${versionEn}`,
        `iscsid がセッション ${storm.tag?.replace('session ', '') ?? ''} の再接続を繰り返す間 (${storm.count} 行)${oci ? '(接続先は Oracle Cloud の iSCSI ターゲット 169.254.2.x)' : ''}、lkscsid が ${devices || '共有ディスク'} のデバイス障害 (007059/007078) を ${logTime(failure.time, 'ja')} から ${failure.count} 回報告しています。iSCSI イニシエーターは I/O エラーを返さずにセッションの再確立を待つため、LifeKeeper は${FAILOVER.ja}できないか、iSCSI のタイムアウト後にしか${FAILOVER.ja}しません。${timeoutJa}${versionJa}`,
      ),
      remediation: text(
        `Nothing is to be fixed in LifeKeeper. Check the instance's load and the block volume's attachment in OCI at that time. The wait is node.session.timeo.replacement_timeout in /etc/iscsi/iscsid.conf: a smaller value (the distribution default is ${DEFAULT_TIMEOUT} s, OCI images use ${OCI_TIMEOUT} s) makes failover faster but may fail over more often on a heavily loaded instance; set it for the site's requirements. If a volume was detached by mistake, attach it again and run OCI's iSCSI commands; if the messages continue and resources cannot start, restart the iSCSI service or the OS.`,
        `LifeKeeper 側で対処する事項はありません。当該時刻のインスタンスの負荷状況と OCI のブロック・ボリュームのアタッチ状況を確認してください。待機時間は /etc/iscsi/iscsid.conf の node.session.timeo.replacement_timeout で決まります。値を小さくすると(ディストリビューションのデフォルトは ${DEFAULT_TIMEOUT} 秒、OCI のイメージは ${OCI_TIMEOUT} 秒)${FAILOVER.ja}は早くなりますが、高負荷時には${FAILOVER.ja}の頻度が上がる可能性があるため、環境要件と負荷状況に合わせて調整してください。誤ってデタッチした場合は再アタッチして OCI 提供の iSCSI コマンドを実行し、それでもメッセージが続きリソースが起動できない場合は iSCSI サービスまたは OS を再起動してください。`,
      ),
      title: { en: 'lkscsid device failures while iSCSI sessions keep re-opening: failover waits on the iSCSI timeout', ja: `iSCSI セッション再接続中の lkscsid デバイス障害: ${FAILOVER.ja}が iSCSI のタイムアウト待ちになる` },
      evidence,
    });
  },
});
