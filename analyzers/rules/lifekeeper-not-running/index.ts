// Rule (formats.md §2.3): lcdstatus said LifeKeeper was not running when the
// archive was collected: nothing on this node was protected then.
import { documentEvidence } from '../../engine/lines/lines.js';
import { defineAnalyzer, notChecked } from '../../engine/plugin/analyzer.js';
import { text } from '../../engine/plugin/text.js';
import { parseLongStatus } from '../../shared/formats/lcdstatus.js';
import { SOURCES } from '../../engine/plugin/sources.js';
import { COLLECT, COMM_PATH, HIERARCHY, PEER_NODE } from '../../shared/glossary.js';

export default defineAnalyzer({
  meta: {
    id: 'lifekeeper-not-running',
    kind: 'rule',
    title: { en: 'LifeKeeper was not running when the archive was collected', ja: `${COLLECT.ja}時に LifeKeeper が停止していました` },
    severity: 'warning',
    inputs: ['lcdstatus', 'lcdstatus-q', 'lcdstatus-e'],
    references: [SOURCES.statusDisplay],
    action: { en: 'Find why LifeKeeper stopped, start it with `lkstart`, and collect lksupport again.', ja: `LifeKeeper が停止した原因を確認して \`lkstart\` で起動し、lksupport を再${COLLECT.ja}してください。` },
    version: '1',
  },
  run(ctx) {
    // Any form of lcdstatus prints the one line when LifeKeeper is down; without any, whether it ran is unknown.
    const docs = [...ctx.documents('lcdstatus'), ...ctx.documents('lcdstatus-q'), ...ctx.documents('lcdstatus-e')];
    if (docs.length === 0) return notChecked(text('no lcdstatus output in the archive', 'アーカイブに lcdstatus の出力がありません'));
    for (const doc of docs) {
      if (!parseLongStatus(doc.lines).notRunning) continue;
      const i = doc.lines.findIndex((l) => /does not appear to be running/i.test(l));
      ctx.report({
        summary: {
          en: 'lcdstatus reported that LifeKeeper does not appear to be running: at collection time this node protected no resource and would not take over from its peer. The hierarchy, comm path and flag facts of this archive are therefore missing.',
          ja: `lcdstatus が LifeKeeper は稼働していないと報告しています。${COLLECT.ja}時、このノードはどのリソースも保護しておらず、${PEER_NODE.ja}からの引き継ぎも行いません。そのため、このアーカイブには${HIERARCHY.ja}、${COMM_PATH.ja}、フラグの情報がありません。`,
        },
        remediation: {
          en: 'If the stop was not planned, find why in lifekeeper.log and messages (the last shutdown or crash), start LifeKeeper (lkstart) and check the hierarchies; collect lksupport again with LifeKeeper running for a full analysis.',
          ja: `計画的な停止でない場合は lifekeeper.log と messages で原因(直前の停止や異常終了)を確認し、LifeKeeper を起動 (lkstart) して階層を確認してください。完全な解析のため、LifeKeeper 稼働中に lksupport を再${COLLECT.ja}してください。`,
        },
        title: { en: 'LifeKeeper was not running when the archive was collected', ja: `${COLLECT.ja}時に LifeKeeper が停止していました` },
        evidence: [documentEvidence(doc, i)],
      });
      return;
    }
  },
});
