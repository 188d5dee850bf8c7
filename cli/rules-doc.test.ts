import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { BEGIN, END, RULES_DOC, rulesTable } from './rules-doc.js';

it(`${RULES_DOC} lists every rule as the rule metadata says (run \`npm run rules-doc\` when this fails)`, async () => {
  const page = readFileSync(RULES_DOC, 'utf8');
  expect(page.indexOf(BEGIN), `${RULES_DOC} lacks the ${BEGIN} marker`).toBeGreaterThanOrEqual(0);
  expect(page.indexOf(END), `${RULES_DOC} lacks the ${END} marker`).toBeGreaterThan(page.indexOf(BEGIN));
  const section = page.slice(page.indexOf(BEGIN), page.indexOf(END) + END.length);
  expect(section).toBe(await rulesTable());
});

it('the catalogue is in one place: README.md carries no generated rule list', () => {
  expect(readFileSync('README.md', 'utf8')).not.toContain(BEGIN);
});

it('lists the known problems no rule detects yet, each with its reason, none under the id of a rule that exists', async () => {
  const { NOT_DETECTED } = await import('./rules-not-detected.js');
  const { loadAnalyzers } = await import('../analyzers/registry.js');
  const { analyzers, clusterRules } = await loadAnalyzers();
  const ids = new Set([...analyzers, ...clusterRules].map((a) => a.meta.id));
  const table = await rulesTable();
  expect(NOT_DETECTED.length).toBeGreaterThan(0);
  for (const n of NOT_DETECTED) {
    expect(ids.has(n.id), `${n.id} is a rule now: take it off the list`).toBe(false);
    expect(n.because.trim(), n.id).not.toBe('');
    expect(table).toContain(`| \`${n.id}\` |`);
  }
});
