import { describe, expect, it } from 'vitest';
import commPaths from '../../facts/comm-paths/index.js';
import { runAnalyzer } from '../../engine/plugin/testing.js';
import rule from './index.js';

const table = (...rows: string[]) => ({ inputs: { 'lcdstatus-q': `MACHINE NETWORK ADDRESSES/DEVICE STATE PRIO\n${rows.join('\n')}\n` } });

describe('comm-path-dead', () => {
  it('is a warning when some paths to a peer are dead', async () => {
    const run = await runAnalyzer(rule, table('lk2 TCP 10.0.0.1/10.0.0.2 DEAD 1', 'lk2 TCP 10.1.0.1/10.1.0.2 ALIVE 2'), [commPaths]);
    expect(run.findings.map((f) => f.severity)).toEqual(['warning']);
    expect(run.findings[0]?.evidence[0]?.text).toContain('DEAD');
  });
  it('is critical when every path to a peer is dead', async () => {
    const run = await runAnalyzer(rule, table('lk2 TCP 10.0.0.1/10.0.0.2 DEAD 1', 'lk2 TCP 10.1.0.1/10.1.0.2 DEAD 2'), [commPaths]);
    expect(run.findings.map((f) => f.severity)).toEqual(['critical']);
  });
  it('is silent when all paths are alive', async () => {
    expect((await runAnalyzer(rule, table('lk2 TCP 10.0.0.1/10.0.0.2 ALIVE 1'), [commPaths])).findings).toEqual([]);
  });
});
