// A redacted export of each sample holds none of the original names,
// addresses, users or serials, in any format, and its findings read the same.
import { describe, expect, it } from 'vitest';
import { analyze } from '../analyzers/engine/run/engine.js';
import { Redactor, redactReport } from '../analyzers/engine/report/redact.js';
import type { Report } from '../analyzers/engine/report/report.js';
import { loadAnalyzers } from '../analyzers/registry.js';
import { renderHtml } from '../app/export.js';
import { formatText } from '../cli/format-text.js';
import { loadScenario, scenarioNames } from '../samples/build-samples.js';

const { analyzers, packs } = await loadAnalyzers();
const run = (files: string[]): Promise<Report> => analyze(files, { analyzers, rulePacks: packs, now: new Date('2026-01-01T00:00:00Z'), version: 'test' });

/** The site's own values in a report: what must not leave. */
function originals(report: Report, entries: Array<{ kind: string; original: string }>): string[] {
  const json = JSON.stringify({ ...report, rulePacks: [], findings: report.findings.map((f) => ({ ...f, references: [] })) });
  const ips = [...json.matchAll(/(?<![\w.])(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})(?![\w]|\.\d)/g)].map((m) => m[1] ?? '')
    .filter((ip) => !/^(127|0|169\.254|22[4-9]|2[3-5]\d)\./.test(ip));
  return [...new Set([...entries.filter((e) => e.kind !== 'ipv4').map((e) => e.original), ...ips])];
}

describe('redaction', () => {
  for (const name of scenarioNames()) {
    it(`leaves no original value in the redacted exports of ${name}`, async () => {
      const report = await run([`samples/${loadScenario(name).archive}`]);
      const { report: red, map } = redactReport(report);
      const secrets = originals(report, map.entries);
      expect(secrets.length).toBeGreaterThan(2);
      const outputs = {
        json: JSON.stringify(red),
        text: formatText(red, { lang: 'en', color: false }) + formatText(red, { lang: 'ja', color: false }),
        html: await renderHtml(red, 'en'),
      };
      for (const [format, out] of Object.entries(outputs)) {
        const lower = out.toLowerCase();
        const leaked = secrets.filter((s) => new RegExp(`(?<![A-Za-z0-9])${s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![A-Za-z0-9])`, 'i').test(lower));
        expect(leaked, `${format} of ${name}`).toEqual([]);
      }
      expect(red.findings.map((f) => `${f.id}:${f.severity}`)).toEqual(report.findings.map((f) => `${f.id}:${f.severity}`));
      expect(red.redaction?.redacted).toBe(true);
      expect(outputs.json).not.toContain('"original"');
    });
  }

  it('gives the same pseudonyms across the nodes of one case, and keeps subnets and tag shapes', async () => {
    const report = await run(['samples/healthy-shared-disk-node1.tar.gz', 'samples/healthy-shared-disk-node2.tar.gz']);
    const { report: red } = redactReport(report);
    expect(red.nodes.map((n) => n.hostname)).toEqual(['node-1', 'node-2']);
    const paths = red.nodes[0]?.['comm-paths'] as Array<{ localAddress: string; remoteAddress: string }>;
    const [a, b] = [paths[0]?.localAddress ?? '', paths[0]?.remoteAddress ?? ''];
    expect(a).toMatch(/^10\.\d+\.\d+\.11$/);
    expect(a.split('.').slice(0, 3)).toEqual(b.split('.').slice(0, 3));
    const r = new Redactor();
    r.host('lk-node1.corp.example.co.jp');
    expect(r.apply('datarep-lk-node1 on lk-node1.corp.example.co.jp, not lk-node10')).toBe('datarep-node-1 on node-1.domain-1.example, not lk-node10');
  });

  it('keeps values that identify nothing: loopback, link-local, masks, root', () => {
    const r = new Redactor();
    r.user('root');
    expect(r.apply('127.0.0.1 169.254.2.4 255.255.255.0 root')).toBe('127.0.0.1 169.254.2.4 255.255.255.0 root');
  });
});
