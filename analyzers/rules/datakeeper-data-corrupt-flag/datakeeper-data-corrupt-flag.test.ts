import { describe, expect, it } from 'vitest';
import { runAnalyzer } from '../../engine/plugin/testing.js';
import datakeeper from '../../facts/datakeeper/index.js';
import rule from './index.js';

const REFUSED = 'Feb  8 01:12:58 dk-db2 restore[30711]: ERROR:dr:restore:datarep-data:104086:The "datarep-data_data_corrupt" flag is set in "/opt/LifeKeeper/subsys/scsi/resources/netraid/" on system "dk-db2". To avoid data corruption, LifeKeeper will not restore the resource.\n';

describe('datakeeper-data-corrupt-flag', () => {
  it('is critical with the flag file, the 104086 line and last_owner as evidence', async () => {
    const run = await runAnalyzer(rule, {
      inputs: { 'netraid-flag': { 'datarep-data_data_corrupt': '', 'datarep-data_last_owner': 'dk-db1\n' }, 'lifekeeper-log': REFUSED, mdstat: 'Personalities :\n' },
    }, [datakeeper]);
    expect(run.findings).toHaveLength(1);
    const f = run.findings[0];
    expect(f?.severity).toBe('critical');
    expect(f?.evidence.map((e) => `${e.path}:${e.line}`)).toEqual([
      'opt/LifeKeeper/subsys/scsi/resources/netraid/datarep-data_data_corrupt:0',
      'var/log/lifekeeper.log:1',
      'opt/LifeKeeper/subsys/scsi/resources/netraid/datarep-data_last_owner:0',
    ]);
    expect(f?.summary.en).toMatch(/last_owner flag names dk-db1/);
    expect(f?.remediation.en).toMatch(/Only on the node known to have been the last source/);
  });

  it('fires on message 104086 alone', async () => {
    const run = await runAnalyzer(rule, { inputs: { 'lifekeeper-log': REFUSED } }, [datakeeper]);
    expect(run.findings[0]?.title.en).toContain('datarep-data');
  });

  it('is silent on a healthy DataKeeper node', async () => {
    const run = await runAnalyzer(rule, {
      inputs: { 'netraid-flag': { last_owner: 'dk1\n' }, 'lifekeeper-log': 'Feb  8 01:12:58 dk1 restore[1]: INFO:dr:restore:datarep-data:104009:/dev/md0: bitmap merged, resyncing 0.0 B\n' },
    }, [datakeeper]);
    expect(run.findings).toEqual([]);
  });

  it('is not checked without lifekeeper.log or flag files, and checked (silent) with a log that has no 104086', async () => {
    const none = await runAnalyzer(rule, { inputs: { 'lcdstatus-q': 'LOCAL TAG ID STATE PRIO PRIMARY\n' } }, [datakeeper]);
    expect(none.status.status).toBe('not-checked');
    const quiet = await runAnalyzer(rule, { inputs: { 'lifekeeper-log': 'May 18 01:47:55 n1 x[1]: INFO:lcd:::000000:hello\n' } }, [datakeeper]);
    expect([quiet.status.status, quiet.findings]).toEqual(['ran', []]);
  });
});
