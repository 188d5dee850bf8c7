import { describe, expect, it } from 'vitest';
import { BadRequest, isChannel, validateArgs } from './validate.js';

describe('IPC argument validation', () => {
  it('accepts the contract', () => {
    expect(validateArgs('archive:analyze', { ids: ['0a1b2c3d4e5f6071'] })).toEqual({ ids: ['0a1b2c3d4e5f6071'] });
    expect(validateArgs('report:export', { format: 'pdf', lang: 'ja' })).toEqual({ format: 'pdf', lang: 'ja', redact: false });
    expect(validateArgs('report:export', { format: 'html', lang: 'en', redact: true })).toEqual({ format: 'html', lang: 'en', redact: true });
    expect(validateArgs('archive:list', {})).toEqual({});
  });
  it('refuses paths the renderer invented, extra fields and wrong types', () => {
    const bad: Array<[Parameters<typeof validateArgs>[0], unknown]> = [
      ['archive:analyze', { ids: ['/etc/shadow'] }],
      ['archive:analyze', { ids: ['../../x.tar.gz'] }],
      ['archive:analyze', { ids: [] }],
      ['archive:analyze', { ids: 'abc' }],
      ['archive:analyze', { ids: ['abc'], path: '/tmp/x' }],
      ['archive:list', { path: '/tmp' }],
      ['report:export', { format: 'exe', lang: 'en' }],
      ['report:export', { format: 'html', lang: 'fr' }],
      ['report:export', { format: 'html', lang: 'en', redact: 'yes' }],
      ['report:export', []],
      ['report:export', 'html'],
    ];
    for (const [channel, args] of bad) expect(() => validateArgs(channel, args), JSON.stringify(args)).toThrow(BadRequest);
  });
  it('knows its channels', () => {
    expect(isChannel('archive:analyze')).toBe(true);
    expect(isChannel('fs:read')).toBe(false);
  });
});
