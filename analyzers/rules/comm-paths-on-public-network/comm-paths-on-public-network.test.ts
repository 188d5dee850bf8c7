import { describe, expect, it } from 'vitest';
import { runAnalyzer } from '../../engine/plugin/testing.js';
import commPaths from '../../facts/comm-paths/index.js';
import resourceHierarchy from '../../facts/resource-hierarchy/index.js';
import rule, { ipv4Net24 } from './index.js';

const q = (paths: string) => ({
  inputs: { 'lcdstatus-q': `LOCAL TAG ID STATE PRIO PRIMARY\nlk1 ip-web IP-192.168.10.50 ISP 1 lk1\n\nMACHINE NETWORK ADDRESSES/DEVICE STATE PRIO\n${paths}` },
});

describe('comm-paths-on-public-network', () => {
  it('reads a /24 from an IP resource id or an address', () => {
    expect([ipv4Net24('IP-192.168.10.50'), ipv4Net24('10.0.0.1'), ipv4Net24('/data'), ipv4Net24('300.1.1.1')]).toEqual(['192.168.10', '10.0.0', null, null]);
  });
  it('warns when every path to the peer shares the network of a protected IP, and says the /24 is inferred', async () => {
    const run = await runAnalyzer(rule, q('lk2 TCP 192.168.10.11/192.168.10.12 ALIVE 1\nlk2 TCP 192.168.10.21/192.168.10.22 ALIVE 2\n'), [commPaths, resourceHierarchy]);
    expect(run.findings.map((f) => [f.severity, f.title.en])).toEqual([['warning', 'All communication paths to lk2 run on the public network']]);
    expect(run.findings[0]?.summary.en).toContain('our inference');
  });
  it('is silent when one path runs on another network or is a TTY path', async () => {
    expect((await runAnalyzer(rule, q('lk2 TCP 192.168.10.11/192.168.10.12 ALIVE 1\nlk2 TCP 10.0.0.11/10.0.0.12 ALIVE 2\n'), [commPaths, resourceHierarchy])).findings).toEqual([]);
    expect((await runAnalyzer(rule, q('lk2 TCP 192.168.10.11/192.168.10.12 ALIVE 1\nlk2 TTY /dev/ttyS0 ALIVE --\n'), [commPaths, resourceHierarchy])).findings).toEqual([]);
  });
});
