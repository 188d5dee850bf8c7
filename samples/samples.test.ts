// Each sample archive is what its scenario builds, its report equals the
// checked-in golden report and the schema, and it produces exactly the
// findings its scenario expects. UPDATE_GOLDEN=1 rewrites the golden reports.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { analyze } from '../analyzers/engine/run/engine.js';
import type { Report } from '../analyzers/engine/report/report.js';
import { loadAnalyzers } from '../analyzers/registry.js';
import { SAMPLES_DIR, buildTar, loadScenario, scenarioNames, tarOf } from './build-samples.js';

const schema = JSON.parse(readFileSync(join(SAMPLES_DIR, '../analyzers/engine/report/report.schema.json'), 'utf8')) as object;
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

    const notLifeKeeper = scenario.expect.notRecognized;
    it(notLifeKeeper ? 'it is read whole and refused as not LifeKeeper for Linux, saying why first' : 'it is read whole and recognised as an lksupport archive', async () => {
      const report = await sampleReport(scenario.archive);
      expect(report.archives[0]?.status).toBe('read');
      expect(report.nodes[0]?.analyzers.filter((a) => a.status === 'failed')).toEqual([]);
      if (notLifeKeeper) {
        expect(report.nodes[0]?.recognized).toBe(false);
        expect(report.nodes[0]?.notes[0]?.en).toMatch(notLifeKeeper);
        for (const key of ['resource-hierarchy', 'comm-paths'] as const) expect(report.nodes[0]?.[key], `${key}: no fact from input that is not LifeKeeper for Linux`).toBeUndefined();
        return;
      }
      expect(report.nodes[0]?.recognized).toBe(true);
      for (const key of ['node-identity', 'lifekeeper-version', 'os-release', 'kernel'] as const) expect(report.nodes[0]?.[key], key).toBeTruthy();
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

interface ClusterSample {
  name: string;
  archives: string[];
  expect: { nodes: string[]; findings: Array<{ id: string; severity: string }> };
}
const clusterSamples = (JSON.parse(readFileSync(join(SAMPLES_DIR, 'clusters.json'), 'utf8')) as { clusters: ClusterSample[] }).clusters;
const crossNodeRules = new Set(clusterRules.map((r) => r.meta.id));

it('there are cluster samples for a healthy pair, a split brain, a failed failover, data_corrupt and a rolling upgrade', () => {
  expect(clusterSamples.map((c) => c.name)).toEqual(expect.arrayContaining(['healthy-shared-disk', 'split-brain', 'failover-failed', 'data-corrupt', 'rolling-upgrade']));
});

for (const sample of clusterSamples) {
  describe(`cluster ${sample.name}`, () => {
    const report = () => analyze(sample.archives.map((a) => `samples/${a}`), {
      analyzers, clusterRules, rulePacks: packs, now: new Date('2026-01-01T00:00:00Z'), version: 'golden',
    });

    it('groups its archives into one cluster and matches the golden report', async () => {
      const r = await report();
      expect(validate(r), JSON.stringify(validate.errors, null, 1)).toBe(true);
      expect(r.clusters.map((c) => c.nodes)).toEqual([sample.expect.nodes]);
      expect(r.clusters[0]?.missingPeers).toEqual([]);
      const golden = join(SAMPLES_DIR, 'golden', `cluster-${sample.name}.json`);
      const text = `${JSON.stringify(r, null, 2)}\n`;
      if (process.env['UPDATE_GOLDEN'] || !existsSync(golden)) writeFileSync(golden, text);
      expect(text).toBe(readFileSync(golden, 'utf8'));
    });

    it('produces exactly the cross-node findings it must, each evidence line naming its node', async () => {
      const r = await report();
      const crossNode = r.findings.filter((f) => crossNodeRules.has(f.id));
      expect(crossNode.map((f) => `${f.id}:${f.severity}`).sort()).toEqual(sample.expect.findings.map((f) => `${f.id}:${f.severity}`).sort());
      for (const f of crossNode) {
        for (const e of f.evidence) expect(sample.expect.nodes, `${f.id}: ${e.path}`).toContain(e.node);
      }
    });
  });
}
