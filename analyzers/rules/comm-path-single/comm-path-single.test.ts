import { describe, expect, it } from 'vitest';
import commPaths from '../../facts/comm-paths/index.js';
import { runAnalyzer } from '../../engine/plugin/testing.js';
import rule from './index.js';

const table = (...rows: string[]) => ({ inputs: { 'lcdstatus-q': `MACHINE NETWORK ADDRESSES/DEVICE STATE PRIO\n${rows.join('\n')}\n` } });

describe('comm-path-single', () => {
  it('warns when a peer has one path only', async () => {
    const run = await runAnalyzer(rule, table('lk2 TCP 10.0.0.1/10.0.0.2 ALIVE 1'), [commPaths]);
    expect(run.findings.map((f) => [f.severity, f.title.en])).toEqual([['warning', 'Only one communication path to lk2']]);
  });
  it('is silent with two paths per peer', async () => {
    expect((await runAnalyzer(rule, table('lk2 TCP 10.0.0.1/10.0.0.2 ALIVE 1', 'lk2 TTY /dev/ttyS0 ALIVE --'), [commPaths])).findings).toEqual([]);
  });
});
