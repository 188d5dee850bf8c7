// Cross-node rule (HF-9146): a DataKeeper mirror whose source moved to another
// node (a failover or switchover, seen in the resync log of both nodes) and
// that resynced only partially afterwards, on a node exposed to the md/raid1
// partial-resync defect, with no full resync since. The old source is now the
// target, and its copy may silently miss the blocks of that partial resync.
//
// Assumed (the knowledge files give no message for "mirror source changed"):
// DataKeeper's dr actions (restore, recover, resume, pause, force, fullresync)
// and message 104009 run on the node that is the mirror's source at the time,
// as in the advisory's own grep output, so the node that logs them is the
// source. Events of both nodes are ordered with the cluster's estimated clock
// skew. Silent on versions or kernels outside the advisory: there a partial
// resync after a switch is DataKeeper's normal bitmap merge.
import { defineAnalyzer } from '../../engine/plugin/analyzer.js';
import type { Evidence } from '../../engine/plugin/findings.js';
import { SOURCES } from '../../engine/plugin/sources.js';
import { exposedToPartialResyncDefect } from '../../rules/datakeeper-partial-resync-md-raid1/kernels.js';
import type { KernelFact } from '../../facts/kernel/index.js';
import type { LifeKeeperFact } from '../../facts/lifekeeper-version/index.js';
import type { OsFact } from '../../facts/os-release/index.js';
import type { Resync } from '../../facts/resync-history/index.js';
import { logTime } from '../../shared/when.js';
import { FULL_RESYNC, MIRROR, PARTIAL_RESYNC } from '../../shared/glossary.js';
import { counted } from '../../shared/plural.js';

interface Sighting { node: string; resync: Resync; at: number }

/** The partial resyncs shown as evidence: the first after the switch says when, the latest how it stands. */
const MAX_PARTIALS_SHOWN = 8;

const onNode = (s: Sighting): Evidence => ({ node: s.node, ...s.resync.evidence });
const when = (r: Resync): string => logTime(r.time, 'en');

/** The last change of source of one mirror: the old source's last action and the new source's first. */
function lastSwitch(sightings: readonly Sighting[]): { before: Sighting; after: Sighting; index: number } | null {
  for (let i = sightings.length - 1; i > 0; i--) {
    const before = sightings[i - 1];
    const after = sightings[i];
    if (before && after && before.node !== after.node) return { before, after, index: i };
  }
  return null;
}

