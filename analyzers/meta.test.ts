// Keeps the house in order: every plugin folder (facts/, rules/, cluster-rules/)
// has its test and README, its meta.id equals the folder name, its kind matches
// the folder it is in, and the registry and the folders agree. Each failure
// says what to do.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { keywordsFor } from './engine/plugin/analyzer.js';
import { INPUTS } from './engine/archive/inputs.js';
import { CLUSTER_RULES } from './registry.js';
import { ANALYZERS, PLUGINS } from './registry.js';

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
