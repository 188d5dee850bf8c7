// Rule (SPS8-PDF p284, DataKeeper processing KB): a `<tag>_data_corrupt` flag
// file or message 104086 means LifeKeeper refuses to bring the mirror in
// service on this node, to keep it from resyncing in the wrong direction.
// Critical.
import { evidenceOf } from '../../engine/lines/lines.js';
import { defineAnalyzer, notChecked } from '../../engine/plugin/analyzer.js';
import type { Evidence } from '../../engine/plugin/findings.js';
import { SOURCES } from '../../engine/plugin/sources.js';
import { text } from '../../engine/plugin/text.js';
import { MIRROR } from '../../shared/glossary.js';
import { counted } from '../../shared/plural.js';

export default defineAnalyzer<Evidence[]>({
  meta: {
    id: 'datakeeper-data-corrupt-flag',
    kind: 'rule',
    title: { en: 'DataKeeper data_corrupt flag set: the mirror will not be restored on this node', ja: `DataKeeper の data_corrupt フラグ: このノードでは${MIRROR.ja}を起動しません` },
    severity: 'critical',
    advisory: true,
    inputs: ['lifekeeper-log'],
    uses: ['datakeeper'],
    references: [SOURCES.mirrorAdmin],
    action: { en: 'Confirm which node holds the good data (last_owner, logs) before forcing the mirror online.', ja: `${MIRROR.ja}を強制オンラインにする前に、正しいデータを持つノードを last_owner とログで確認してください。` },
    version: '1',
  },
  watch: {
    inputs: ['lifekeeper-log'],
    keywords: ['104086'],
    init: () => [],
    onLine(seen, line, ctx) {
      if (ctx.parse(line)?.lk?.msgid === '104086' && seen.length < 50) seen.push(evidenceOf(line));
    },
  },
  run(ctx) {
    const dk = ctx.fact('datakeeper');
    const flags = (dk?.flags ?? []).filter((f) => f.kind === 'data_corrupt');
    const owners = (dk?.flags ?? []).filter((f) => f.kind === 'last_owner');
    const refused = ctx.watched;
    // The flag is seen as a file under netraid/ or as message 104086: with neither input there is nothing to look at.
    if (flags.length === 0 && refused.length === 0 && ctx.streamed('lifekeeper-log').length === 0 && ctx.documents('netraid-flag').length === 0) {
      return notChecked(text('no lifekeeper.log and no DataKeeper flag files in the archive', 'アーカイブに lifekeeper.log も DataKeeper のフラグファイルもありません'));
    }
    if (flags.length === 0 && refused.length === 0) return;
    const tagsFromLog = refused.map((e) => /"([^"]+)_data_corrupt"/.exec(e.text)?.[1]).filter((t): t is string => Boolean(t));
    const tags = [...new Set([...flags.map((f) => f.tag ?? '?'), ...tagsFromLog])];
    const owner = owners.find((o) => o.content)?.content ?? null;
    const ownerEn = owner ? ` The last_owner flag names ${owner} as the last source.` : ' No last_owner flag is in the archive: which node was the last source must be established another way.';
    const ownerJa = owner ? `last_owner フラグは最後のソースとして ${owner} を示しています。` : 'アーカイブに last_owner フラグがないため、最後のソースがどのノードかは別の方法で確認する必要があります。';
    ctx.report({
      summary: text(
        `The data_corrupt flag is set for ${tags.join(', ')}${flags.length ? ` (${flags.map((f) => f.path).join(', ')})` : ''}${refused.length ? `, and LifeKeeper refused to restore the resource ${counted(refused.length, 'time')} (message 104086)` : ''}. DataKeeper sets it when a node may hold stale data (a former source that could not reach its target, or a resync interrupted), so that the mirror is not brought up here and resynchronised in the wrong direction.${ownerEn}`,
        `${tags.join('、')} に data_corrupt フラグが設定されています${flags.length ? `(${flags.map((f) => f.path).join(', ')})` : ''}${refused.length ? `。LifeKeeper はリソースの起動を ${refused.length} 回拒否しています(メッセージ 104086)` : ''}。このフラグは、ノードが古いデータを持つ可能性があるとき(ターゲットに到達できなかった元ソース、中断された同期)に DataKeeper が作成し、このノードで${MIRROR.ja}が起動され意図しない方向に同期されるのを防ぎます。${ownerJa}`,
      ),
      remediation: text(
        'Do not remove the flag or force the mirror online until you know which node holds the good data: check last_owner and the logs of both nodes. Only on the node known to have been the last source, bring the mirror up with "Force Mirror Online" or remove /opt/LifeKeeper/subsys/scsi/resources/netraid/<tag>_data_corrupt (check both nodes: the flag may exist on each) and restore the resource. Doing it on the wrong node resynchronises stale data over good data.',
        `どちらのノードが正しいデータを持つか分かるまで、フラグの削除や${MIRROR.ja}の強制オンライン化は行わないでください。last_owner と両ノードのログで確認してください。最後のソースであったことが確実なノードでのみ「Force Mirror Online」を実行するか、/opt/LifeKeeper/subsys/scsi/resources/netraid/<tag>_data_corrupt を削除して(フラグは両ノードにある場合があるため両方確認)リソースを起動してください。誤ったノードで行うと古いデータで正しいデータが上書きされます。`,
      ),
      title: { en: `DataKeeper data_corrupt flag set for ${tags.join(', ')}: the mirror will not be restored on this node`, ja: `${tags.join('、')} に DataKeeper の data_corrupt フラグ: このノードでは${MIRROR.ja}を起動しません` },
      evidence: [...flags.map((f) => f.evidence), ...refused.slice(0, 5), ...owners.map((o) => o.evidence)],
    });
  },
});