export default defineAnalyzer({
  meta: {
    id: 'cluster-mirror-source-changed-no-full-resync',
    kind: 'cluster-rule',
    title: {
      en: 'DataKeeper mirror changed source and resynced only partially on an affected md/raid1 kernel, with no full resync since',
      ja: `DataKeeper ${MIRROR.ja}のソースが切り替わった後、影響を受ける md/raid1 カーネルで${PARTIAL_RESYNC.ja}のみが行われ、${FULL_RESYNC.ja}が行われていません`,
    },
    severity: 'critical',
    references: [SOURCES.hf9146, SOURCES.mirrorAdmin],
    action: { en: 'On the new source: `mirror_action <tag> pause`, then `mirror_action <tag> fullresync`.', ja: '新しいソース側で `mirror_action <tag> pause` の後に `mirror_action <tag> fullresync` を実行してください。' },
    version: '1',
  },
  run(ctx) {
    const offset = new Map(ctx.cluster.skew.map((s) => [s.node, s.offsetMs ?? 0]));
    const byTag = new Map<string, Sighting[]>();
    for (const [node, report] of ctx.nodes) {
      for (const resync of (report['resync-history'] as Resync[] | undefined) ?? []) {
        const list = byTag.get(resync.tag) ?? [];
        list.push({ node, resync, at: resync.sortKey - (offset.get(node) ?? 0) });
        byTag.set(resync.tag, list);
      }
    }
    for (const [tag, sightings] of byTag) {
      sightings.sort((a, b) => a.at - b.at);
      const change = lastSwitch(sightings);
      if (!change) continue;
      const source = change.after.node;
      const since = sightings.slice(change.index).filter((s) => s.node === source);
      if (since.some((s) => s.resync.kind === 'full')) continue;
      const partials = since.filter((s) => s.resync.kind === 'partial' && (s.resync.bytes ?? 0) > 0);
      if (partials.length === 0) continue;
      const facts = ctx.nodes.get(source);
      const lk = facts?.['lifekeeper-version'] as LifeKeeperFact | undefined;
      const kernel = facts?.['kernel'] as KernelFact | undefined;
      const os = facts?.['os-release'] as OsFact | undefined;
      if (!lk?.version || !lk.evidence || !kernel || !os) continue;
      const affected = exposedToPartialResyncDefect({ lkVersion: lk.version, kernel: kernel.release, osId: os.id, osVersion: os.version });
      if (!affected) continue;
      const old = change.before.node;
      const first = partials[0];
      const latest = partials[partials.length - 1];
      if (!first || !latest) continue;
      const shown = partials.length <= MAX_PARTIALS_SHOWN ? partials : [...partials.slice(0, MAX_PARTIALS_SHOWN - 1), latest];
      const evidence: Evidence[] = [
        onNode(change.before),
        ...(change.after === first ? [] : [onNode(change.after)]),
        ...shown.map(onNode),
        { node: source, ...kernel.evidence },
        { node: source, ...lk.evidence },
      ];
      const sizes = shown.map((s) => s.resync.size ?? '?').join(', ');
      ctx.report({
        title: {
          en: `"${tag}" moved from ${old} to ${source}; ${counted(partials.length, 'partial resync')} with data since, no full resync`,
          ja: `"${tag}" のソースが ${old} から ${source} に切り替わり、その後差分ありの${PARTIAL_RESYNC.ja}が ${partials.length} 回、${FULL_RESYNC.ja}なし`,
        },
        summary: {
          en: `${old} last acted as the source of "${tag}" at ${when(change.before.resync)}; from ${when(change.after.resync)} ${source} did, so ${old} is now the mirror's target. Since then ${source} logged ${counted(partials.length, 'partial resync')} with data (${sizes}) and no full resync. ${source} runs LifeKeeper ${lk.version} on kernel ${kernel.release} (table row "${affected.row.en}"), where the md/raid1 defect of HF-9146 can leave blocks of a partial resync unwritten on the target: ${old}'s copy may differ from ${source}'s without any error. A failover back to ${old} would bring that copy in service.`,
          ja: `"${tag}" のソースとして ${old} が最後に動作したのは ${when(change.before.resync)} で、${when(change.after.resync)} からは ${source} がソースです。したがって現在 ${old} は${MIRROR.ja}のターゲットです。その後 ${source} は差分ありの${PARTIAL_RESYNC.ja}を ${partials.length} 回記録しており (${sizes})、${FULL_RESYNC.ja}は記録されていません。${source} は LifeKeeper ${lk.version}、カーネル ${kernel.release}(対象表の「${affected.row.ja}」)で、HF-9146 の md/raid1 の不具合により${PARTIAL_RESYNC.ja}のブロックがターゲットに書き込まれないことがあります。${old} のデータはエラーなしに ${source} と食い違っている可能性があり、${old} へフェイルバックするとそのデータが稼働します。`,
        },
        action: {
          en: `On ${source}: \`mirror_action ${tag} pause\`, then \`mirror_action ${tag} fullresync\`.`,
          ja: `${source} で \`mirror_action ${tag} pause\` の後に \`mirror_action ${tag} fullresync\` を実行してください。`,
        },
        remediation: {
          en: `Do not fail back to ${old} yet. First confirm that the data in service on ${source} is correct (if not, restore it from backup). Then, on ${source}, run a full resync of the mirror: \`mirror_action ${tag} pause\`, then \`mirror_action ${tag} fullresync\`, and wait until mirror_status shows it complete on both nodes. Plan the upgrade to LifeKeeper 9.5.2 or later, or SIOS's raid1_data_integrity_patch (Secure Boot disabled, full resync afterwards).`,
          ja: `まだ ${old} へフェイルバックしないでください。まず ${source} で稼働中のデータが正しいことを確認してください(異常があればバックアップから戻してください)。その後 ${source} で${MIRROR.ja}の${FULL_RESYNC.ja}を実施してください: \`mirror_action ${tag} pause\` の後に \`mirror_action ${tag} fullresync\`。両ノードの mirror_status で完了を確認してください。LifeKeeper 9.5.2 以降へのバージョンアップ、または SIOS の raid1_data_integrity_patch の適用(Secure Boot の無効化と適用後の${FULL_RESYNC.ja}が必要)を計画してください。`,
        },
        evidence,
      });
    }
  },
});
