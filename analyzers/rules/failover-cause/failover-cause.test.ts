import { describe, expect, it } from 'vitest';
import { runAnalyzer } from '../../engine/plugin/testing.js';
import commPaths from '../../facts/comm-paths/index.js';
import nodeIdentity from '../../facts/node-identity/index.js';
import resyncHistory from '../../facts/resync-history/index.js';
import timeline from '../../facts/timeline/index.js';
import rule from './index.js';

const FACTS = [resyncHistory, commPaths, nodeIdentity, timeline];
const START = `May 19 22:54:02 n2 lk-start-stop[1377]: NOTIFY:startup:::010021:LifeKeeper starting to initialize
`;
const RESTORES = `May 20 03:02:10 n2 restore[2210]: INFO:RKActionHandler:restore:fs-data:000100:BEGIN restore of "fs-data"
May 20 03:02:12 n2 restore[2210]: INFO:RKActionHandler:restore:fs-data:000101:END successful restore of "fs-data"
May 20 03:02:12 n2 restore[2210]: INFO:RKActionHandler:restore:app-web:000100:BEGIN restore of "app-web"
May 20 03:02:15 n2 restore[2210]: INFO:RKActionHandler:restore:app-web:000101:END successful restore of "app-web"
`;
const run = (log: string, syslog?: string) => runAnalyzer(rule, { inputs: { hostname: 'n2\n', 'lifekeeper-log': log, ...(syslog ? { syslog } : {}) }, mtime: new Date('2024-05-20T12:00:00Z') }, FACTS);

describe('failover-cause', () => {
  it('names lost heartbeats as the cause of a takeover, and the peer archive as what is missing', async () => {
    const r = await run(`${START}May 20 03:02:01 n2 lcm[1402]: ERROR:lcd.mes:::004217:Communication failure: destination system "n1" is out of service.\n${RESTORES}`);
    expect(r.findings.map((f) => f.severity)).toEqual(['warning']);
    const f = r.findings[0];
    expect(f?.title.en).toBe('Failover of "app-web" (with 1 more resource) to n2 at 2024-05-20 03:02:10: heartbeats from n1 lost on every communication path; whether it failed or was starved is not determined');
    expect(f?.summary.en).toContain("What is missing: n1's archive");
    expect(f?.evidence.map((e) => e.line)).toEqual([2, 3, 6]);
  });
  it('reads a v7.5 "FAILOVER RECOVERY OF MACHINE" line as machine-failure recovery', async () => {
    const r = await run(`${START}May 20 03:02:05 n2 lcdmachfail[2200]: NOTIFY:lcd.recover:::000000:FAILOVER RECOVERY OF MACHINE n1 STARTED AT: Mon May 20 03:02:05 2024\n${RESTORES}`);
    expect(r.findings.map((f) => [f.severity, f.title.en.slice(f.title.en.indexOf(': ') + 2)])).toEqual([['warning', 'heartbeats from n1 lost on every communication path; whether it failed or was starved is not determined']]);
  });
  it('tells a manual switchover named in the log as info, never as a failure', async () => {
    for (const line of [
      'May 20 03:02:08 n2 lcdremexec[2190]: NOTIFY:lcd.notify:::000000:Manual Switchover Initiated on Server n2',
      'May 20 03:02:08 n2 perform_action[2190]: INFO:lcd:perform_action:app-web:000000:perform_action -t app-web -a restore',
    ]) {
      const r = await run(`${START}${line}\n${RESTORES}`);
      expect(r.findings.map((f) => [f.severity, f.title.en])).toEqual([['info', 'Switchover of "app-web" (with 1 more resource) to n2 at 2024-05-20 03:02:08: manual, as logged']]);
    }
  });
  it('says the cause is not determined when nothing before the takeover explains it', async () => {
    const r = await run(`${START}${RESTORES}`);
    expect(r.findings.map((f) => [f.severity, f.title.en])).toEqual([['info', 'Failover or switchover of "app-web" (with 1 more resource) to n2 at 2024-05-20 03:02:10: cause not determined']]);
    expect(r.findings[0]?.summary.en).toContain('the peer node\'s archive is needed to tell them apart');
  });
  it('tells a resource that failed its check and local recovery, and was taken off this node', async () => {
    const r = await run(`${START}May 20 03:01:40 n2 quickCheck[3001]: ERROR:RKActionHandler:quickCheck:ip-web:000000:END failed quickCheck of "ip-web"
May 20 03:01:41 n2 recover[3002]: INFO:RKActionHandler:recover:ip-web:000000:BEGIN recover of "ip-web"
May 20 03:01:55 n2 recover[3002]: ERROR:RKActionHandler:recover:ip-web:000000:END failed recover of "ip-web"
May 20 03:01:56 n2 remove[3003]: INFO:RKActionHandler:remove:app-web:000102:BEGIN remove of "app-web"
`);
    expect(r.findings.map((f) => [f.severity, f.title.en])).toEqual([['warning', '"ip-web" failed over away from n2 at 2024-05-20 03:01:40: it failed its check and could not be recovered locally']]);
    expect(r.findings[0]?.evidence.map((e) => e.line)).toEqual([2, 4, 5]);
  });
  it('tells quorum loss and the action taken, whatever the words', async () => {
    for (const words of ['quorum check failed: quorum lost, performing QUORUM_LOSS_ACTION osu', 'lost quorum; taking resources out of service (osu)']) {
      const r = await run(`${START}May 20 03:01:40 n2 qwk[3100]: ERROR:quorum:check::000000:${words}
May 20 03:01:41 n2 remove[3003]: INFO:RKActionHandler:remove:app-web:000102:BEGIN remove of "app-web"
`);
      expect(r.findings.map((f) => [f.severity, f.title.en])).toEqual([['warning', 'n2 lost quorum at 2024-05-20 03:01:40 and gave up its resources']]);
    }
  });
  it('is silent on the restores of LifeKeeper starting, and on a resource recovered locally', async () => {
    const r = await run(`${START}May 19 22:55:10 n2 restore[2210]: INFO:RKActionHandler:restore:fs-data:000100:BEGIN restore of "fs-data"
May 20 03:01:40 n2 quickCheck[3001]: ERROR:RKActionHandler:quickCheck:ip-web:000000:END failed quickCheck of "ip-web"
May 20 03:01:55 n2 recover[3002]: INFO:RKActionHandler:recover:ip-web:000000:END successful recover of "ip-web"
`);
    expect(r.findings).toEqual([]);
  });
  it('does not take a quorum setting echoed at start for a loss', async () => {
    const r = await run(`${START}May 19 22:54:03 n2 lcdinit[1380]: INFO:lcd:::000000:QUORUM_LOSS_ACTION=fastboot QUORUM_MODE=majority\n`);
    expect(r.findings).toEqual([]);
  });
});
