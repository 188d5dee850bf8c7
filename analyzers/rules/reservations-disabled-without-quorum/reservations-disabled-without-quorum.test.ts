import { describe, expect, it } from 'vitest';
import { runAnalyzer } from '../../engine/plugin/testing.js';
import lifekeeperVersion from '../../facts/lifekeeper-version/index.js';
import settings from '../../facts/settings/index.js';
import rule from './index.js';

const node = (rpm: string, defaults: string) => ({ inputs: { 'rpm-qa': rpm, 'lifekeeper-defaults': defaults } });
const LK = 'steeleye-lk-9.6.2-7047.x86_64\n';

describe('reservations-disabled-without-quorum', () => {
  it('warns when reservations are off and there is no quorum', async () => {
    expect((await runAnalyzer(rule, node(LK, 'RESERVATIONS=none\n'), [lifekeeperVersion, settings])).findings).toHaveLength(1);
    expect((await runAnalyzer(rule, node(`${LK}steeleye-lkQWK-9.6.2-7047.noarch\n`, 'RESERVATIONS=none\nQUORUM_MODE=none\n'), [lifekeeperVersion, settings])).findings).toHaveLength(1);
  });
  it('is silent with reservations on, or with quorum configured', async () => {
    expect((await runAnalyzer(rule, node(LK, 'SCSIHALT=TRUE\n'), [lifekeeperVersion, settings])).findings).toEqual([]);
    expect((await runAnalyzer(rule, node(`${LK}steeleye-lkQWK-9.6.2-7047.noarch\n`, 'RESERVATIONS=none\nQUORUM_MODE=majority\n'), [lifekeeperVersion, settings])).findings).toEqual([]);
  });
});
