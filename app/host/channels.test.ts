import { describe, expect, it } from 'vitest';
import type { HostCapabilities } from './channels.js';
import { channelTable, dispatch } from './channels.js';
import type { ExportedReport } from './export.js';
import type { AnalysisProgress, ExportResult, Result } from './ipc-contract.js';
import { CHANNELS } from './ipc-contract.js';
import { Session } from './session.js';

const SAMPLE = 'samples/healthy-shared-disk-node1.tar.gz';

/** A host that records what the table asks of it. */
function fakeHost(over: Partial<HostCapabilities> = {}) {
  const delivered: ExportedReport[] = [];
  const progress: AnalysisProgress[] = [];
  const printed: string[] = [];
  const host: HostCapabilities = {
    openArchives: { available: false, why: { en: 'no files here', ja: 'ここではファイルを開けません' } },
    async deliverExport(file): Promise<Result<ExportResult>> {
      delivered.push(file);
      return { ok: true, value: { path: null, downloadId: 'd1', fileName: file.fileName, bytes: file.content?.length ?? -1 } };
    },
    pushProgress: (p) => progress.push(p),
    printPdf: async (html) => {
      printed.push(html);
      return Buffer.from('%PDF-host');
    },
    ...over,
  };
  return { host, delivered, progress, printed };
}

describe('the channel table both hosts share', () => {
  it('has a handler for exactly the channels of the contract', () => {
    const table = channelTable(new Session({ version: 'test' }), fakeHost().host);
    expect(Object.keys(table).sort()).toEqual([...CHANNELS].sort());
  });

  it('answers archive:open with not-available and the host\'s reason where the host cannot open files', async () => {
    const table = channelTable(new Session({ version: 'test' }), fakeHost().host);
    expect(await dispatch(table, 'archive:open', {})).toEqual({ ok: false, error: { code: 'not-available', message: { en: 'no files here', ja: 'ここではファイルを開けません' } } });
  });

  it('lists what the host\'s open dialog added', async () => {
    const session = new Session({ version: 'test' });
    const table = channelTable(session, fakeHost({ openArchives: { available: true, open: () => session.add([SAMPLE]) } }).host);
    const opened = await dispatch(table, 'archive:open', {});
    expect(opened.ok && opened.value.map((a) => a.name)).toEqual(['healthy-shared-disk-node1.tar.gz']);
    const listed = await dispatch(table, 'archive:list', {});
    expect(listed.ok && listed.value.map((a) => a.id)).toEqual(opened.ok && opened.value.map((a) => a.id));
  });

  it('validates before any handler runs: paths, extra fields and wrong types are a bad request, not a throw', async () => {
    const table = channelTable(new Session({ version: 'test' }), fakeHost().host);
    for (const [channel, args] of [['archive:analyze', { ids: ['/etc/passwd'] }], ['archive:list', { path: '/tmp' }], ['report:export', { format: 'exe', lang: 'en' }], ['analysis:cancel', 'x']] as const) {
      expect(await dispatch(table, channel, args), channel).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    }
  });

  it('refuses an archive id the host never opened', async () => {
    const table = channelTable(new Session({ version: 'test' }), fakeHost().host);
    expect(await dispatch(table, 'archive:analyze', { ids: ['0123456789abcdef'] })).toMatchObject({ ok: false, error: { code: 'unknown-archive' } });
  });

  it('has nothing to export or cancel before an analysis, and never asks the host to deliver', async () => {
    const fake = fakeHost();
    const table = channelTable(new Session({ version: 'test' }), fake.host);
    expect(await dispatch(table, 'report:export', { format: 'json', lang: 'en' })).toMatchObject({ ok: false, error: { code: 'not-available' } });
    expect(await dispatch(table, 'analysis:cancel', {})).toEqual({ ok: true, value: false });
    expect(fake.delivered).toEqual([]);
  });

  it('analyzes with progress pushed to the host, then exports through the pipeline with the host\'s printer and delivery', async () => {
    const session = new Session({ version: 'test', progressIntervalMs: 0 });
    const fake = fakeHost();
    const table = channelTable(session, fake.host);
    const [ref] = await session.add([SAMPLE]);
    const analyzed = await dispatch(table, 'archive:analyze', { ids: [ref?.id ?? ''] });
    expect(analyzed.ok && analyzed.value.nodes.map((n) => n.hostname)).toEqual(['lk-node1']);
    expect(fake.progress.at(-1)).toMatchObject({ archive: 'healthy-shared-disk-node1.tar.gz', done: 1, of: 1 });
    const exported = await dispatch(table, 'report:export', { format: 'pdf', lang: 'en', redact: true });
    expect(exported).toMatchObject({ ok: true, value: { downloadId: 'd1', fileName: expect.stringMatching(/^lkanalyze-node-1-\d{4}-\d{2}-\d{2}\.en\.pdf$/), bytes: 9 } });
    expect(fake.delivered[0]?.redactionMap?.entries).toContainEqual(expect.objectContaining({ original: 'lk-node1', pseudonym: 'node-1' }));
    expect(fake.printed).toHaveLength(1);
    expect(fake.printed[0]).not.toContain('lk-node1');
  });

  it('opens a link through the host only when it is https, and says where the host cannot', async () => {
    const opened: string[] = [];
    const table = channelTable(new Session({ version: 'test' }), fakeHost({ openExternal: async (url) => void opened.push(url) }).host);
    expect(await dispatch(table, 'link:open', { url: 'https://docs.us.sios.com/spslinux/9.7.0/en/topic/tuning-the-lifekeeper-heartbeat' })).toEqual({ ok: true, value: true });
    for (const url of ['http://docs.us.sios.com/', 'file:///etc/passwd', 'javascript:alert(1)']) {
      expect(await dispatch(table, 'link:open', { url }), url).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    }
    expect(opened).toEqual(['https://docs.us.sios.com/spslinux/9.7.0/en/topic/tuning-the-lifekeeper-heartbeat']);
    // The browser host (serve) has no openExternal: its page opens links in a new tab.
    const browser = channelTable(new Session({ version: 'test' }), fakeHost().host);
    expect(await dispatch(browser, 'link:open', { url: 'https://docs.us.sios.com/' })).toMatchObject({ ok: false, error: { code: 'not-available' } });
    const broken = channelTable(new Session({ version: 'test' }), fakeHost({ openExternal: () => Promise.reject(new Error('no browser')) }).host);
    expect(await dispatch(broken, 'link:open', { url: 'https://docs.us.sios.com/' })).toMatchObject({ ok: false, error: { code: 'failed', message: { en: 'the link could not be opened: no browser' } } });
  });

  it('turns a failing printer or delivery into the failed envelope', async () => {
    const session = new Session({ version: 'test' });
    const [ref] = await session.add([SAMPLE]);
    const broken = channelTable(session, fakeHost({
      printPdf: () => Promise.reject(new Error('no printer')),
      deliverExport: () => Promise.reject(new Error('disk full')),
    }).host);
    await dispatch(broken, 'archive:analyze', { ids: [ref?.id ?? ''] });
    expect(await dispatch(broken, 'report:export', { format: 'pdf', lang: 'en' })).toEqual({ ok: false, error: { code: 'failed', message: { en: 'the export failed: no printer', ja: 'エクスポートに失敗しました: no printer' } } });
    expect(await dispatch(broken, 'report:export', { format: 'json', lang: 'en' })).toEqual({ ok: false, error: { code: 'failed', message: { en: 'disk full', ja: 'disk full' } } });
  });
});
