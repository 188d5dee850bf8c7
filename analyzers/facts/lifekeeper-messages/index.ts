// Fact: every EMERG, FATAL, ERROR and WARN message id in lifekeeper.log, once
// each (how often, first and last time, the earliest line), with the component
// its id prefix names and, where a public source gives it, its meaning. Once
// every rule has reported, each id is marked with the rules whose findings
// cite a line of it: the ids no rule explains are the report's list of
// unexplained messages.
import { evidenceOf } from '../../engine/lines/lines.js';
import { defineAnalyzer, notChecked } from '../../engine/plugin/analyzer.js';
import type { Reference } from '../../engine/plugin/findings.js';
import type { Text } from '../../engine/plugin/text.js';
import { text } from '../../engine/plugin/text.js';
import { MAX_MESSAGE_IDS } from '../../engine/run/budget.js';
import { catalogEntry, componentOf } from './catalog.js';
import type { LoggedMessage } from './collect.js';
import { isListed, MESSAGE_KEYWORDS, MessageCollector, messageOf, msgidOf } from './collect.js';

export type { ListedSeverity, LoggedMessage } from './collect.js';

export interface MessageEntry extends LoggedMessage {
  /** The component the id's first three digits belong to (catalog.ts), or null for a prefix of no known component. */
  component: Text | null;
  /** What the id means and what to do, where a public source says it; null otherwise (never guessed). */
  meaning: Text | null;
  action: Text | null;
  source: Reference | null;
  /** The rules whose findings cite a line of this id (sorted); empty when no rule explains it. */
  explainedBy: string[];
}

export interface LifeKeeperMessagesFact {
  messages: MessageEntry[];
  /** Past MAX_MESSAGE_IDS distinct ids: the lines of further ids and how many ids they were, counted, not listed. */
  overflow: { ids: number; lines: number };
}

declare module '../../engine/plugin/facts.js' {
  interface Facts {
    'lifekeeper-messages': LifeKeeperMessagesFact;
  }
}

export default defineAnalyzer({
  meta: {
    id: 'lifekeeper-messages',
    kind: 'fact',
    title: { en: 'LifeKeeper messages by id', ja: 'メッセージ ID 別の LifeKeeper メッセージ' },
    inputs: ['lifekeeper-log'],
    version: '1',
  },
  watch: {
    inputs: ['lifekeeper-log'],
    keywords: MESSAGE_KEYWORDS,
    init: () => new MessageCollector(MAX_MESSAGE_IDS),
    onLine(collector, line, ctx) {
      const l = ctx.parse(line);
      const lk = l?.lk;
      if (lk) {
        // messageOf's first case, spelt out: the frequent one.
        if (isListed(lk.severity)) collector.addLine(lk.severity, lk.msgid, lk.component, l.time, line);
        return;
      }
      const seen = messageOf(l, line.text);
      if (seen) collector.add(seen, l?.time ?? null, () => evidenceOf(line));
    },
  },
  run(ctx) {
    if (ctx.streamed('lifekeeper-log').length === 0) {
      return notChecked(text('no lifekeeper.log in the archive', 'アーカイブに lifekeeper.log がありません'));
    }
    const c = ctx.watched;
    if (c.overflowLines > 0) {
      ctx.note(text(
        `${c.overflowLines.toLocaleString('en-US')} lines of ${c.overflowIdsSeen.toLocaleString('en-US')} more message ids past the first ${MAX_MESSAGE_IDS}: counted, not listed`,
        `最初の ${MAX_MESSAGE_IDS} 個を超えるメッセージ ID ${c.overflowIdsSeen.toLocaleString('en-US')} 個の ${c.overflowLines.toLocaleString('en-US')} 行は数えただけで一覧にしていません`,
      ));
    }
    const messages = c.result().map((m): MessageEntry => {
      const entry = catalogEntry(m.msgid);
      return { ...m, component: componentOf(m.msgid), meaning: entry?.meaning ?? null, action: entry?.action ?? null, source: entry?.source ?? null, explainedBy: [] };
    });
    return { messages, overflow: { ids: c.overflowIdsSeen, lines: c.overflowLines } };
  },
  // After every rule (the order they ran in does not matter): an id is explained by a finding that cites a line of it.
  afterFindings(fact, findings) {
    const claims = new Map<string, Set<string>>();
    for (const f of findings) {
      for (const e of f.evidence) {
        const msgid = msgidOf(e.text);
        if (msgid === null) continue;
        const rules = claims.get(msgid) ?? new Set<string>();
        rules.add(f.id);
        claims.set(msgid, rules);
      }
    }
    if (claims.size === 0) return fact;
    return {
      ...fact,
      messages: fact.messages.map((m) => {
        const by = claims.get(m.msgid);
        return by ? { ...m, explainedBy: [...new Set([...m.explainedBy, ...by])].sort() } : m;
      }),
    };
  },
});
