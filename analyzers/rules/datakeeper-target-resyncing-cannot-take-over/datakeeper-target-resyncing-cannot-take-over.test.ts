import { describe, expect, it } from 'vitest';
import { runAnalyzer } from '../../engine/plugin/testing.js';
import commPaths from '../../facts/comm-paths/index.js';
import datakeeper from '../../facts/datakeeper/index.js';
import nodeIdentity from '../../facts/node-identity/index.js';
import resourceHierarchy from '../../facts/resource-hierarchy/index.js';
import resyncHistory from '../../facts/resync-history/index.js';
import timeline from '../../facts/timeline/index.js';
import rule from './index.js';

const providers = [commPaths, datakeeper, nodeIdentity, resourceHierarchy, resyncHistory, timeline];
const log = (resyncAt: string) => [
  `Feb  8 ${resyncAt} dk-db2 mirror_action[3011]: INFO:dr:resume:datarep-data:104009:/dev/md0: bitmap merged, resyncing 42.0 GB`,
  'Feb  8 01:12:40 dk-db2 flg_create[30700]: ERROR:lcd.mes:::004217:Communication failure: destination system "dk-db1" is out of service.',
  'Feb  8 01:12:55 dk-db2 restore[30711]: INFO:RKActionHandler:restore:datarep-data:000100:BEGIN restore of "datarep-data"',
  'Feb  8 01:12:59 dk-db2 restore[30711]: ERROR:RKActionHandler:restore:datarep-data:000104:END failed restore of "datarep-data"',
  '',
].join('\n');

describe('datakeeper-target-resyncing-cannot-take-over', () => {
  it('is critical when the mirror\'s restore failed after the peer was lost while a resync was running', async () => {
    const run = await runAnalyzer(rule, { inputs: { 'lifekeeper-log': log('00:50:00') } }, providers);
    expect(run.findings.map((f) => [f.severity, f.title.en])).toEqual([['critical', '"datarep-data" could not be restored after dk-db1 was lost: its mirror was resyncing']]);
    expect(run.findings[0]?.summary.en).toContain('we take it as still running');
    expect(run.findings[0]?.evidence.length).toBe(3);
  });
  it('is silent when the last resync was a day before, and without a failed restore', async () => {
    const old = log('00:50:00').replace('Feb  8 00:50:00', 'Feb  7 00:50:00');
    expect((await runAnalyzer(rule, { inputs: { 'lifekeeper-log': old } }, providers)).findings).toEqual([]);
    const ok = log('00:50:00').replace('ERROR:RKActionHandler:restore:datarep-data:000104:END failed restore', 'INFO:RKActionHandler:restore:datarep-data:000101:END successful restore');
    expect((await runAnalyzer(rule, { inputs: { 'lifekeeper-log': ok } }, providers)).findings).toEqual([]);
  });
});
