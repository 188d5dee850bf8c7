// The app's own origin, app://renderer/, checked without Electron: which URLs are inside it, which file each names, which requests pass.
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_INDEX, APP_ORIGIN, APP_SCHEME_PRIVILEGES, appHeaders, appUrlToFile, contentType, isAllowedRequest, isAppUrl, readAppFile } from './app-protocol.js';
import { CSP } from './window.js';

const DIR = '/opt/lk/resources/app.asar/dist/renderer/';

describe('the app origin', () => {
  it('is app://renderer, and index.html is its page', () => {
    expect(APP_ORIGIN).toBe('app://renderer');
    expect(APP_INDEX).toBe('app://renderer/index.html');
  });

  it('is a standard, secure scheme and nothing more: no CORS, no CSP bypass, no service workers', () => {
    expect(APP_SCHEME_PRIVILEGES).toEqual({ standard: true, secure: true, supportFetchAPI: true });
  });

  it('takes in the app\'s own URLs only', () => {
    for (const url of ['app://renderer/index.html', 'app://renderer/', 'app://renderer/assets/index-1VHHkAoU.js', 'app://renderer/index.html#finding-3', 'app://renderer/index.html?x=1']) expect(isAppUrl(url), url).toBe(true);
  });

  it('leaves out file:, other hosts, ports, users, look-alikes and what is not a URL', () => {
    for (const url of [
      'file:///opt/lk/resources/app.asar/dist/renderer/index.html', 'file:///etc/passwd', 'https://example.com/', 'http://renderer/',
      'app://evil/index.html', 'app://renderer.evil/index.html', 'app://renderer:8080/index.html', 'app://user@renderer/index.html',
      'app:renderer/index.html', 'app:///renderer/index.html', 'apps://renderer/', 'data:text/html,<b>x</b>', 'not a url', '',
    ]) expect(isAppUrl(url), url).toBe(false);
  });
});

