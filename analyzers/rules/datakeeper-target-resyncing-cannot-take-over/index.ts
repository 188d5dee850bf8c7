// Rule (SPS for Linux v8 technical documentation, DataKeeper; known-issues-2
// #12): "A SteelEye DataKeeper resource and its parent resources cannot fail
// over to a target that was in the synchronization process when the primary
// failed." On this node a DataKeeper resource failed to restore after the
// peer was lost, while its mirror was resyncing.
// [INFERRED] No public message marks the end of a resync: a resync logged for
// the mirror (104009, or a full resync) up to RESYNC_WINDOW_MS before the peer
// was lost counts as still running; so does a mirror this archive shows
// resyncing. The finding says how it was told.
import { defineAnalyzer } from '../../engine/plugin/analyzer.js';
import type { Evidence } from '../../engine/plugin/findings.js';
import { SOURCES } from '../../engine/plugin/sources.js';
import { allMirrors } from '../../facts/datakeeper/index.js';
import { logTime } from '../../shared/when.js';
import { FAILOVER, MIRROR, RESYNC } from '../../shared/glossary.js';

/** A resync started this long before the peer was lost is taken as still running. */
const RESYNC_WINDOW_MS = 6 * 60 * 60 * 1000;
/** A failed restore this long after the peer was lost belongs to that failover. */
const FAILOVER_WINDOW_MS = 60 * 60 * 1000;

export default defineAnalyzer({
  meta: {
    id: 'datakeeper-target-resyncing-cannot-take-over',
    kind: 'rule',
    title: { en: 'DataKeeper mirror could not be taken over: this target was still resyncing when the source failed', ja: `DataKeeper の${MIRROR.ja}を引き継げません: ソースの障害時にこのターゲットは${RESYNC.ja}中でした` },
    severity: 'critical',
    inputs: [],
    needs: ['timeline'],
    uses: ['datakeeper', 'resync-history'],
    references: [SOURCES.mirrorAdmin, SOURCES.commonCauses],
    action: { en: 'Bring the old source back so that the resync completes; do not force the mirror online here.', ja: `元のソースを復旧して${RESYNC.ja}を完了させてください。このノードで${MIRROR.ja}を強制オンラインにしないでください。` },
    version: '1',
  },
  run(ctx) {
    const events = ctx.fact('timeline')?.events ?? [];
    const dk = ctx.fact('datakeeper');
    const netraid = new Set((dk?.netraid ?? []).map((n) => n.tag));
    const isMirror = (tag: string | null): boolean => tag !== null && (netraid.has(tag) || /^datarep/i.test(tag));
    const losses = events.filter((e) => e.kind === 'comm-failure' && e.time !== null);
    const failed = events.filter((e) => e.kind === 'restore' && e.severity === 'warning' && isMirror(e.tag) && e.time !== null);
    const resyncs = (ctx.fact('resync-history') ?? []).filter((r) => r.kind === 'partial' || r.kind === 'full');
    const reported = new Set<string>();
    for (const f of failed) {
      const tag = f.tag ?? '';
      if (reported.has(tag)) continue;
      const loss = [...losses].reverse().find((l) => l.sortKey <= f.sortKey && f.sortKey - l.sortKey <= FAILOVER_WINDOW_MS);
      if (!loss) continue;
      const resync = [...resyncs].reverse().find((r) => (r.tag === tag || !netraid.size) && r.sortKey <= loss.sortKey && loss.sortKey - r.sortKey <= RESYNC_WINDOW_MS);
      const mirror = dk ? allMirrors(dk).find((m) => m.tag === tag && (m.resync !== null || (m.status?.status ?? '').toLowerCase().startsWith('resync'))) : undefined;
      if (!resync && !mirror) continue;
      reported.add(tag);
      const how = resync
        ? { en: `a ${resync.kind} ${RESYNC.en} of it was logged at ${logTime(resync.time, 'en')}${resync.size ? ` (${resync.size})` : ''}, ${Math.round((loss.sortKey - resync.sortKey) / 60000)} minutes before the peer was lost, and no public message tells when a resync ends: we take it as still running`, ja: `${logTime(resync.time, 'ja')} に${resync.kind === 'full' ? '完全' : '部分'}${RESYNC.ja}が記録されています${resync.size ? ` (${resync.size})` : ''}。対向ノード喪失の ${Math.round((loss.sortKey - resync.sortKey) / 60000)} 分前で、${RESYNC.ja}の完了を示す公開メッセージがないため、実行中だったと推定しました` }
        : { en: 'the archive shows its mirror resyncing', ja: `アーカイブではその${MIRROR.ja}が${RESYNC.ja}中です` };
      const evidence: Evidence[] = [...(resync ? [resync.evidence] : []), ...(mirror?.evidence.slice(0, 1) ?? []), ...loss.evidence.slice(0, 1), ...f.evidence.slice(0, 2)];
      ctx.report({
        title: { en: `"${tag}" could not be restored after ${loss.tag ?? 'the peer'} was lost: its mirror was resyncing`, ja: `${loss.tag ?? '対向ノード'} の喪失後に "${tag}" を起動できませんでした: ${MIRROR.ja}が${RESYNC.ja}中でした` },
        summary: {
          en: `${loss.tag ?? 'The peer'} was lost at ${logTime(loss.time, 'en')} and the restore of DataKeeper resource "${tag}" on this node failed at ${logTime(f.time, 'en')}; ${how.en}. SIOS documents that a DataKeeper resource and its parents cannot fail over to a target that was still synchronizing when the primary failed: its data is incomplete, so the ${FAILOVER.en} waits for the old source.`,
          ja: `${logTime(loss.time, 'ja')} に${loss.tag ?? '対向ノード'}が失われ、${logTime(f.time, 'ja')} にこのノードで DataKeeper リソース "${tag}" の起動に失敗しました。${how.ja}。SIOS のドキュメントによると、プライマリーの障害時に同期中だったターゲットには DataKeeper リソースとその親リソースを${FAILOVER.ja}できません。データが不完全なため、${FAILOVER.ja}は元のソースの復旧を待つことになります。`,
        },
        remediation: {
          en: 'Bring the old source node back: the mirror resumes and the resync completes, after which the hierarchy can be switched over. Forcing the mirror online on this node (mirror_action force) would put incomplete data in service; do it only if the old source is lost for good and the data loss is accepted.',
          ja: `元のソースノードを復旧してください。${MIRROR.ja}が再開して${RESYNC.ja}が完了すれば、階層を切り替えられます。このノードで${MIRROR.ja}を強制オンライン (mirror_action force) にすると不完全なデータで起動することになります。元のソースが完全に失われ、データ損失を了承した場合に限り実行してください。`,
        },
        evidence,
      });
    }
  },
});
