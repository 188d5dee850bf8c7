import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Served } from './serve.js';
import { serve } from './serve.js';

let s: Served;
beforeAll(async () => {
  s = await serve({ archives: ['samples/healthy-shared-disk-node1.tar.gz'], version: 'test' });
});
afterAll(async () => {
  await s.close();
});

const base = (): string => s.url.replace(/\/\?token=.*$/, '');
const api = (channel: string, body: unknown, token: string | null = s.token) =>
  fetch(`${base()}/api/${channel}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { 'x-lkanalyze-token': token } : {}) }, body: JSON.stringify(body) });

describe('lkanalyze serve', () => {
  it('listens on loopback only, behind a long random token', () => {
    const addr = s.server.address();
    expect(typeof addr === 'object' && addr?.address).toBe('127.0.0.1');
    expect(s.token).toMatch(/^[0-9a-f]{48}$/);
  });

  it('refuses the page, the API, the event stream and downloads without the token', async () => {
    expect((await fetch(`${base()}/`)).status).toBe(403);
    expect((await fetch(`${base()}/?token=wrong`)).status).toBe(403);
    expect((await api('archive:list', {}, null)).status).toBe(403);
    expect((await api('archive:list', {}, 'x'.repeat(48))).status).toBe(403);
    expect((await fetch(`${base()}/api/events`)).status).toBe(403);
    expect((await fetch(`${base()}/api/download/abc`)).status).toBe(404);
    // The token in a URL is not enough for API calls: another page could forge those.
    expect((await fetch(`${base()}/api/archive:list?token=${s.token}`, { method: 'POST', body: '{}' })).status).toBe(403);
  });

  it('serves the page with its CSP, and the API with the token', async () => {
    const page = await fetch(s.url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    const list = (await (await api('archive:list', {})).json()) as { ok: boolean; value: Array<{ id: string; name: string }> };
    expect(list.value.map((a) => a.name)).toEqual(['healthy-shared-disk-node1.tar.gz']);
  });

  it('analyzes an archive it was given, by id, and never a path the renderer invents', async () => {
    const list = (await (await api('archive:list', {})).json()) as { value: Array<{ id: string }> };
    const ok = (await (await api('archive:analyze', { ids: [list.value[0]?.id] })).json()) as { ok: boolean; value: { nodes: Array<{ hostname: string; archive: string }> } };
    expect(ok.ok).toBe(true);
    expect(ok.value.nodes[0]).toMatchObject({ hostname: 'lk-node1', archive: 'healthy-shared-disk-node1.tar.gz' });
    const invented = await api('archive:analyze', { ids: ['/etc/passwd'] });
    expect(invented.status).toBe(400);
    const unknown = (await (await api('archive:analyze', { ids: ['0123456789abcdef'] })).json()) as { ok: boolean; error: { code: string } };
    expect(unknown).toMatchObject({ ok: false, error: { code: 'unknown-archive' } });
    const extra = await api('archive:analyze', { ids: [list.value[0]?.id], path: 'samples/advisory-oci-iscsi.tar.gz' });
    expect(extra.status).toBe(400);
  });

  it('exports the last report as a download', async () => {
    const r = (await (await api('report:export', { format: 'html', lang: 'en' })).json()) as { ok: boolean; value: { downloadId: string; fileName: string } };
    expect(r.ok).toBe(true);
    const file = await fetch(`${base()}/api/download/${r.value.downloadId}?token=${s.token}`);
    expect(file.headers.get('content-disposition')).toContain(r.value.fileName);
    expect(await file.text()).toMatch(/^<!doctype html>/);
  });

  it('refuses files outside the renderer build, unknown channels and oversized bodies', async () => {
    expect((await fetch(`${base()}/..%2f..%2fpackage.json?token=${s.token}`)).status).toBe(404);
    expect((await fetch(`${base()}/%2e%2e/%2e%2e/package.json`)).status).toBe(404);
    expect((await api('fs:read', {})).status).toBe(404);
    expect((await api('archive:list', { pad: 'x'.repeat(100_000) })).status).toBe(400);
  });
});
