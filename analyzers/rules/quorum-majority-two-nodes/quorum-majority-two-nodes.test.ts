import { describe, expect, it } from 'vitest';
import commPaths from '../../facts/comm-paths/index.js';
import { runAnalyzer } from '../../engine/plugin/testing.js';
import lifekeeperVersion from '../../facts/lifekeeper-version/index.js';
import settings from '../../facts/settings/index.js';
import rule from './index.js';

const providers = [commPaths, lifekeeperVersion, settings];
const node = (rpm: string, defaults: string, peers: string[]) => ({
  inputs: {
    'rpm-qa': rpm,
    'lifekeeper-defaults': defaults,
    'lcdstatus-q': `MACHINE NETWORK ADDRESSES/DEVICE STATE PRIO\n${peers.map((p, i) => `${p} TCP 10.0.${i}.1/10.0.${i}.2 ALIVE 1`).join('\n')}\n`,
  },
});
const QWK = 'steeleye-lk-9.6.2-7047.x86_64\nsteeleye-lkQWK-9.6.2-7047.noarch\n';

describe('quorum-majority-two-nodes', () => {
  it('warns on majority, set or by default with the QWK kit, with one peer', async () => {
    expect((await runAnalyzer(rule, node(QWK, 'QUORUM_MODE=majority\n', ['lk2']), providers)).findings).toHaveLength(1);
    expect((await runAnalyzer(rule, node(QWK, 'LCMHBEATTIME=5\n', ['lk2']), providers)).findings).toHaveLength(1);
  });
  it('is silent with three nodes, another mode, or no quorum kit', async () => {
    expect((await runAnalyzer(rule, node(QWK, 'QUORUM_MODE=majority\n', ['lk2', 'witness']), providers)).findings).toEqual([]);
    expect((await runAnalyzer(rule, node(QWK, 'QUORUM_MODE=storage\n', ['lk2']), providers)).findings).toEqual([]);
    expect((await runAnalyzer(rule, node('steeleye-lk-9.6.2-7047.x86_64\n', 'LCMHBEATTIME=5\n', ['lk2']), providers)).findings).toEqual([]);
  });
});
