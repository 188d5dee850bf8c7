// Rule: a LifeKeeper daemon (lcm, lcd, lkcheck, lkscsid, ...) crashed, as the
// kernel (segfault) or the crash handler (abrt, systemd-coredump) logged it in
// messages. lkscsid crashes on 9.5.0 are left to lkscsid-abnormal-restart,
// which says more about them.
import { defineAnalyzer } from '../../engine/plugin/analyzer.js';
import { SOURCES } from '../../engine/plugin/sources.js';
import { logTime } from '../../shared/when.js';
import { COLLECT } from '../../shared/glossary.js';
import { counted } from '../../shared/plural.js';

export default defineAnalyzer({
  meta: {
    id: 'lifekeeper-daemon-crash',
    kind: 'rule',
    title: { en: 'A LifeKeeper daemon crashed', ja: 'LifeKeeper デーモンが異常終了' },
    severity: 'critical',
    inputs: [],
    needs: ['timeline'],
    uses: ['lifekeeper-version'],
    references: [SOURCES.kbLogLevel, SOURCES.kbDaemonRestart],
    action: { en: 'Send the core files and lifekeeper.log of those times to SIOS support.', ja: `該当時刻のコアファイルと lifekeeper.log を${COLLECT.ja}し、SIOS サポートへお問い合わせください。` },
    version: '1',
  },
  run(ctx) {
    const v950 = ctx.fact('lifekeeper-version')?.version === '9.5.0';
    const crashes = (ctx.fact('timeline')?.events ?? []).filter((e) => e.kind === 'daemon-crash' && !(v950 && e.tag === 'lkscsid'));
    const byDaemon = new Map<string, typeof crashes>();
    for (const c of crashes) byDaemon.set(c.tag ?? '?', [...(byDaemon.get(c.tag ?? '?') ?? []), c]);
    for (const [daemon, list] of byDaemon) {
      const last = list[list.length - 1];
      ctx.report({
        title: { en: `LifeKeeper daemon ${daemon} crashed ${counted(list.length, 'time')}`, ja: `LifeKeeper デーモン ${daemon} が ${list.length} 回異常終了` },
        summary: {
          en: `messages shows ${daemon} crashing ${counted(list.length, 'time')} (last at ${logTime(last?.time, 'en')}). LifeKeeper's supervisor restarts its daemons, but while one is down its job (communication, monitoring, SCSI reservations) is not done, and each crash may leave a core file.`,
          ja: `messages に ${daemon} の異常終了が ${list.length} 回記録されています(最終 ${logTime(last?.time, 'ja')})。LifeKeeper の監視機構がデーモンを再起動しますが、停止中はその役割(通信、監視、SCSI リザベーション)が果たされず、異常終了のたびにコアファイルが残る場合があります。`,
        },
        remediation: {
          en: 'Collect the core files and lifekeeper.log around those times and open a case with SIOS support; check for a LifeKeeper update that fixes it.',
          ja: `該当時刻のコアファイルと lifekeeper.log を${COLLECT.ja}して SIOS サポートへ問い合わせ、修正を含む LifeKeeper の更新がないか確認してください。`,
        },
        evidence: list.flatMap((c) => c.evidence.slice(0, 2)).slice(0, 8),
      });
    }
  },
});
