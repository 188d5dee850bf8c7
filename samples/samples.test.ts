// Each sample archive is what its scenario builds, its report equals the
// checked-in golden report and the schema, and it produces exactly the
// findings its scenario expects. UPDATE_GOLDEN=1 rewrites the golden reports.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { analyze } from '../analyzers/core/engine.js';
import type { Report } from '../analyzers/core/report.js';
import { loadAnalyzers } from '../analyzers/registry.js';
import { SAMPLES_DIR, buildTar, loadScenario, scenarioNames, tarOf } from './build-samples.js';

const schema = JSON.parse(readFileSync(join(SAMPLES_DIR, '../analyzers/core/report.schema.json'), 'utf8')) as object;
const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);
const { analyzers, clusterRules, packs } = await loadAnalyzers();
const registered = new Set([...analyzers.map((a) => a.meta.id), ...clusterRules.map((r) => r.meta.id)]);

export async function sampleReport(archive: string): Promise<Report> {
  return analyze([`samples/${archive}`], { analyzers, clusterRules, rulePacks: packs, now: new Date('2026-01-01T00:00:00Z'), version: 'golden' });
}

const names = scenarioNames();

it('there are samples for a healthy cluster, DataKeeper and each advisory', () => {
  expect(names).toEqual(expect.arrayContaining([
    'healthy-shared-disk-node1', 'healthy-shared-disk-node2', 'datakeeper-node1',
    'advisory-lkscsid-restart', 'advisory-dk-partial-resync', 'advisory-oci-iscsi', 'advisory-data-corrupt',
  ]));
});

for (const name of names) {
  const scenario = loadScenario(name);
  describe(name, () => {
    it('the committed archive is what the scenario builds', async () => {
      const committed = readFileSync(join(SAMPLES_DIR, scenario.archive));
      expect(tarOf(committed).equals(await buildTar(name)), 'run `npm run samples` and commit the archive').toBe(true);
    });

    it('its report matches the golden report and the schema', async () => {
      const report = await sampleReport(scenario.archive);
      expect(validate(report), JSON.stringify(validate.errors, null, 1)).toBe(true);
      const golden = join(SAMPLES_DIR, 'golden', `${name}.json`);
      const text = `${JSON.stringify(report, null, 2)}\n`;
      if (process.env['UPDATE_GOLDEN'] || !existsSync(golden)) writeFileSync(golden, text);
      expect(text).toBe(readFileSync(golden, 'utf8'));
    });

    it('it is read whole and recognised as an lksupport archive', async () => {
      const report = await sampleReport(scenario.archive);
      expect(report.archives[0]?.status).toBe('read');
      expect(report.nodes[0]?.recognized).toBe(true);
      expect(report.nodes[0]?.analyzers.filter((a) => a.status === 'failed')).toEqual([]);
      for (const key of ['identity', 'lifekeeper', 'os', 'kernel']) expect(report.nodes[0]?.[key], key).toBeTruthy();
    });

    const expected = scenario.expect.findings;
    const pending = expected.filter((f) => !registered.has(f.id));
    it('produces exactly the findings it must (of the rules that exist so far)', async () => {
      const report = await sampleReport(scenario.archive);
      const got = report.findings.map((f) => `${f.id}:${f.severity}`).sort();
      const want = expected.filter((f) => registered.has(f.id)).map((f) => `${f.id}:${f.severity}`).sort();
      expect(got).toEqual(want);
    });
    for (const f of pending) it.todo(`produces ${f.id} (${f.severity}) once that rule exists`);
  });
}
