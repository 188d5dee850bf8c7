import { describe, expect, it } from 'vitest';
import { clusterNode, runCase } from '../../engine/plugin/testing.js';

describe('cluster-version-mix', () => {
  it('warns when the two nodes run different versions, with both package lines as evidence', async () => {
    const r = await runCase([clusterNode({ host: 'a1', peer: 'b1', version: '9.6.2', state: 'ISP' }), clusterNode({ host: 'b1', peer: 'a1', version: '9.7.0', state: 'OSU' })]);
    const f = r.findings.filter((x) => x.id === 'cluster-version-mix');
    expect(f.map((x) => [x.severity, x.node, x.evidence.length])).toEqual([['warning', 'a1+b1', 2]]);
  });
  it('is silent when versions match, and for a node alone', async () => {
    const same = await runCase([clusterNode({ host: 'a1', peer: 'b1' }), clusterNode({ host: 'b1', peer: 'a1', state: 'OSU' })]);
    expect(same.findings.filter((x) => x.id.startsWith('cluster-'))).toEqual([]);
    const alone = await runCase([clusterNode({ host: 'a1', peer: 'b1', version: '9.5.0' })]);
    expect(alone.clusters[0]?.missingPeers).toEqual(['b1']);
  });

  const withKits = (host: string, peer: string, packages: string[], version = '9.6.2') => {
    const base = clusterNode({ host, peer, version });
    return { ...base, inputs: { ...base.inputs, 'rpm-qa': `steeleye-lk-${version}-7047.x86_64\nsteeleye-lkGUI-${version}-7047.x86_64\n${packages.join('\n')}\n` } };
  };

  it('warns when a recovery kit is on one node only, with the kit line and the other node\'s core line', async () => {
    const r = await runCase([
      withKits('a1', 'b1', ['steeleye-lkORA-9.6.2-7047.noarch', 'steeleye-lkIP-9.6.2-7047.noarch']),
      withKits('b1', 'a1', ['steeleye-lkIP-9.6.2-7047.noarch']),
    ]);
    const f = r.findings.filter((x) => x.id === 'cluster-version-mix');
    expect(f.map((x) => [x.severity, x.title.en])).toEqual([['warning', 'Recovery kits differ between nodes: Oracle (steeleye-lkORA) on a1 9.6.2-7047, not on b1']]);
    expect(f[0]?.evidence.map((e) => [e.node, e.text])).toEqual([['a1', 'steeleye-lkORA-9.6.2-7047.noarch'], ['b1', 'steeleye-lk-9.6.2-7047.x86_64']]);
  });

  it('warns when a kit differs in version while the core agrees, and is silent on the GUI alone', async () => {
    const r = await runCase([
      withKits('a1', 'b1', ['steeleye-lkIP-9.6.2-7047.noarch']),
      withKits('b1', 'a1', ['steeleye-lkIP-9.6.2-7050.noarch']),
    ]);
    expect(r.findings.filter((x) => x.id === 'cluster-version-mix').map((x) => x.title.en)).toEqual(['Recovery kits differ between nodes: IP (steeleye-lkIP) at different versions: a1 9.6.2-7047, b1 9.6.2-7050']);
    const gui = await runCase([withKits('a1', 'b1', []), { ...clusterNode({ host: 'b1', peer: 'a1' }) }]);
    expect(gui.findings.filter((x) => x.id === 'cluster-version-mix')).toEqual([]);
  });

  it('reports only the core version mix during a rolling upgrade, not each kit again', async () => {
    const r = await runCase([
      withKits('a1', 'b1', ['steeleye-lkIP-9.6.2-7047.noarch']),
      withKits('b1', 'a1', ['steeleye-lkIP-9.7.0-7047.noarch'], '9.7.0'),
    ]);
    expect(r.findings.filter((x) => x.id === 'cluster-version-mix').map((x) => x.title.en)).toEqual(['LifeKeeper versions differ between nodes: a1 9.6.2-7047, b1 9.7.0-7047']);
  });
  it('says when the archives were collected far apart, since an upgrade in between shows the same', async () => {
    const dated = (host: string, peer: string, version: string, date: string) => {
      const base = clusterNode({ host, peer, version, state: host === 'a1' ? 'ISP' : 'OSU' });
      return { ...base, inputs: { ...base.inputs, date: `${date}\n` } };
    };
    const r = await runCase([dated('a1', 'b1', '9.6.2', 'Mon May 20 10:00:00 UTC 2024'), dated('b1', 'a1', '9.7.0', 'Tue May 21 10:00:00 UTC 2024')]);
    const f = r.findings.filter((x) => x.id === 'cluster-version-mix');
    expect(f[0]?.summary.en).toContain('The archives were collected 1440 minutes apart');
    const same = await runCase([dated('a1', 'b1', '9.6.2', 'Mon May 20 10:00:00 UTC 2024'), dated('b1', 'a1', '9.7.0', 'Mon May 20 10:05:00 UTC 2024')]);
    expect(same.findings.filter((x) => x.id === 'cluster-version-mix')[0]?.summary.en).not.toContain('collected');
  });
  it('leaves a node whose package list was cut short out of the kit comparison', async () => {
    const cut = clusterNode({ host: 'b1', peer: 'a1', state: 'OSU' });
    // Past the 16 MiB a document may take, the IP kit's line is never read.
    const padding = `${'filler-package-1.0-1.x86_64\n'.repeat(Math.ceil((17 * 2 ** 20) / 28))}`;
    const r = await runCase([
      withKits('a1', 'b1', ['steeleye-lkIP-9.6.2-7047.noarch']),
      { ...cut, inputs: { ...cut.inputs, 'rpm-qa': `steeleye-lk-9.6.2-7047.x86_64\n${padding}steeleye-lkIP-9.6.2-7047.noarch\n` } },
    ]);
    expect(r.nodes.find((n) => n.hostname === 'b1')?.members.read.find((m) => m.input === 'rpm-qa')?.problem).toBeTruthy();
    expect(r.findings.filter((x) => x.id === 'cluster-version-mix')).toEqual([]);
  }, 30_000);
});
