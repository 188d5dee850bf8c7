import { describe, expect, it } from 'vitest';
import { runAnalyzer } from '../../engine/plugin/testing.js';
import type { CommPath } from './index.js';
import commPaths from './index.js';

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
