// Rule (formats.md §2.7): a DataKeeper mirror degraded (`[U_]`, a failed or
// missing member) or resynchronising when the archive was collected.
import { defineAnalyzer } from '../../engine/plugin/analyzer.js';
import { SOURCES } from '../../engine/plugin/sources.js';
import { allMirrors } from '../../facts/datakeeper/index.js';
import { COLLECT, FAILOVER, FULL_RESYNC, MIRROR } from '../../shared/glossary.js';

export default defineAnalyzer({
  meta: {
    id: 'datakeeper-mirror-degraded',
    kind: 'rule',
    title: { en: 'DataKeeper mirror not fully in sync', ja: `DataKeeper ${MIRROR.ja}が完全に同期していません` },
    severity: 'warning',
    inputs: [],
    needs: ['datakeeper'],
    references: [SOURCES.mirrorAdmin, SOURCES.dkParams],
    action: { en: 'Fix the replication network, then `mirror_action <tag> resume`; do not fail over until in sync.', ja: `レプリケーション用ネットワークを確認して \`mirror_action <tag> resume\` で再開し、同期完了まで${FAILOVER.ja}しないでください。` },
    version: '2',
  },
  run(ctx) {
    const dk = ctx.fact('datakeeper');
    // mirror_status alone (no /proc/mdstat) tells of a mirror too.
    for (const m of dk ? allMirrors(dk) : []) {
      const failed = m.members.filter((x) => x.failed).map((x) => x.device);
      const status = m.status?.status ?? null;
      const notOperational = status !== null && !/fully operational/i.test(status);
      if (!m.degraded && failed.length === 0 && !m.resync && !notOperational) continue;
      const name = m.tag ?? m.device;
      const device = m.device ? ` (${m.device})` : '';
      const state = [
        m.health ? `md ${m.health}` : null,
        failed.length ? `${failed.length === 1 ? 'failed member' : 'failed members'} ${failed.join(', ')}` : null,
        m.resync ? `${m.resync.action} ${m.resync.percent}%` : null,
        status ? `mirror_status "${status}"` : null,
      ].filter(Boolean).join(', ');
      ctx.report({
        title: { en: `Mirror ${name} is not fully in sync (${state})`, ja: `${MIRROR.ja} ${name} が完全に同期していません (${state})` },
        summary: {
          en: `When the archive was collected mirror ${name}${device} was ${state}. Until it is back in sync the target does not hold a full copy: a failover now would bring up incomplete data or be refused.`,
          ja: `${COLLECT.ja}時、${MIRROR.ja} ${name}${device} は ${state} の状態でした。同期が完了するまでターゲットは完全なコピーを持たないため、この状態での${FAILOVER.ja}は不完全なデータで起動するか拒否されます。`,
        },
        remediation: {
          en: 'Check the replication network and the target node; watch mirror_status until it is Fully Operational. If the mirror stays degraded, resume it (mirror_action <tag> resume) or run a full resync from the source; do not fail over meanwhile.',
          ja: `レプリケーション用ネットワークとターゲットノードを確認し、mirror_status が Fully Operational になるまで監視してください。劣化したままの場合は${MIRROR.ja}を再開 (mirror_action <tag> resume) するかソースから${FULL_RESYNC.ja}を実施し、その間は${FAILOVER.ja}しないでください。`,
        },
        evidence: m.evidence,
      });
    }
  },
});
