// One test for every pattern rule file: it loads without error, its id is its
// file name, its sample lines match and do not match as declared, run through
// the real engine the matching samples fire and the others do not, and it
// cites public sources with https links and says what to do in one line.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fill, loadRulePack, ruleAnalyzer, validateRule } from '../engine/plugin/pattern-rules.js';
import { referenceProblems } from '../engine/plugin/sources.js';
import type { PatternRule } from '../engine/plugin/pattern-rules.js';
import { runAnalyzer } from '../engine/plugin/testing.js';
import settings from '../facts/settings/index.js';
import { BUILT_IN_RULES_DIR, loadAnalyzers } from '../registry.js';

const pack = await loadRulePack(BUILT_IN_RULES_DIR, 'built-in');

it('the built-in rule pack loads without errors or warnings and has a name and version', () => {
  expect(pack.errors).toEqual([]);
  expect(pack.warnings, 'every built-in reference is public, with an https link').toEqual([]);
  expect(pack.name).toBe('lkanalyze-built-in');
  expect(pack.rules.length).toBeGreaterThan(0);
});

function fixtureFor(rule: PatternRule, lines: string[]) {
  if (rule.kind === 'setting') return { inputs: { 'lifekeeper-defaults': `${lines.join('\n')}\n` } };
  const repeat = rule.minCount ?? 1;
  const body = Array.from({ length: repeat }, () => lines).flat().join('\n');
  return { inputs: { [rule.input]: `${body}\n`, 'rpm-qa': 'steeleye-lk-9.6.2-7047.x86_64\n' } };
}

