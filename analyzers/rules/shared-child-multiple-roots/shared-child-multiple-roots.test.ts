import { describe, expect, it } from 'vitest';
import { runAnalyzer } from '../../engine/plugin/testing.js';
import resourceHierarchy from '../../facts/resource-hierarchy/index.js';
import rule from './index.js';

const res = (tag: string, type: string, deps: string[], parents: string[]) =>
  `${tag}: id=${tag} app=gen type=${type} state=ISP\n${deps.length ? `\tdepends on resources: ${deps.join(',')}\n` : ''}${parents.length ? `\tthese resources are dependent: ${parents.join(',')}\n` : ''}\tLocal priority = 1\n`;

describe('shared-child-multiple-roots', () => {
  it('warns about the topmost resource two root hierarchies share, naming both roots', async () => {
    const long = `Resource hierarchies for machine "lk1":\nROOT of RESOURCE HIERARCHY\n${res('app-a', 'app', ['fs-shared'], [])}${res('fs-shared', 'filesys', ['disk1'], ['app-a', 'app-b'])}${res('disk1', 'disk', [], ['fs-shared'])}ROOT of RESOURCE HIERARCHY\n${res('app-b', 'app', ['fs-shared'], [])}`;
    const run = await runAnalyzer(rule, { inputs: { lcdstatus: long } }, [resourceHierarchy]);
    expect(run.findings.map((f) => [f.severity, f.title.en])).toEqual([['warning', 'Shared by several root hierarchies: fs-shared']]);
    expect(run.findings[0]?.summary.en).toContain('fs-shared (app-a, app-b)');
  });
  it('is silent on two separate hierarchies', async () => {
    const long = `Resource hierarchies for machine "lk1":\nROOT of RESOURCE HIERARCHY\n${res('app-a', 'app', ['fs-a'], [])}${res('fs-a', 'filesys', [], ['app-a'])}ROOT of RESOURCE HIERARCHY\n${res('app-b', 'app', ['fs-b'], [])}${res('fs-b', 'filesys', [], ['app-b'])}`;
    expect((await runAnalyzer(rule, { inputs: { lcdstatus: long } }, [resourceHierarchy])).findings).toEqual([]);
  });
});
