import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runAnalyzer } from '../../engine/plugin/testing.js';
import kernel from './index.js';
import { parseUname } from './parse.js';

describe('kernel', () => {
  it('reads the release from uname -a', async () => {
    const run = await runAnalyzer(kernel, { inputs: { uname: 'Linux lk-node1 4.18.0-305.el8.x86_64 #1 SMP Thu Apr 29 08:54:30 EDT 2021 x86_64 x86_64 x86_64 GNU/Linux\n' } });
    expect(run.fact).toMatchObject({ release: '4.18.0-305.el8.x86_64', machine: 'x86_64', evidence: { path: 'cmd/uname_-a.out', line: 1 } });
  });

  it('reads uname -r output exactly as printed (SUSE -default, UEK)', () => {
    expect(parseUname(['5.3.18-57-default'])?.release).toBe('5.3.18-57-default');
    expect(parseUname(['', '5.4.17-2136.307.3.1.el8uek.x86_64'])).toMatchObject({ release: '5.4.17-2136.307.3.1.el8uek.x86_64', machine: 'x86_64', lineIndex: 1 });
  });

  it('is not checked when there is no uname output, or it is unreadable', async () => {
    expect((await runAnalyzer(kernel, {})).status.status).toBe('not-checked');
    expect((await runAnalyzer(kernel, { inputs: { uname: 'command not found\n' } })).status.reason?.en).toMatch(/no readable uname/);
  });

  it('never throws on any input', () => {
    fc.assert(fc.property(fc.array(fc.string()), (lines) => void parseUname(lines)));
  });
});
