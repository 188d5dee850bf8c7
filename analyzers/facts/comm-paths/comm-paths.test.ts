import { describe, expect, it } from 'vitest';
import { runAnalyzer } from '../../engine/plugin/testing.js';
import type { CommPath } from './index.js';
import commPaths, { pathsByPeer } from './index.js';

describe('comm-paths', () => {
  it('merges the long and short forms, the long form winning and giving #comm_downs', async () => {
    const run = await runAnalyzer(commPaths, {
      inputs: {
        lcdstatus: 'to machine=lk2 type=TCP addresses=10.0.0.1/10.0.0.2 state="DEAD" priority=1 #comm_downs=3\n',
        'lcdstatus-q': 'MACHINE NETWORK ADDRESSES/DEVICE STATE PRIO\nlk2 TCP 10.0.0.1/10.0.0.2 ALIVE 1\nlk2 TCP 10.1.0.1/10.1.0.2 ALIVE 2\n',
      },
    });
    const paths = run.fact as CommPath[];
    expect(paths.map((p) => [p.peer, p.localAddress, p.remoteAddress, p.state, p.priority, p.commDowns, p.evidence.length])).toEqual([
      ['lk2', '10.0.0.1', '10.0.0.2', 'DEAD', 1, 3, 2],
      ['lk2', '10.1.0.1', '10.1.0.2', 'ALIVE', 2, null, 1],
    ]);
  });

  it('gives an empty list when lcdstatus shows no paths, and is not checked without lcdstatus', async () => {
    expect((await runAnalyzer(commPaths, { inputs: { 'lcdstatus-q': 'LOCAL TAG ID STATE PRIO PRIMARY\n' } })).fact).toEqual([]);
    expect((await runAnalyzer(commPaths, {})).status.status).toBe('not-checked');
  });
});

describe('comm-paths on 50,000 paths to one peer', () => {
  const rows = (n: number): string => {
    const out = ['MACHINE NETWORK ADDRESSES/DEVICE STATE PRIO'];
    for (let i = 0; i < n; i++) out.push(`lk2 TCP 10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}/172.16.0.1 ALIVE ${i + 1}`);
    return `${out.join('\n')}\n`;
  };

  it('keeps the first 1,000 paths in seconds and counts the rest in a note', async () => {
    const started = Date.now();
    const run = await runAnalyzer(commPaths, { inputs: { 'lcdstatus-q': rows(50_000) } });
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(run.fact as CommPath[]).toHaveLength(1000);
    expect(run.status.reason?.en).toBe('the status output lists more than 1000 communication paths: kept the first 1000, counted 49000 more');
  }, 30_000);

  it('groups 50,000 paths by peer in linear time', () => {
    const path = (i: number): CommPath => ({ peer: 'lk2', type: 'TCP', localAddress: `10.0.${i >> 8}.${i & 255}`, remoteAddress: '172.16.0.1', device: null, state: 'ALIVE', priority: i, commDowns: null, evidence: [] });
    const paths = Array.from({ length: 50_000 }, (_, i) => path(i));
    const started = Date.now();
    const grouped = pathsByPeer(paths);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(grouped.get('lk2')).toHaveLength(50_000);
  });
});
