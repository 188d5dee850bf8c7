import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readReport, ReportVersionError } from './read-report.js';

const golden = (name: string): Record<string, unknown> => JSON.parse(readFileSync(new URL(`../../../samples/golden/${name}.json`, import.meta.url), 'utf8')) as Record<string, unknown>;

describe('readReport', () => {
  it('returns a report@4 document as it is', () => {
    const doc = golden('advisory-lkscsid-restart');
    expect(readReport(doc)).toBe(doc);
  });

  it('reads a report@3 document as report@4 without the packages fact and the fields report@3 did not have', () => {
    const now = golden('cluster-upgrade-over-time');
    const nodes = (now['nodes'] as Array<Record<string, unknown>>).map(({ ['installed-packages']: _packages, ...rest }) => rest);
    const changes = now['changes'] as { overTime: Array<Record<string, unknown>>; sideBySide: Array<Record<string, unknown>> };
    const v3 = {
      ...now, schema: 'lkanalyze/report@3', nodes,
      changes: { overTime: changes.overTime.map((p) => ({ ...p, incomplete: [] })), sideBySide: changes.sideBySide.map(({ packagesSame: _same, ...s }) => s) },
    };
    const read = readReport(JSON.parse(JSON.stringify(v3)));
    expect(read.schema).toBe('lkanalyze/report@4');
    expect(read.nodes[0]?.['installed-packages']).toBeUndefined();
    expect(read.changes.overTime).toHaveLength(changes.overTime.length);
    expect(read.changes.sideBySide[0]?.packagesSame).toBeUndefined();
  });

  it('reads a report@2 document as report@4 without the facts report@2 did not have', () => {
    const now = golden('failover-failed-node2');
    const nodes = (now['nodes'] as Array<Record<string, unknown>>).map(({ ['lifekeeper-messages']: _messages, ...rest }) => rest);
    const { changes: _, ...before3 } = now;
    const v2 = { ...before3, schema: 'lkanalyze/report@2', nodes };
    const read = readReport(JSON.parse(JSON.stringify(v2)));
    expect(read.schema).toBe('lkanalyze/report@4');
    expect(read.changes).toEqual({ overTime: [], sideBySide: [] });
    expect(read.nodes[0]?.['lifekeeper-messages']).toBeUndefined();
    expect(read.nodes[0]?.['node-identity']).toEqual((now['nodes'] as Array<Record<string, unknown>>)[0]?.['node-identity']);
  });

  it('reads a report@2 or @1 document without the lkscsid restarts it repeated beside the starts', () => {
    const now = golden('advisory-lkscsid-restart');
    const { changes: _, ...before3 } = now;
    const nodes = (now['nodes'] as Array<Record<string, unknown>>).map((n) => {
      const lk = n['lkscsid'] as { starts: Array<{ duringStartup: boolean }> };
      return { ...n, lkscsid: { ...lk, restarts: lk.starts.filter((s) => !s.duringStartup) } };
    });
    expect((nodes[0]?.['lkscsid'] as { restarts: unknown[] }).restarts.length).toBeGreaterThan(0);
    for (const schema of ['lkanalyze/report@2', 'lkanalyze/report@1']) {
      const read = readReport(JSON.parse(JSON.stringify({ ...before3, schema, nodes })));
      expect(read.nodes[0]?.['lkscsid']).toEqual((now['nodes'] as Array<Record<string, unknown>>)[0]?.['lkscsid']);
    }
  });

  it('reads a report@1 document with the facts under their analyzer ids', () => {
    const now = golden('advisory-lkscsid-restart');
    const nodes = (now['nodes'] as Array<Record<string, unknown>>).map((n) => {
      const { ['node-identity']: identity, ['lifekeeper-version']: lifekeeper, ['os-release']: os, ['resource-hierarchy']: resources, ['comm-paths']: commPaths, ['lifekeeper-flags']: flags, ['resync-history']: resyncs, ...rest } = n;
      return { ...rest, identity, lifekeeper, os, resources, commPaths, flags, resyncs };
    });
    const { changes: _, ...before3 } = now;
    const v1 = { ...before3, schema: 'lkanalyze/report@1', nodes };
    const read = readReport(JSON.parse(JSON.stringify(v1)));
    expect(read.schema).toBe('lkanalyze/report@4');
    expect(read.changes).toEqual({ overTime: [], sideBySide: [] });
    expect(read.nodes[0]?.['node-identity']).toEqual((now['nodes'] as Array<Record<string, unknown>>)[0]?.['node-identity']);
    expect(read.nodes[0]?.['comm-paths']).toEqual((now['nodes'] as Array<Record<string, unknown>>)[0]?.['comm-paths']);
    expect(Object.keys(read.nodes[0] ?? {})).not.toContain('identity');
  });

  it('refuses a document that is not a report, saying what it expected', () => {
    expect(() => readReport({ schema: 'something/else' })).toThrow(ReportVersionError);
    expect(() => readReport(null)).toThrow(/expected lkanalyze\/report@4/);
  });
});
