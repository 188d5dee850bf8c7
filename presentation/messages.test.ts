// The message ids no rule explains, as every output is told them: only the unexplained ones, their meaning or
// that none is known, the component their prefix names, and nothing at all when there are none.
import { describe, expect, it } from 'vitest';
import type { NodeReport, Report } from '../analyzers/engine/report/report.js';
import { REPORT_SCHEMA } from '../analyzers/engine/report/report.js';
import type { LifeKeeperMessagesFact, MessageEntry } from '../analyzers/facts/lifekeeper-messages/index.js';
import { messagesView, present } from './model.js';

const t = (en: string, ja = `${en}(ja)`): { en: string; ja: string } => ({ en, ja });

function entry(msgid: string, extra: Partial<MessageEntry> = {}): MessageEntry {
  return {
    msgid, severity: 'ERROR', loggedComponent: 'filesys', count: 1, first: '2024-05-20T09:41:14.000000', last: '2024-05-20T09:41:14.000000',
    evidence: { path: 'var/log/lifekeeper.log', line: 7, text: `May 20 09:41:14 lk-node2 restore[2210]: ERROR:filesys:restore:fs-data:${msgid}:mount failed` },
    component: null, meaning: null, action: null, source: null, explainedBy: [], ...extra,
  };
}

const fact = (messages: MessageEntry[], overflow = { ids: 0, lines: 0 }): LifeKeeperMessagesFact => ({ messages, overflow });

function report(f: LifeKeeperMessagesFact | undefined): Report {
  const node: NodeReport = {
    archive: 'n1.tar.gz', hostname: 'lk-node2', collectedAt: null, recognized: true, notes: [],
    members: { read: [], listed: [], skipped: [], unused: { count: 0, bytes: 0, sample: [] }, total: 0 }, analyzers: [],
    ...(f ? { 'lifekeeper-messages': f } : {}),
  };
  return { schema: REPORT_SCHEMA, generator: { name: 'lkanalyze', version: '1' }, rulePacks: [], generatedAt: '2026-01-01T00:00:00Z', archives: [], nodes: [node], clusters: [], findings: [], changes: { overTime: [], sideBySide: [] } };
}

describe('messages no rule explains', () => {
  it('lists only the ids no finding cites, with the component their prefix names and their meaning, or that neither is known', () => {
    const v = messagesView(fact([
      entry('004217', { explainedBy: ['communication-failure-logged'] }),
      entry('104999', { component: t('DataKeeper', 'DataKeeper'), count: 3, last: '2024-05-21T10:00:00' }),
      entry('010110'),
    ]), 'en');
    expect(v?.count).toBe('2 message ids');
    expect(v?.entries.map((e) => [e.msgid, e.count, e.when, e.component, e.meaning, e.meaningKnown])).toEqual([
      ['104999', 3, '2024-05-20 09:41:14 – 2024-05-21 10:00:00', 'Probably DataKeeper, by its id prefix', 'Meaning not known: no public source describes this id.', false],
      ['010110', 1, '2024-05-20 09:41:14', 'Component not known', 'Meaning not known: no public source describes this id.', false],
    ]);
    expect(v?.entries[0]?.evidence.where).toBe('var/log/lifekeeper.log:7');
  });

  it('gives a known meaning, its action as text and code, and its source as a link, in the language asked', () => {
    const known = entry('104052', {
      meaning: t('DataKeeper cannot get a unique hardware ID.', 'ハードウェア ID を取得できません。'),
      action: t('Add the device to `device_pattern`.', 'デバイスを `device_pattern` に追加してください。'),
      source: { source: 'KI-932', title: t('Known issues', '既知の問題'), url: 'https://docs.us.sios.com/spslinux/9.3.2/ja/topic/lifekeeper-core-known-issues-restrictions' },
    });
    const v = messagesView(fact([known]), 'ja')?.entries[0];
    expect(v).toMatchObject({ meaning: 'ハードウェア ID を取得できません。', meaningKnown: true, source: { title: '既知の問題', url: 'https://docs.us.sios.com/spslinux/9.3.2/ja/topic/lifekeeper-core-known-issues-restrictions' } });
    expect(v?.action).toEqual([{ text: 'デバイスを ', code: false }, { text: 'device_pattern', code: true }, { text: ' に追加してください。', code: false }]);
    expect(messagesView(fact([entry('000001', { first: null, last: null })]), 'ja')?.entries[0]).toMatchObject({ when: '', component: 'コンポーネント不明' });
  });

  it('is nothing when every id is explained, there are none, or the report has no such fact (report@2)', () => {
    expect(messagesView(fact([entry('004217', { explainedBy: ['x'] })]), 'en')).toBeNull();
    expect(messagesView(fact([]), 'en')).toBeNull();
    expect(messagesView(undefined, 'en')).toBeNull();
    expect(present(report(undefined), 'en').nodes[0]?.messages).toBeNull();
  });

  it('says how many ids past the bound were only counted, even when all listed ones are explained', () => {
    const v = messagesView(fact([entry('004217', { explainedBy: ['x'] })], { ids: 3, lines: 40 }), 'en');
    expect(v?.entries).toEqual([]);
    expect(v?.overflow).toBe('+3 more message ids (40 lines) past the bound: counted, not listed');
    expect(present(report(fact([entry('010110')])), 'en').nodes[0]?.messages?.entries.map((e) => e.msgid)).toEqual(['010110']);
  });
});
