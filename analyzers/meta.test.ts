// Keeps the house in order: every plugin folder (facts/, rules/, cluster-rules/)
// has its test and README, its meta.id equals the folder name, its kind matches
// the folder it is in, and the registry and the folders agree; every rule
// (logic, cross-node, pattern) cites public sources a reader can follow and
// says what to do in one line. Each failure says what to do.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { PluginMeta } from './engine/plugin/analyzer.js';
import { keywordsFor } from './engine/plugin/analyzer.js';
import type { Reference } from './engine/plugin/findings.js';
import { referenceProblems, SOURCES } from './engine/plugin/sources.js';
import type { Text } from './engine/plugin/text.js';
import { INPUTS } from './engine/archive/inputs.js';
import { CLUSTER_RULES } from './registry.js';
import { ANALYZERS, loadAnalyzers, PLUGINS } from './registry.js';

const ROOT = fileURLToPath(new URL('.', import.meta.url));
/** Each kind of plugin has one folder of its own under analyzers/. */
const ROLE_FOLDER = { fact: 'facts', rule: 'rules', 'cluster-rule': 'cluster-rules' } as const;
const KEBAB = /^[a-z0-9]+(-[a-z0-9]+)*$/;

const subfolders = (dir: string): string[] => readdirSync(join(ROOT, dir)).filter((n) => statSync(join(ROOT, dir, n)).isDirectory());
/** Plugin folders as `<role folder>/<id>`. */
const folders = Object.values(ROLE_FOLDER).flatMap((dir) => subfolders(dir).map((n) => `${dir}/${n}`));
const folderOf = (p: { meta: { id: string; kind: keyof typeof ROLE_FOLDER } }): string => `${ROLE_FOLDER[p.meta.kind]}/${p.meta.id}`;
const inputIds = new Set(INPUTS.map((i) => i.id));

