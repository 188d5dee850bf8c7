// Rule (KB-loglevel): EMERG and FATAL messages affect LifeKeeper itself
// (004788 "SYSTEM HALTED" among them). One finding per message ID, with how
// often and when.
import { defineAnalyzer } from '../../engine/plugin/analyzer.js';
import { SOURCES } from '../../engine/plugin/sources.js';
import { logTime } from '../../shared/when.js';
import { PEER_NODE } from '../../shared/glossary.js';

/**
 * EMERG ids that a rule of their own reports with what to do: one finding per message, not a generic critical
 * beside the specific one. 011138 (an evaluation licence that will expire, logged at EMERG every day until then) is
 * the pattern rule evaluation-license-expiring's.
 */
const EXPLAINED_ELSEWHERE: ReadonlySet<string> = new Set(['011138']);

export default defineAnalyzer({
  meta: {
    id: 'lifekeeper-emergency-messages',
    kind: 'rule',
    title: { en: 'EMERG/FATAL messages in lifekeeper.log', ja: 'lifekeeper.log の EMERG/FATAL メッセージ' },
    severity: 'critical',
    inputs: [],
    needs: ['timeline'],
    references: [SOURCES.kbLogLevel],
    action: { en: 'Read the lines around each message for the cause, and check the LifeKeeper daemons.', ja: '各メッセージの前後の行で原因を確認し、LifeKeeper デーモンの状態を確認してください。' },
    version: '1',
  },
  run(ctx) {
    const groups = (ctx.fact('timeline')?.events ?? []).filter((e) => e.kind === 'message-group' && e.severity === 'critical' && !EXPLAINED_ELSEWHERE.has(e.msgid ?? ''));
    for (const g of groups) {
      const when = g.count > 1 ? `${g.count} times from ${logTime(g.time, 'en')} to ${logTime(g.lastTime, 'en')}` : `at ${logTime(g.time, 'en')}`;
      const whenJa = g.count > 1 ? `${logTime(g.time, 'ja')} から ${logTime(g.lastTime, 'ja')} に ${g.count} 回` : `${logTime(g.time, 'ja')} に`;
      const halted = /SYSTEM HALTED/i.test(g.title.en);
      ctx.report({
        title: { en: `LifeKeeper ${g.title.en.slice(0, 160)}`, ja: `LifeKeeper ${g.title.ja.slice(0, 160)}` },
        summary: {
          en: `lifekeeper.log has message ${g.msgid ?? ''} ${when}. EMERG and FATAL messages are about LifeKeeper itself, not a single resource${halted ? '; this one means LifeKeeper halted the node because a resource could not be removed during recovery' : ''}.`,
          ja: `lifekeeper.log に ${whenJa}メッセージ ${g.msgid ?? ''} が出力されています。EMERG と FATAL は個々のリソースではなく LifeKeeper 自体に関わるメッセージです${halted ? '。これは回復処理中にリソースを停止できなかったため LifeKeeper がノードを停止したことを示します' : ''}。`,
        },
        ...(halted ? { action: {
          en: 'Find why the resource could not be removed (the lines before 004788) and fix it.',
          ja: 'リソースを停止できなかった原因(004788 の直前の行)を調査して解消してください。',
        } } : {}),
        remediation: {
          en: halted
            ? 'Find why the resource named in the message could not be removed (the lines before it), fix it, and check the other node took over cleanly.'
            : 'Read the lines around each occurrence for the cause, and check the LifeKeeper daemons and the node state at that time.',
          ja: halted
            ? `メッセージに示されたリソースを停止できなかった原因(直前の行)を調査して解消し、${PEER_NODE.ja}への引き継ぎが正常に完了したことを確認してください。`
            : '各出力の前後の行で原因を確認し、その時刻の LifeKeeper デーモンとノードの状態を確認してください。',
        },
        evidence: g.evidence,
      });
    }
  },
});
