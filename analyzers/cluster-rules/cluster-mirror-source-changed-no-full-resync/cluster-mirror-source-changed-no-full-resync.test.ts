import { describe, expect, it } from 'vitest';
import type { Fixture } from '../../engine/plugin/testing.js';
import { clusterNode, runCase } from '../../engine/plugin/testing.js';

const ID = 'cluster-mirror-source-changed-no-full-resync';
const RHEL82 = 'NAME="Red Hat Enterprise Linux"\nID="rhel"\nVERSION_ID="8.2"\n';
const RHEL86 = 'NAME="Red Hat Enterprise Linux"\nID="rhel"\nVERSION_ID="8.6"\n';
const dr = (host: string, time: string, action: string, body: string): string =>
  `2021-04-08T${time}.000000+09:00 ${host} ${action}[2000]: INFO:dr:${action === 'mirror_action' ? 'fullresync' : action}:datarep-data:${body}`;
const merged = (host: string, time: string, action: string, size: string): string => dr(host, time, action, `104009:/dev/md0: bitmap merged, resyncing ${size}`);

function dkNode(host: string, peer: string, log: string[], o: { version?: string; os?: string } = {}): Fixture {
  const base = clusterNode({ host, peer, version: o.version ?? '9.5.1', state: 'ISP', log: `${log.join('\n')}\n` });
  return { ...base, inputs: { ...base.inputs, 'os-release': o.os ?? RHEL82, uname: '4.18.0-193.28.1.el8_2.x86_64\n' } };
}

/** dk1 was the source until 10:00; dk2 restored the mirror at 10:05 with a bitmap merge of 1.4 GB. */
const switched = (dk2Extra: string[] = [], o: { version?: string; os?: string } = {}): Fixture[] => [
  dkNode('dk1', 'dk2', [merged('dk1', '09:00:00', 'mirror_action', '0.0 B'), merged('dk1', '10:00:00', 'recover', '2.2 MB')], o),
  dkNode('dk2', 'dk1', [merged('dk2', '10:05:00', 'restore', '1.4 GB'), ...dk2Extra], o),
];

describe(ID, () => {
  it('fires when the source moved and only partial resyncs with data followed, naming both nodes in the evidence', async () => {
    const r = await runCase(switched([merged('dk2', '11:00:00', 'mirror_action', '20.0 MB')]));
    const f = r.findings.filter((x) => x.id === ID);
    expect(f.map((x) => [x.severity, x.node, x.title.en])).toEqual([
      ['critical', 'dk1+dk2', '"datarep-data" moved from dk1 to dk2; 2 partial resyncs with data since, no full resync'],
    ]);
    expect(f[0]?.evidence.map((e) => [e.node, e.text.replace(/^.*resyncing /, '')])).toEqual([
      ['dk1', '2.2 MB'], ['dk2', '1.4 GB'], ['dk2', '20.0 MB'], ['dk2', '4.18.0-193.28.1.el8_2.x86_64'], ['dk2', 'steeleye-lk-9.5.1-7047.x86_64'],
    ]);
    expect(f[0]?.remediation.en).toContain('Do not fail back to dk1 yet');
    expect(f[0]?.summary.ja).toContain('dk1 はミラーのターゲット');
  });

  it('is silent when a full resync followed the switch', async () => {
    const r = await runCase(switched([dr('dk2', '10:30:00', 'mirror_action', '104050:/dev/md0: full resync started')]));
    expect(r.findings.filter((x) => x.id === ID)).toEqual([]);
  });

  it('is silent when the resync after the switch copied nothing (0.0 B)', async () => {
    const r = await runCase([
      dkNode('dk1', 'dk2', [merged('dk1', '10:00:00', 'recover', '2.2 MB')]),
      dkNode('dk2', 'dk1', [merged('dk2', '10:05:00', 'restore', '0.0 B')]),
    ]);
    expect(r.findings.filter((x) => x.id === ID)).toEqual([]);
  });

  it('is silent when the source never changed, and outside the advisory (9.5.2, or RHEL 8.6)', async () => {
    const same = await runCase([
      dkNode('dk1', 'dk2', [merged('dk1', '09:00:00', 'restore', '1.0 GB'), merged('dk1', '10:00:00', 'recover', '2.2 MB')]),
      dkNode('dk2', 'dk1', []),
    ]);
    expect(same.findings.filter((x) => x.id === ID)).toEqual([]);
    for (const o of [{ version: '9.5.2' }, { os: RHEL86 }]) {
      const r = await runCase(switched([], o));
      expect(r.findings.filter((x) => x.id === ID), JSON.stringify(o)).toEqual([]);
    }
  });

  it('orders the two logs with the estimated clock skew before deciding which node acted last', async () => {
    // dk2's clock runs 8 min behind: its restore, logged at 09:56, came after dk1's recover at 10:00.
    // Read without the correction, dk1 would look like the newest source.
    const failure = (host: string, peer: string, time: string): string => `2021-04-08T${time}.000000+09:00 ${host} lcm[1]: ERROR:lcd.mes:::004217:Communication failure: destination system "${peer}" is out of service.`;
    const r = await runCase([
      dkNode('dk1', 'dk2', [failure('dk1', 'dk2', '10:03:00'), merged('dk1', '10:00:00', 'recover', '2.2 MB')]),
      dkNode('dk2', 'dk1', [failure('dk2', 'dk1', '09:55:00'), merged('dk2', '09:56:00', 'restore', '1.4 GB')]),
    ]);
    expect(r.clusters[0]?.skew.find((s) => s.node !== r.clusters[0]?.nodes[0])?.offsetMs).toBe(-8 * 60_000);
    expect(r.findings.filter((x) => x.id === ID).map((x) => x.title.en)).toEqual(['"datarep-data" moved from dk1 to dk2; 1 partial resync with data since, no full resync']);
  });
});
