import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { BEGIN, END, rulesTable } from './rules-doc.js';

it('the README lists every rule as the rule metadata says (run `npm run rules-doc` when this fails)', async () => {
  const readme = readFileSync('README.md', 'utf8');
  const section = readme.slice(readme.indexOf(BEGIN), readme.indexOf(END) + END.length);
  expect(section).toBe(await rulesTable());
});
