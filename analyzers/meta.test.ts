// Keeps the house in order: every analyzer folder has its test and README, its
// meta.id equals the folder name, and the registry and the folders agree.
// Each failure says what to do.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { keywordsFor } from './core/analyzer.js';
import { INPUTS } from './core/inputs.js';
import { CLUSTER_RULES } from './cluster-rules.js';
import { ANALYZERS } from './registry.js';

const ROOT = fileURLToPath(new URL('.', import.meta.url));
/** Folders of analyzers/ that are not analyzers. */
const NOT_ANALYZERS = new Set(['core', 'rules']);
const KEBAB = /^[a-z0-9]+(-[a-z0-9]+)*$/;

const folders = readdirSync(ROOT).filter((n) => statSync(join(ROOT, n)).isDirectory() && !NOT_ANALYZERS.has(n));
const inputIds = new Set(INPUTS.map((i) => i.id));

describe('analyzer conventions', () => {
  it('the registry lists exactly the analyzer folders', () => {
    const registered = [...ANALYZERS.map((a) => a.meta.id), ...CLUSTER_RULES.map((r) => r.meta.id)].sort();
    const missing = folders.filter((f) => !registered.includes(f));
    const extra = registered.filter((id) => !folders.includes(id));
    expect(missing, `add ${missing.join(', ')} to analyzers/registry.ts (or analyzers/cluster-rules.ts for a cross-node rule)`).toEqual([]);
    expect(extra, `registry names ${extra.join(', ')} but there is no analyzers/<id>/ folder`).toEqual([]);
    expect(new Set(registered).size, 'an id is registered twice').toBe(registered.length);
  });

  for (const a of ANALYZERS) {
    const id = a.meta.id;
    describe(id, () => {
      it('has a kebab-case id that names its folder, its test and its README', () => {
        expect(id, 'ids are kebab-case').toMatch(KEBAB);
        expect(existsSync(join(ROOT, id, 'index.ts')), `create analyzers/${id}/index.ts`).toBe(true);
        expect(existsSync(join(ROOT, id, `${id}.test.ts`)), `write analyzers/${id}/${id}.test.ts`).toBe(true);
        expect(existsSync(join(ROOT, id, 'README.md')), `write analyzers/${id}/README.md (what it checks, inputs, limits)`).toBe(true);
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

      it(a.meta.kind === 'rule' ? 'is a rule with a severity and its sources' : 'is a fact with a key it provides', () => {
        if (a.meta.kind === 'rule') {
          expect(a.meta.severity, 'rules declare meta.severity').toBeDefined();
          expect(a.meta.references?.length ?? 0, 'rules cite the advisory or knowledge source in meta.references').toBeGreaterThan(0);
        } else {
          expect(a.meta.provides, 'fact analyzers declare meta.provides').toMatch(/^[a-zA-Z]+$/);
        }
      });

      it('names no archive path in its code (paths live in core/inputs.ts)', () => {
        const code = readdirSync(join(ROOT, id))
          .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
          .map((f) => readFileSync(join(ROOT, id, f), 'utf8'))
          .join('\n');
        expect(code, 'read logical inputs with ctx.documents()/watch, not paths').not.toMatch(/['"`](?:var\/log|etc\/default|proc\/mdstat)/);
        expect(code, 'analyzers do not import fs, electron or the app').not.toMatch(/from ['"](?:node:)?fs['"]|from ['"]electron['"]|\.\.\/\.\.\/(app|renderer)\//);
      });
    });
  }

  for (const r of CLUSTER_RULES) {
    it(`cross-node rule ${r.meta.id} has its folder, test, README, titles and sources`, () => {
      expect(r.meta.id).toMatch(KEBAB);
      for (const f of ['index.ts', `${r.meta.id}.test.ts`, 'README.md']) expect(existsSync(join(ROOT, r.meta.id, f)), `write analyzers/${r.meta.id}/${f}`).toBe(true);
      expect(r.meta.title.en.trim() && r.meta.title.ja.trim()).toBeTruthy();
      expect(r.meta.references.length).toBeGreaterThan(0);
    });
  }

  it('provides keys are unique', () => {
    const keys = ANALYZERS.filter((a) => a.meta.kind === 'fact').map((a) => a.meta.provides);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
