import { describe, expect, it } from 'vitest';
import { runAnalyzer } from '../../engine/plugin/testing.js';
import settings from '../../facts/settings/index.js';
import rule from './index.js';

const d = (text: string) => ({ inputs: { 'lifekeeper-defaults': text } });

describe('confirmso-blocks-failover', () => {
  it('warns when confirmation is required and never times out', async () => {
    const run = await runAnalyzer(rule, d('CONFIRMSODEF=1\nCONFIRMSOTO=0\n'), [settings]);
    expect(run.findings.map((f) => f.evidence.length)).toEqual([2]);
  });
  it('is silent with a timeout or without confirmation', async () => {
    expect((await runAnalyzer(rule, d('CONFIRMSODEF=1\nCONFIRMSOTO=600\n'), [settings])).findings).toEqual([]);
    expect((await runAnalyzer(rule, d('CONFIRMSODEF=0\nCONFIRMSOTO=0\n'), [settings])).findings).toEqual([]);
  });
});
