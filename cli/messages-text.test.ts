// The text summary's list of message ids no rule explains: after the findings, before the nodes, a few per node,
// every archive string made safe, and redacted with the rest of the report.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Report } from '../analyzers/engine/report/report.js';
import { redactReport } from '../analyzers/engine/report/redact.js';
import type { MessageEntry } from '../analyzers/facts/lifekeeper-messages/index.js';
import { formatText } from './format-text.js';

const golden = (name: string): Report => JSON.parse(readFileSync(new URL(`../samples/golden/${name}.json`, import.meta.url), 'utf8')) as Report;

describe('messages no rule explains, in the text summary', () => {
  it('come after the findings and before the nodes, each id with its meaning (or that it is not known) and its line', () => {
    const lines = formatText(golden('failover-failed-node2'), { lang: 'en', color: false }).split('\n');
    const at = lines.indexOf('Messages no rule explains');
    expect(at).toBeGreaterThan(lines.findIndex((l) => l.startsWith('Findings')));
    expect(at).toBeLessThan(lines.findIndex((l) => l.startsWith('■ lk-node2')));
    expect(lines.slice(at + 2, at + 6)).toEqual([
      '  lk-node2  1 message id',
      '    ERROR 010110  ×1  2024-05-20 09:41:14  (logged as ERROR:filesys)',
      '            Probably LifeKeeper core (start-up, licensing), by its id prefix. Meaning not known: no public source describes this id.',
      expect.stringMatching(/^ {12}lksupport\/var_log_lifekeeper\.log:\d+ {2}2024-05-20T09:41:14\.000000\+09:00 lk-node2 restore\[2210\]: ERROR:filesys:restore:fs-data:010110:mount: /),
    ]);
  });

  it('are left out where every id is explained', () => {
    expect(formatText(golden('split-brain-node1'), { lang: 'en', color: false })).not.toContain('Messages no rule explains');
  });

  it('show eight ids a node, count the rest, and print archive text safely', () => {
    const r = golden('failover-failed-node2');
    const node = r.nodes[0];
    const base = node?.['lifekeeper-messages']?.messages.find((m) => m.msgid === '010110');
    if (!node || !base) throw new Error('golden changed');
    const many: MessageEntry[] = Array.from({ length: 11 }, (_, i) => ({ ...base, msgid: String(900100 + i), evidence: { ...base.evidence, text: `${base.evidence.text} \u001b[31mred\u001b[0m` } }));
    node['lifekeeper-messages'] = { messages: many, overflow: { ids: 0, lines: 0 } };
    const out = formatText(r, { lang: 'en', color: false });
    expect(out.match(/^ {4}ERROR 9001\d\d/gm)).toHaveLength(8);
    expect(out).toContain('    … +3 more (all in the JSON, HTML and app reports)');
    expect(out).not.toContain('\u001b');
  });

  it('are redacted with the report: no host name of the archive in their lines', () => {
    const { report } = redactReport(golden('failover-failed-node2'));
    const out = formatText(report, { lang: 'ja', color: false });
    expect(out).toContain('ルールで説明されていないメッセージ');
    expect(out).toMatch(/ERROR:filesys:restore:fs-data:010110:mount/);
    expect(out).not.toContain('lk-node2');
  });
});