describe('analyzer conventions', () => {
  it('the registry lists exactly the analyzer folders', () => {
    const registered = PLUGINS.map(folderOf).sort();
    const missing = folders.filter((f) => !registered.includes(f));
    const extra = registered.filter((id) => !folders.includes(id));
    expect(missing, `add analyzers/${missing.join(', analyzers/')} to PLUGINS in analyzers/registry.ts`).toEqual([]);
    expect(extra, `the registry names analyzers/${extra.join(', analyzers/')}, but there is no such folder (a fact goes in facts/, a rule in rules/, a cross-node rule in cluster-rules/)`).toEqual([]);
    expect(new Set(registered).size, 'an id is registered twice').toBe(registered.length);
  });

  for (const a of ANALYZERS) {
    const id = a.meta.id;
    const dir = folderOf(a);
    describe(id, () => {
      it('has a kebab-case id that names its folder, its test and its README', () => {
        expect(id, 'ids are kebab-case').toMatch(KEBAB);
        expect(existsSync(join(ROOT, dir, 'index.ts')), `create analyzers/${dir}/index.ts`).toBe(true);
        expect(existsSync(join(ROOT, dir, `${id}.test.ts`)), `write analyzers/${dir}/${id}.test.ts`).toBe(true);
        expect(existsSync(join(ROOT, dir, 'README.md')), `write analyzers/${dir}/README.md (what it checks, inputs, limits)`).toBe(true);
      });

      it('has titles in English and Japanese and a version', () => {
        expect(a.meta.title.en.trim(), 'meta.title.en is empty').not.toBe('');
        expect(a.meta.title.ja.trim(), 'meta.title.ja is empty').not.toBe('');
        expect(a.meta.version, 'meta.version is empty').toMatch(/\S/);
      });

      it('reads only known logical inputs and watches only declared ones', () => {
        for (const input of a.meta.inputs) expect(inputIds.has(input), `unknown input ${input}`).toBe(true);
        for (const input of a.watch?.inputs ?? []) expect(a.meta.inputs, `declare watched input ${input} in meta.inputs`).toContain(input);
        for (const input of a.watch?.inputs ?? []) {
          for (const k of keywordsFor(a.watch ?? {}, input) ?? []) expect(k, 'watch keywords are ASCII').toMatch(/^[\x20-\x7e]+$/);
        }
        const perInput = a.watch?.keywords && !Array.isArray(a.watch.keywords) ? Object.keys(a.watch.keywords) : [];
        for (const input of perInput) expect(a.watch?.inputs, `keywords for ${input}, which the watch does not read`).toContain(input);
      });

      it(a.meta.kind === 'rule' ? 'is a rule with a severity and its sources' : 'is a fact that reports no severity', () => {
        if (a.meta.kind === 'rule') {
          expect(a.meta.severity, 'rules declare meta.severity').toBeDefined();
          expect(a.meta.references?.length ?? 0, 'rules cite the advisory or knowledge source in meta.references').toBeGreaterThan(0);
        } else {
          expect(a.meta.severity, 'a fact establishes what is; rules judge it').toBeUndefined();
        }
      });

      it('names no archive path in its code (paths live in core/inputs.ts)', () => {
        const code = readdirSync(join(ROOT, dir))
          .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
          .map((f) => readFileSync(join(ROOT, dir, f), 'utf8'))
          .join('\n');
        expect(code, 'read logical inputs with ctx.documents()/watch, not paths').not.toMatch(/['"`](?:var\/log|etc\/default|proc\/mdstat)/);
        expect(code, 'analyzers do not import fs, electron or the app').not.toMatch(/from ['"](?:node:)?fs['"]|from ['"]electron['"]|\.\.\/\.\.\/\.\.\/(app|renderer|cli|presentation)\//);
      });
    });
  }

  for (const r of CLUSTER_RULES) {
    it(`cross-node rule ${r.meta.id} has its folder, test, README, titles and sources`, () => {
      expect(r.meta.id).toMatch(KEBAB);
      for (const f of ['index.ts', `${r.meta.id}.test.ts`, 'README.md']) expect(existsSync(join(ROOT, folderOf(r), f)), `write analyzers/${folderOf(r)}/${f}`).toBe(true);
      expect(r.meta.title.en.trim() && r.meta.title.ja.trim()).toBeTruthy();
      expect(r.meta.references.length).toBeGreaterThan(0);
    });
  }

  it('the report schema knows every fact, under its analyzer id, and nothing else', () => {
    const schema = JSON.parse(readFileSync(join(ROOT, 'engine/report/report.schema.json'), 'utf8')) as { $defs: { node: { properties: Record<string, unknown>; additionalProperties: unknown } } };
    const facts = ANALYZERS.filter((a) => a.meta.kind === 'fact').map((a) => a.meta.id);
    const props = Object.keys(schema.$defs.node.properties);
    expect(facts.filter((id) => !props.includes(id)), 'describe these facts in $defs.node of analyzers/engine/report/report.schema.json').toEqual([]);
    expect(schema.$defs.node.additionalProperties, 'a node property the schema does not name must fail validation').toBe(false);
  });
});

/** What keeps a one-line remedy from being one: empty, long, several lines, or backticks that do not pair. */
function actionProblems(action: Text | undefined): string[] {
  if (!action) return ['it has no meta.action (what to do, in one line, en and ja)'];
  return (['en', 'ja'] as const).flatMap((lang) => {
    const s = action[lang];
    const problems: string[] = [];
    if (s.trim() === '') problems.push(`action.${lang} is empty`);
    if ([...s].length > 100) problems.push(`action.${lang} has ${[...s].length} characters: say it in at most 100 (the remediation says it in full)`);
    if (/[\r\n]/.test(s)) problems.push(`action.${lang} is more than one line`);
    if ((s.match(/`/g) ?? []).length % 2 !== 0 || s.includes('``')) problems.push(`action.${lang} has a backtick that does not open or close a code span`);
    return problems;
  });
}

const referenceReport = (refs: readonly Reference[] | undefined): string[] =>
  (refs ?? []).flatMap((r) => referenceProblems(r).map((p) => `"${r.source}": ${p}`));

/** Every rule as it runs: the logic rules, the cross-node rules and the built-in pattern rules. */
const loaded = await loadAnalyzers();

describe('rules a reader can act on', () => {
  const rules: PluginMeta[] = [...loaded.analyzers.filter((a) => a.meta.kind === 'rule').map((a) => a.meta), ...loaded.clusterRules.map((r) => r.meta)];

  it('covers the logic, cross-node and pattern rules', () => {
    expect(rules.filter((m) => m.kind === 'cluster-rule').length).toBeGreaterThan(0);
    expect(rules.length).toBeGreaterThan(ANALYZERS.filter((a) => a.meta.kind === 'rule').length + CLUSTER_RULES.length);
  });

  for (const meta of rules) {
    it(`${meta.id} cites only public sources, each with an https link (no internal note, no bare IP address)`, () => {
      expect(meta.references?.length ?? 0, 'cite at least one public source in meta.references').toBeGreaterThan(0);
      expect(referenceReport(meta.references), 'cite the public page (SIOS docs, KB, advisory, blog) with its https URL; keep our notes in the README').toEqual([]);
    });
    it(`${meta.id} says what to do in one line, in English and Japanese`, () => {
      expect(actionProblems(meta.action)).toEqual([]);
    });
  }

  it('every shared source is public, with an https link', () => {
    expect(referenceReport(Object.values(SOURCES))).toEqual([]);
  });

  it('the checks refuse what a reader cannot follow: no URL, http, a bare IP address, an internal note', () => {
    const t = (en: string): Text => ({ en, ja: en });
    const bad: Reference[] = [
      { source: 'KB-x', title: t('no link') },
      { source: 'KB-x', title: t('plain http'), url: 'http://docs.us.sios.com/x' },
      { source: 'SPS8-PDF p73', title: t('a mirror at an address'), url: 'https://38.142.81.21:8001/manual/page-73.html' },
      { source: 'v6', title: t('an IPv6 address'), url: 'https://[2001:db8::1]/x' },
      { source: 'formats.md §2.1', title: t('our notes'), url: 'https://example.com/x' },
      { source: 'x', title: t('see known-issues.md §6'), url: 'https://example.com/x' },
      { source: 'operator notes (sources/004)', title: t('split brain'), url: 'https://example.com/x' },
      { source: 'x', title: t('javascript'), url: 'javascript:alert(1)' },
    ];
    for (const r of bad) expect(referenceProblems(r), JSON.stringify(r)).not.toEqual([]);
    expect(referenceProblems({ source: 'KB-lkscsid', title: t('SIOS KB'), url: 'https://lkdkuserportal.sios.jp/hc/ja/articles/900003059626' })).toEqual([]);
  });

  it('the action check refuses what is not a one-line remedy', () => {
    expect(actionProblems(undefined)).not.toEqual([]);
    expect(actionProblems({ en: 'x'.repeat(101), ja: 'y' })).not.toEqual([]);
    expect(actionProblems({ en: 'two\nlines', ja: 'y' })).not.toEqual([]);
    expect(actionProblems({ en: 'run `mirror_action', ja: 'y' })).not.toEqual([]);
    expect(actionProblems({ en: 'Run `mirror_action <tag> resume`.', ja: '`mirror_action <tag> resume` を実行してください。' })).toEqual([]);
  });
});