describe('app:// URLs to files under the renderer build', () => {
  it('maps a file of the build, and the origin itself to index.html', () => {
    expect(appUrlToFile('app://renderer/index.html', DIR)).toBe(`${DIR}index.html`);
    expect(appUrlToFile('app://renderer/', DIR)).toBe(`${DIR}index.html`);
    expect(appUrlToFile('app://renderer', DIR)).toBe(`${DIR}index.html`);
    expect(appUrlToFile('app://renderer/assets/index-1VHHkAoU.js?v=2#x', DIR)).toBe(`${DIR}assets/index-1VHHkAoU.js`);
    // Decoded once: an escaped letter is that letter.
    expect(appUrlToFile('app://renderer/%69ndex.html', DIR)).toBe(`${DIR}index.html`);
  });

  it.each([
    'app://renderer/../package.json',
    'app://renderer/assets/../../../../etc/passwd',
    'app://renderer/%2e%2e/package.json',
    'app://renderer/%2E%2E/%2E%2E/etc/passwd',
    'app://renderer/.%2e/package.json',
    'app://renderer/assets/%2e%2e%2f%2e%2e%2fpackage.json',
    'app://renderer/./index.html',
    'app://renderer/%2e/index.html',
    'app://renderer//etc/passwd',
    'app://renderer/%2fetc%2fpasswd',
    'app://renderer/%2Fetc/passwd',
    // An encoded slash is refused even where it would name a file of the build: one spelling per file.
    'app://renderer/assets%2Fa.js',
    'app://renderer/assets%5Ca.js',
    'app://renderer/..\\..\\package.json',
    'app://renderer/%5c..%5cpackage.json',
    'app://renderer/assets\\..\\..\\package.json',
    'app://renderer/C:/Windows/win.ini',
    'app://renderer/C%3A%5CWindows%5Cwin.ini',
    'app://renderer/%252e%252e/package.json',
    'app://renderer/index.html%00.js',
    'app://renderer/%E0%A4%A',
    'app://renderer/assets/',
    'app://rend\terer/../package.json',
    'app://evil/index.html',
    'file:///etc/passwd',
  ])('refuses %s', (url) => {
    expect(appUrlToFile(url, DIR)).toBeNull();
  });

  it('gives each file its content type, and opaque bytes for anything unknown', () => {
    expect(contentType('/x/index.html')).toBe('text/html; charset=utf-8');
    expect(contentType('/x/assets/a.JS')).toBe('text/javascript; charset=utf-8');
    expect(contentType('/x/assets/a.css')).toBe('text/css; charset=utf-8');
    expect(contentType('/x/assets/a.exe')).toBe('application/octet-stream');
    expect(contentType('/x/README')).toBe('application/octet-stream');
  });

  it('puts the window\'s CSP and nosniff on every response', () => {
    expect(appHeaders('text/plain', CSP)).toEqual({ 'content-type': 'text/plain', 'content-security-policy': CSP, 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' });
  });
});

describe('reading an app:// request from a real folder', () => {
  let root: string;
  let dir: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'lkanalyze-app-protocol-'));
    dir = join(root, 'renderer');
    await mkdir(join(dir, 'assets'), { recursive: true });
    await writeFile(join(dir, 'index.html'), '<!doctype html><div id="app"></div>');
    await writeFile(join(dir, 'assets', 'a.js'), 'export {};');
    await writeFile(join(root, 'secret.txt'), 'outside');
    await mkdir(join(root, 'elsewhere'));
    // Links inside the build that lead out of it: never followed out.
    await symlink(join(root, 'secret.txt'), join(dir, 'assets', 'link-out.js'));
    await symlink(join(root, 'elsewhere'), join(dir, 'assets', 'dir-out'));
    await symlink(join(dir, 'index.html'), join(dir, 'assets', 'link-in.html'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('answers a file of the build with its bytes and type', async () => {
    const page = await readAppFile(APP_INDEX, 'GET', dir);
    expect(page).toMatchObject({ status: 200, type: 'text/html; charset=utf-8' });
    expect(String(page.body)).toContain('<div id="app">');
    expect(await readAppFile('app://renderer/assets/a.js', 'GET', `${dir}/`)).toMatchObject({ status: 200, type: 'text/javascript; charset=utf-8' });
    expect(await readAppFile('app://renderer/assets/link-in.html', 'GET', dir)).toMatchObject({ status: 200 });
  });

  it('answers 404 for what is missing, a folder, a link out of the build, and every traversal', async () => {
    for (const url of ['app://renderer/missing.js', 'app://renderer/assets', 'app://renderer/assets/link-out.js', 'app://renderer/assets/dir-out', 'app://renderer/../secret.txt', 'app://renderer/%2e%2e/secret.txt', 'app://renderer/..%5csecret.txt']) {
      const r = await readAppFile(url, 'GET', dir);
      expect(r.status, url).toBe(404);
      expect(String(r.body)).toBe('not found');
    }
  });

  it('answers only GET', async () => {
    expect((await readAppFile(APP_INDEX, 'POST', dir)).status).toBe(405);
  });
});

describe('requests the window may make', () => {
  it('lets the app origin, data: and DevTools through', () => {
    for (const url of ['app://renderer/index.html', 'app://renderer/assets/a.js', 'data:image/png;base64,AAAA', 'devtools://devtools/bundled/inspector.html']) expect(isAllowedRequest(url), url).toBe(true);
  });

  it('refuses file: and everything remote or foreign', () => {
    for (const url of ['file:///opt/lk/resources/app.asar/dist/renderer/index.html', 'file:///etc/passwd', 'https://example.com/x.js', 'http://127.0.0.1:8080/', 'ws://127.0.0.1/', 'blob:app://renderer/1234', 'app://evil/x', 'chrome://settings', 'javascript:alert(1)', 'nonsense']) {
      expect(isAllowedRequest(url), url).toBe(false);
    }
  });
});
