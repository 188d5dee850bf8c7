import { describe, expect, it } from 'vitest';
import { BadRequest, isChannel, validateArgs } from './validate.js';

describe('IPC argument validation', () => {
  it('accepts the contract', () => {
    expect(validateArgs('archive:analyze', { ids: ['0a1b2c3d4e5f6071'] })).toEqual({ ids: ['0a1b2c3d4e5f6071'] });
    expect(validateArgs('report:export', { format: 'pdf', lang: 'ja' })).toEqual({ format: 'pdf', lang: 'ja', redact: false });
    expect(validateArgs('report:export', { format: 'html', lang: 'en', redact: true })).toEqual({ format: 'html', lang: 'en', redact: true });
    expect(validateArgs('archive:list', {})).toEqual({});
    expect(validateArgs('report:export', { format: 'pdf', lang: 'en', timeline: 'all', caseId: ' SR-4711 ' })).toEqual({ format: 'pdf', lang: 'en', redact: false, timeline: 'all', caseId: 'SR-4711' });
    // An empty case field is no case number.
    expect(validateArgs('report:export', { format: 'pdf', lang: 'en', caseId: '' })).toEqual({ format: 'pdf', lang: 'en', redact: false });
  });
  it('takes a source of the time-ordered view inside a container by its node archive, and nothing else there', () => {
    const q = { from: '2024-05-20T10:00:00', to: '2024-05-20T10:10:00', problemsOnly: false, component: null };
    expect(validateArgs('logs:merged', { ...q, sources: [{ archive: 'ab12', node: 'lk-node1', offsetMs: 0, inner: 'ticket/node1.tar.gz' }, { archive: 'ab12', node: 'n2', offsetMs: -1500 }] })).toEqual({ ...q, sources: [{ archive: 'ab12', node: 'lk-node1', offsetMs: 0, inner: 'ticket/node1.tar.gz' }, { archive: 'ab12', node: 'n2', offsetMs: -1500 }] });
    for (const inner of ['', 42, 'x'.repeat(1025), ['node1.tar.gz']]) {
      expect(() => validateArgs('logs:merged', { ...q, sources: [{ archive: 'ab12', node: 'n1', offsetMs: 0, inner }] }), JSON.stringify(inner)).toThrow(BadRequest);
    }
    expect(() => validateArgs('logs:merged', { ...q, sources: [{ archive: 'ab12', node: 'n1', offsetMs: 0, path: '/etc' }] })).toThrow(BadRequest);
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
      ['report:export', { format: 'pdf', lang: 'en', timeline: 'info' }],
      ['report:export', { format: 'pdf', lang: 'en', caseId: 4711 }],
      ['report:export', { format: 'pdf', lang: 'en', caseId: '<script>' }],
      ['report:export', { format: 'pdf', lang: 'en', caseId: 'x'.repeat(65) }],
    ];
    for (const [channel, args] of bad) expect(() => validateArgs(channel, args), JSON.stringify(args)).toThrow(BadRequest);
  });
  it('opens only https links with a host: no other scheme, no user or password, nothing else in the arguments', () => {
    expect(validateArgs('link:open', { url: 'https://docs.us.sios.com/spslinux/9.5.1/en/topic/upgrading-sps' })).toEqual({ url: 'https://docs.us.sios.com/spslinux/9.5.1/en/topic/upgrading-sps' });
    expect(validateArgs('link:open', { url: 'https://lkdkuserportal.sios.jp/hc/ja/articles/900003059626' })).toEqual({ url: 'https://lkdkuserportal.sios.jp/hc/ja/articles/900003059626' });
    for (const args of [
      { url: 'http://docs.us.sios.com/x' }, { url: 'file:///etc/passwd' }, { url: 'javascript:alert(1)' }, { url: 'JAVASCRIPT:alert(1)' },
      { url: 'data:text/html,x' }, { url: 'app://renderer/index.html' }, { url: 'smb://host/share' }, { url: '/relative' }, { url: 'https://' },
      { url: 'https://user:pw@example.com/' }, { url: 42 }, { url: ['https://x.example/'] }, {}, { url: 'https://x.example/', extra: 1 }, 'https://x.example/',
    ]) {
      expect(() => validateArgs('link:open', args), JSON.stringify(args)).toThrow(BadRequest);
    }
  });
  it('knows its channels', () => {
    expect(isChannel('archive:analyze')).toBe(true);
    expect(isChannel('fs:read')).toBe(false);
  });
});