for (const rule of pack.rules) {
  describe(rule.id, () => {
    const analyzer = ruleAnalyzer(rule, 'test');
    const providers = rule.kind === 'setting' ? [settings] : [];
    it('fires on its matching samples, with evidence and texts filled in', async () => {
      for (const line of rule.samples.match) {
        const run = await runAnalyzer(analyzer, fixtureFor(rule, [line]), providers);
        expect(run.findings.length, line).toBeGreaterThan(0);
        const f = run.findings[0];
        expect(f?.severity).toBe(rule.severity);
        expect(f?.evidence[0]?.text).toBe(line);
        expect(f?.action, 'the finding carries the rule\'s one-line action').toBeDefined();
        for (const t of [f?.title, f?.summary, f?.remediation, f?.action]) {
          expect(t?.en, 'a placeholder was left unfilled').not.toMatch(/\{\w+(\|[^{}]*)?\}/);
          expect(t?.ja, 'a placeholder was left unfilled').not.toMatch(/\{\w+(\|[^{}]*)?\}/);
        }
      }
    });
    it('cites only public sources with https links (no internal note, no bare IP address)', () => {
      expect(rule.references.flatMap((r) => referenceProblems(r).map((p) => `"${r.source}": ${p}`)), 'give the public page (SIOS docs, KB, advisory, blog) and its https URL').toEqual([]);
    });
    it('says what to do in one line of at most 100 characters, in English and Japanese', () => {
      for (const s of [rule.action.en, rule.action.ja]) {
        expect([...s].length, s).toBeLessThanOrEqual(100);
        expect(s, 'one line').not.toMatch(/[\r\n]/);
        expect((s.match(/`/g) ?? []).length % 2, `backticks pair up: ${s}`).toBe(0);
      }
    });
    it('stays silent on its non-matching samples', async () => {
      const run = await runAnalyzer(analyzer, fixtureFor(rule, rule.samples.noMatch), providers);
      expect(run.findings).toEqual([]);
    });
    if (rule.kind === 'log') {
      it('matches in linear time on long adversarial lines made from its samples (the check rule packs get at load)', () => {
        expect(() => validateRule(rule, rule.id, true)).not.toThrow();
      });
    }
    if (rule.kind === 'log' && (rule.minCount ?? 1) > 1) {
      it(`needs ${rule.minCount} matches to fire`, async () => {
        const line = rule.samples.match[0] ?? '';
        const run = await runAnalyzer(analyzer, { inputs: { [rule.input]: `${line}\n` } });
        expect(run.findings).toEqual([]);
      });
    }
  });
}

describe('a rule matching many values at once', () => {
  it('keeps its own findings for the nine largest groups and reports the rest as one that names them', async () => {
    const rule = pack.rules.find((r) => r.id === 'communication-failure-logged');
    if (!rule || rule.kind !== 'log') throw new Error('no communication-failure-logged rule');
    // Peer i fails i + 1 times: peer14 the most, peer0 the least.
    const lines = Array.from({ length: 15 }, (_, i) => Array.from({ length: i + 1 }, (_, j) =>
      `May 20 10:${String(i).padStart(2, '0')}:${String(j).padStart(2, '0')} n lcm[1]: ERROR:lcd.mes:::004217:Communication failure: destination system "peer${i}" is out of service.`)).flat();
    const run = await runAnalyzer(ruleAnalyzer(rule, 'test'), { inputs: { 'lifekeeper-log': `${lines.join('\n')}\n` } });
    expect(run.findings).toHaveLength(10);
    // The nine largest, in the order they first appeared.
    expect(run.findings.slice(0, 9).map((f) => f.title.en)).toEqual(Array.from({ length: 9 }, (_, k) => `Communication failure with peer${6 + k} logged ${7 + k} times`));
    const together = run.findings[9];
    expect(together?.title.en).toBe('Communication failure with 6 more peer values (peer0, peer1, peer2, peer3, peer4, …) logged 21 times');
    expect(together?.title.ja).toContain('peer0、peer1、peer2、peer3、peer4 など (対向ノード 6 種類)');
    expect(together?.evidence.map((e) => e.text.match(/peer\d+/)?.[0])).toEqual(['peer0', 'peer1', 'peer2', 'peer3', 'peer4', 'peer5']);
  });
});

describe('rule packs from a folder', () => {
  it('loads good rules, and names and skips broken files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lkanalyze-pack-'));
    try {
      const good = pack.rules.find((r) => r.kind === 'log');
      await writeFile(join(dir, 'pack.json'), JSON.stringify({ name: 'site-pack', version: '2026.11' }));
      await writeFile(join(dir, 'site-rule.json'), JSON.stringify({ ...good, id: 'site-rule' }));
      await writeFile(join(dir, 'not-json.json'), '{ broken');
      await writeFile(join(dir, 'wrong-name.json'), JSON.stringify({ ...good, id: 'other-id' }));
      await writeFile(join(dir, 'bad-regex.json'), JSON.stringify({ ...good, id: 'bad-regex', pattern: '([' }));
      await writeFile(join(dir, 'no-japanese.json'), JSON.stringify({ ...good, id: 'no-japanese', title: { en: 'x', ja: '' } }));
      await writeFile(join(dir, 'no-action.json'), JSON.stringify({ ...good, id: 'no-action', action: undefined }));
      await writeFile(join(dir, 'long-action.json'), JSON.stringify({ ...good, id: 'long-action', action: { en: 'first line\nsecond line', ja: 'x' } }));
      // Loaded, with a warning each: a reference a reader cannot follow.
      await writeFile(join(dir, 'no-link.json'), JSON.stringify({ ...good, id: 'no-link', references: [{ source: 'site notes', title: { en: 'x', ja: 'x' } }] }));
      await writeFile(join(dir, 'ip-link.json'), JSON.stringify({ ...good, id: 'ip-link', references: [{ source: 'mirror', title: { en: 'x', ja: 'x' }, url: 'https://10.1.2.3/page.html' }] }));
      await writeFile(join(dir, 'lying-sample.json'), JSON.stringify({ ...good, id: 'lying-sample', samples: { match: ['nothing like it'], noMatch: ['x'] } }));
      // Quadratic on a run of spaces followed by something else: would stall the analysis on one long line.
      const keyword = good?.kind === 'log' ? good.keywords[0] ?? '' : '';
      await writeFile(join(dir, 'backtracking.json'), JSON.stringify({ ...good, id: 'backtracking', pattern: `${keyword}(.+?)\\s*$`, samples: { match: [`x ${keyword} y`], noMatch: ['x'] } }));
      // Exponential: would never finish on a long line; refused on a short one.
      await writeFile(join(dir, 'exponential.json'), JSON.stringify({ ...good, id: 'exponential', pattern: `${keyword}( ?\\s?)+$`, samples: { match: [`x ${keyword}`], noMatch: ['x'] } }));
      // Branches that start alike under a repeat: only quadratic on the samples' short lines, refused by its shape.
      await writeFile(join(dir, 'alternation.json'), JSON.stringify({ ...good, id: 'alternation', pattern: `${keyword}(a|ab)*c`, samples: { match: [`x ${keyword}abac`], noMatch: ['x'] } }));
      const loaded = await loadRulePack(dir);
      expect(loaded).toMatchObject({ name: 'site-pack', version: '2026.11' });
      expect(loaded.rules.map((r) => r.id)).toEqual(['ip-link', 'no-link', 'site-rule']);
      const reasons = Object.fromEntries(loaded.errors.map((e) => [e.file.replace(/^.*[/\\]/, ''), e.reason]));
      expect(Object.keys(reasons).sort()).toEqual(['alternation.json', 'backtracking.json', 'bad-regex.json', 'exponential.json', 'long-action.json', 'lying-sample.json', 'no-action.json', 'no-japanese.json', 'not-json.json', 'wrong-name.json']);
      expect(reasons['no-action.json']).toMatch(/"action" needs non-empty "en" and "ja"/);
      expect(reasons['long-action.json']).toMatch(/"action" is one line/);
      const warnings = Object.fromEntries(loaded.warnings.map((w) => [w.file.replace(/^.*[/\\]/, ''), w.reason]));
      expect(Object.keys(warnings).sort()).toEqual(['ip-link.json', 'no-link.json']);
      expect(warnings['no-link.json']).toMatch(/reference "site notes" is not one a reader can follow: it has no URL/);
      expect(warnings['ip-link.json']).toMatch(/bare IP address/);
      expect(reasons['exponential.json']).toMatch(/it backtracks/);
      expect(reasons['alternation.json']).toMatch(/"pattern" can backtrack badly: the branches "a" and "ab" of \(a\|ab\) can both start with "a"/);
      expect(reasons['backtracking.json']).toMatch(/"pattern" takes \d+ ms on a \d+-character line made from a sample: it backtracks/);
      expect(reasons['bad-regex.json']).toMatch(/not a valid regex/);
      expect(reasons['wrong-name.json']).toMatch(/must equal the file name/);
      expect(reasons['no-japanese.json']).toMatch(/"title" needs non-empty "en" and "ja"/);
      expect(reasons['lying-sample.json']).toMatch(/sample that must match does not/);
      const all = await loadAnalyzers([dir]);
      expect(all.packs.map((p) => p.name)).toEqual(['lkanalyze-built-in', 'site-pack']);
      expect(all.analyzers.some((a) => a.meta.id === 'site-rule')).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('skips a pack rule whose id is taken, and says so', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lkanalyze-pack-'));
    try {
      const good = pack.rules[0];
      await writeFile(join(dir, `${good?.id}.json`), JSON.stringify(good));
      const all = await loadAnalyzers([dir]);
      expect(all.packs[1]?.errors[0]?.reason).toMatch(/already used/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('reports a missing folder as an error of the pack', async () => {
    expect((await loadRulePack('/nonexistent/rules')).errors[0]?.reason).toMatch(/cannot read the folder/);
  });

  it('rejects rule files that are not objects or lack samples', () => {
    expect(() => validateRule([], null)).toThrow(/one JSON object/);
    const good = pack.rules[0] as PatternRule;
    expect(() => validateRule({ ...good, samples: { match: [], noMatch: [] } }, null)).toThrow(/at least one/);
  });
});

describe('texts of a finding', () => {
  it('fill gives a counted noun its singular or plural, and leaves unknown placeholders as written', () => {
    const t = { en: 'Failure logged {count|time|times} ({other})', ja: '{count} 回' };
    expect(fill(t, { count: '1' })).toEqual({ en: 'Failure logged 1 time ({other})', ja: '1 回' });
    expect(fill(t, { count: '3' })).toEqual({ en: 'Failure logged 3 times ({other})', ja: '3 回' });
    expect(fill({ en: '{missing|a|b}', ja: 'x' }, {})).toEqual({ en: '{missing|a|b}', ja: 'x' });
  });
});

describe('the time of a pattern finding, as a sentence says it', () => {
  const rule = pack.rules.find((r) => r.id === 'communication-failure-logged');
  const line = (t: string): string => `May 20 ${t} lk1 flg_create[2211]: ERROR:lcd.mes:::004217:Communication failure: destination system "lk2" is out of service.`;
  it('says "at" one time when the rule fired once (not "between 12:10:00 and 12:10:00")', async () => {
    if (!rule) throw new Error('communication-failure-logged missing');
    const run = await runAnalyzer(ruleAnalyzer(rule, 'test'), { inputs: { 'lifekeeper-log': `${line('12:10:00')}\n` } });
    expect(run.findings[0]?.summary.en).toContain('lk2 1 time at 2024-05-20 12:10:00 (message 004217)');
    expect(run.findings[0]?.summary.ja).toContain('LifeKeeper は 2024-05-20 12:10:00 に lk2 との通信を 1 回失っています');
  });
  it('says "between" the first and the last time when they differ', async () => {
    if (!rule) throw new Error('communication-failure-logged missing');
    const run = await runAnalyzer(ruleAnalyzer(rule, 'test'), { inputs: { 'lifekeeper-log': `${line('12:10:00')}\n${line('12:20:00')}\n` } });
    expect(run.findings[0]?.summary.en).toContain('2 times between 2024-05-20 12:10:00 and 2024-05-20 12:20:00');
    expect(run.findings[0]?.summary.ja).toContain('2024-05-20 12:10:00 から 2024-05-20 12:20:00 の間に lk2 との通信を 2 回');
  });
});
