// Rule (lk_confirmso(1M), SPS8-PDF p300): CONFIRMSODEF=1 with CONFIRMSOTO=0
// means a failover waits for confirmation forever: no automatic failover.
import { defineAnalyzer } from '../../engine/plugin/analyzer.js';
import { SOURCES } from '../../engine/plugin/sources.js';
import { FAILOVER, PEER_NODE } from '../../shared/glossary.js';

export default defineAnalyzer({
  meta: {
    id: 'confirmso-blocks-failover',
    kind: 'rule',
    title: { en: 'Automatic failover is blocked: CONFIRMSODEF=1 with CONFIRMSOTO=0', ja: `自動${FAILOVER.ja}が無効: CONFIRMSODEF=1 かつ CONFIRMSOTO=0` },
    severity: 'warning',
    inputs: [],
    needs: ['settings'],
    references: [SOURCES.confirmso],
    action: { en: 'Unless manual confirmation is intended, set a `CONFIRMSOTO` timeout or `CONFIRMSODEF=0`.', ja: '手動確認が意図したものでない限り、`CONFIRMSOTO` にタイムアウトを設定するか `CONFIRMSODEF=0` にしてください。' },
    version: '1',
  },
  run(ctx) {
    const s = ctx.fact('settings')?.lifekeeper ?? [];
    const def = s.find((x) => x.key === 'CONFIRMSODEF');
    const to = s.find((x) => x.key === 'CONFIRMSOTO');
    if (!def || !to || def.value !== '1' || Number(to.value) !== 0) return;
    ctx.report({
      summary: {
        en: 'With CONFIRMSODEF=1 a failover to this node needs manual confirmation (lk_confirmso), and with CONFIRMSOTO=0 it waits for it without end: if the other node fails while nobody confirms, nothing fails over.',
        ja: `CONFIRMSODEF=1 ではこのノードへの${FAILOVER.ja}に手動確認 (lk_confirmso) が必要で、CONFIRMSOTO=0 では確認を無期限に待ちます。${PEER_NODE.ja}の障害時に誰も確認しなければ、何も${FAILOVER.ja}しません。`,
      },
      remediation: {
        en: 'If manual confirmation is intended (a DR site), make sure operators know to run lk_confirmso; otherwise set CONFIRMSOTO to a timeout (600 s is the default) or CONFIRMSODEF=0.',
        ja: '手動確認が意図どおり(DR サイトなど)なら、運用者が lk_confirmso を実行できる体制を確認してください。そうでなければ CONFIRMSOTO にタイムアウト(デフォルト 600 秒)を設定するか CONFIRMSODEF=0 にしてください。',
      },
      title: { en: 'Automatic failover is blocked: CONFIRMSODEF=1 with CONFIRMSOTO=0', ja: `自動${FAILOVER.ja}が無効: CONFIRMSODEF=1 かつ CONFIRMSOTO=0` },
      evidence: [def.evidence, to.evidence],
    });
  },
});
