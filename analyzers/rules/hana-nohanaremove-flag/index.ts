// Rule (SIOS 9.4.1 administration-of-sap-hana-resource; known-issues-2 #6):
// the SAP HANA kit's `!volatile!noHANAremove_<tag>` flag is on. It is normal
// (it keeps the secondary database from being stopped, and the kit re-creates
// it when the resource restarts), so the finding is an explanation, at info:
// it has to be removed before both databases are stopped on purpose.
import { defineAnalyzer } from '../../engine/plugin/analyzer.js';
import { SOURCES } from '../../engine/plugin/sources.js';
import { hanaFlag } from '../../shared/hana.js';

export default defineAnalyzer({
  meta: {
    id: 'hana-nohanaremove-flag',
    kind: 'rule',
    title: { en: 'SAP HANA flag !volatile!noHANAremove is set (normal; remove it before stopping both databases)', ja: 'SAP HANA の !volatile!noHANAremove フラグが設定されています(通常の状態。両方のデータベースを停止する前に削除が必要)' },
    severity: 'info',
    inputs: [],
    needs: ['lifekeeper-flags'],
    references: [SOURCES.hanaAdmin],
    action: { en: 'Nothing to do; remove the flag first only when both HANA databases are to be stopped.', ja: '対処は不要です。両方の HANA データベースを停止する場合のみ、先にこのフラグを削除してください。' },
    version: '1',
  },
  run(ctx) {
    const flags = (ctx.fact('lifekeeper-flags')?.flags ?? []).filter((f) => hanaFlag(f.flag)?.kind === 'no-remove');
    if (flags.length === 0) return;
    const names = flags.map((f) => f.flag).join(', ');
    ctx.report({
      title: { en: `SAP HANA flag set: ${names}`, ja: `SAP HANA のフラグが設定されています: ${flags.map((f) => f.flag).join('、')}` },
      summary: {
        en: `${names} is the SAP HANA kit's own flag: it protects the secondary database from being stopped by LifeKeeper, and the kit creates it again whenever the resource restarts. It does not block a failover and needs no action in normal operation.`,
        ja: `${flags.map((f) => f.flag).join('、')} は SAP HANA キット自身のフラグで、セカンダリーのデータベースが LifeKeeper によって停止されるのを防ぎます。リソースが再起動されるたびにキットが再作成します。フェイルオーバーを妨げるものではなく、通常の運用では対処は不要です。`,
      },
      remediation: {
        en: 'If the primary and the secondary database instances are both to be stopped (maintenance), remove this flag first (flg_remove -f with the flag as shown); otherwise leave it.',
        ja: 'プライマリーとセカンダリーのデータベースインスタンスを両方停止する場合(メンテナンスなど)は、先にこのフラグを削除してください(表示どおりのフラグ名で flg_remove -f)。それ以外の場合はそのままにしてください。',
      },
      evidence: flags.map((f) => f.evidence),
    });
  },
});
