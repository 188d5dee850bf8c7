// Rule (lifekeeper-flags, formats.md §2.6): flags that keep LifeKeeper from
// failing over or from acting: `!nofailover!<node>`, an administrative lock
// `!action!...` left by an interrupted operation, `confirmso!<node>`.
import { defineAnalyzer } from '../../engine/plugin/analyzer.js';
import { SOURCES } from '../../engine/plugin/sources.js';
import { COLLECT, FAILOVER } from '../../shared/glossary.js';

// The SAP HANA kit's flags (kind `hana`) are not in this list on purpose: `!volatile!noHANAremove_<tag>` is normal
// and the data-currency flags are explained by the hana-* rules, which say what each means (known-issues-2 §R).
const BLOCKING = new Set(['nofailover', 'action', 'confirmso']);

export default defineAnalyzer({
  meta: {
    id: 'failover-blocking-flags',
    kind: 'rule',
    title: { en: 'LifeKeeper flags that block failover or actions are set', ja: `${FAILOVER.ja}や操作を止める LifeKeeper フラグが設定されています` },
    severity: 'warning',
    inputs: [],
    needs: ['lifekeeper-flags'],
    references: [SOURCES.lcdFlags, SOURCES.confirmso],
    action: { en: 'Check each flag is intended; remove leftovers with `flg_remove -f <flag>` when nothing runs.', ja: '各フラグが意図したものか確認し、不要なものは操作中でないときに `flg_remove -f <flag>` で削除してください。' },
    version: '1',
  },
  run(ctx) {
    const flags = (ctx.fact('lifekeeper-flags')?.flags ?? []).filter((f) => BLOCKING.has(f.kind));
    if (flags.length === 0) return;
    const names = flags.map((f) => f.flag).join(', ');
    ctx.report({
      summary: {
        en: `These flags were on when the archive was collected: ${names}. "!nofailover!<node>" stops failover to that node; "!action!…" is an administrative lock an operation holds while it runs and leaves behind if it was interrupted, blocking other operations; "confirmso!<node>" makes a failover wait for manual confirmation (lk_confirmso).`,
        ja: `${COLLECT.ja}時に次のフラグが設定されていました: ${names}。"!nofailover!<ノード>" はそのノードへの${FAILOVER.ja}を止めます。"!action!…" は操作中に保持される管理ロックで、操作が中断されると残り、他の操作を妨げます。"confirmso!<ノード>" は${FAILOVER.ja}を手動確認 (lk_confirmso) 待ちにします。`,
      },
      remediation: {
        en: 'Check whether each flag is intended (maintenance, a DR site needing confirmation). Remove leftovers with flg_remove -f <flag> once no operation is running.',
        ja: '各フラグが意図したものか(メンテナンス中、確認が必要な DR 構成など)確認してください。不要なものは、操作が実行中でないことを確認してから flg_remove -f <flag> で削除してください。',
      },
      title: { en: `Flags that block failover or actions: ${names}`, ja: `${FAILOVER.ja}や操作を止めるフラグ: ${names}` },
      evidence: flags.map((f) => f.evidence),
    });
  },
});
