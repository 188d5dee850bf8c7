// Fact: one ordered list of what happened on the node, each event with its
// evidence: LifeKeeper start and stop, resource actions, failovers,
// communication failures, quickCheck timeouts and failures, lkscsid device
// failures, daemon crashes, iSCSI re-open storms, grouped EMERG/FATAL/ERROR
// messages, resyncs, and comm paths DEAD when the archive was collected.
import { defineAnalyzer, notChecked } from '../../engine/plugin/analyzer.js';
import type { Evidence } from '../../engine/plugin/findings.js';
import type { Text } from '../../engine/plugin/text.js';
import { text } from '../../engine/plugin/text.js';
import type { Resync } from '../resync-history/index.js';
import type { Classified } from './classify.js';
import { LIFEKEEPER_KEYWORDS, SYSLOG_KEYWORDS, classifyLifeKeeperLine, classifySyslogLine } from './classify.js';
import { EventGrouper } from './group.js';
import { commPathAddress } from '../../shared/comm-path-address.js';
import { COLLECT, COMM_PATH, FULL_RESYNC, MIRROR, PARTIAL_RESYNC } from '../../shared/glossary.js';

export interface TimelineEvent extends Omit<Classified, 'groupKey' | 'gapMs' | 'describe'> {
  title: Text;
  /** Null for a LifeKeeper line quoted without its syslog header: an event without a time (its sortKey only keeps its place). */
  time: string | null;
  offset: string | null;
  /** How many log lines this event stands for (a storm or a message group). */
  count: number;
  lastTime: string | null;
  evidence: Evidence[];
  sortKey: number;
}

export interface TimelineFact {
  events: TimelineEvent[];
  /** Events past the bound that were counted but not kept. */
  dropped: number;
}

const RESYNC_TITLES: Record<Resync['kind'], (r: Resync) => Text> = {
  partial: (r) => text(`Partial resync of ${r.tag} (${r.size ?? '?'})`, `${r.tag} の${PARTIAL_RESYNC.ja} (${r.size ?? '?'})`),
  full: (r) => text(`Full resync of ${r.tag}`, `${r.tag} の${FULL_RESYNC.ja}`),
  pause: (r) => text(`Mirror ${r.tag} paused`, `${MIRROR.ja} ${r.tag} を一時停止`),
  resume: (r) => text(`Mirror ${r.tag} resumed`, `${MIRROR.ja} ${r.tag} を再開`),
  force: (r) => text(`Mirror ${r.tag} forced online`, `${MIRROR.ja} ${r.tag} を強制オンライン化`),
};

declare module '../../engine/plugin/facts.js' {
  interface Facts {
    'timeline': TimelineFact;
  }
}

export default defineAnalyzer({
  meta: {
    id: 'timeline',
    kind: 'fact',
    title: { en: 'Event timeline', ja: 'イベントタイムライン' },
    inputs: ['lifekeeper-log', 'syslog'],
    uses: ['resync-history', 'comm-paths', 'node-identity'],
    version: '1',
  },
  watch: {
    inputs: ['lifekeeper-log', 'syslog'],
    keywords: { 'lifekeeper-log': LIFEKEEPER_KEYWORDS, syslog: SYSLOG_KEYWORDS },
    init: () => new EventGrouper(),
    onLine(grouper, line, ctx) {
      const l = ctx.parse(line);
      if (!l) return;
      const c = line.member.input === 'lifekeeper-log' ? classifyLifeKeeperLine(l) : classifySyslogLine(l);
      if (!c) return;
      // A line quoted without its syslog header is still an event, without a time (formats.md §2.14).
      const path = line.member.path;
      if (l.time) grouper.addLine(c, path, l.time.local, l.time.offset, l.time.sortKey, null, line);
      else grouper.addLine(c, path, null, null, grouper.placeOf(path), null, line);
    },
  },
  run(ctx) {
    if (ctx.streamed('lifekeeper-log').length === 0 && ctx.streamed('syslog').length === 0) {
      return notChecked(text('no lifekeeper.log or messages in the archive', 'アーカイブに lifekeeper.log も messages もありません'));
    }
    const events: TimelineEvent[] = ctx.watched.result().map(({ groupKey: _k, gapMs: _g, lastSortKey: _l, ...e }) => e);
    for (const r of ctx.fact('resync-history') ?? []) {
      events.push({
        time: r.time, offset: r.offset, sortKey: r.sortKey, kind: 'resync', severity: 'info', component: 'datakeeper',
        tag: r.tag, msgid: r.kind === 'partial' ? '104009' : null, title: RESYNC_TITLES[r.kind](r), count: 1, lastTime: null, evidence: [r.evidence],
      });
    }
    const collected = ctx.fact('node-identity')?.collectedAt;
    if (collected) {
      const sortKey = Date.parse(`${collected}Z`);
      for (const p of (ctx.fact('comm-paths') ?? []).filter((x) => x.state === 'DEAD')) {
        const via = commPathAddress(p);
        events.push({
          time: collected, offset: null, sortKey, kind: 'comm-path-dead', severity: 'warning', component: 'comm', tag: p.peer, msgid: null,
          title: text(`Comm path to ${p.peer} (${p.type} ${via}) DEAD at collection`, `${p.peer} への${COMM_PATH.ja} (${p.type} ${via}) が${COLLECT.ja}時に DEAD`),
          count: 1, lastTime: null, evidence: p.evidence.slice(0, 2),
        });
      }
    }
    events.sort((a, b) => a.sortKey - b.sortKey);
    return { events, dropped: ctx.watched.dropped };
  },
});
