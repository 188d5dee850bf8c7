// Dropped paths as the main process takes them from an untrusted renderer, checked against a real folder.
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_DROPPED, validateDropped } from './dropped.js';

let dir: string;
let fifo: string | null = null;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lkanalyze-dropped-'));
  await writeFile(join(dir, 'n1.tar.gz'), 'x');
  await writeFile(join(dir, 'n2.tar.gz'), 'y');
  await mkdir(join(dir, 'folder.tar.gz'));
  await symlink(join(dir, 'folder.tar.gz'), join(dir, 'link-to-folder.tar.gz'));
  await symlink(join(dir, 'n1.tar.gz'), join(dir, 'link-to-file.tar.gz'));
  await symlink(join(dir, 'gone.tar.gz'), join(dir, 'dangling.tar.gz'));
  try {
    execFileSync('mkfifo', [join(dir, 'pipe.tar.gz')]);
    fifo = join(dir, 'pipe.tar.gz');
  } catch {
    console.warn('dropped.test: no mkfifo here, the FIFO case is not checked');
  }
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('dropped paths in the main process', () => {
  it('keeps strings naming existing regular files, in the order dropped, once each', async () => {
    const a = join(dir, 'n2.tar.gz');
    const b = join(dir, 'n1.tar.gz');
    expect(await validateDropped([a, b, a])).toEqual({ ok: true, value: [a, b] });
  });

  it('takes a link to a regular file as that file', async () => {
    expect(await validateDropped([join(dir, 'link-to-file.tar.gz')])).toEqual({ ok: true, value: [join(dir, 'link-to-file.tar.gz')] });
  });

  it('leaves out folders, links to folders, dangling links, missing paths and FIFOs', async () => {
    const file = join(dir, 'n1.tar.gz');
    const others = [join(dir, 'folder.tar.gz'), join(dir, 'link-to-folder.tar.gz'), join(dir, 'dangling.tar.gz'), join(dir, 'missing.tar.gz'), dir, ...(fifo ? [fifo] : [])];
    expect(await validateDropped([...others, file])).toEqual({ ok: true, value: [file] });
  });

  it('refuses the call when it is not a list of absolute path strings', async () => {
    for (const raw of ['/etc/passwd', null, undefined, 42, { 0: '/x' }, [42], [join(dir, 'n1.tar.gz'), { path: '/x' }], [''], ['n1.tar.gz'], ['./n1.tar.gz'], [`${dir}/n1.tar.gz\0.txt`], [`/${'a'.repeat(5000)}`]]) {
      expect(await validateDropped(raw), JSON.stringify(raw)).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    }
  });

  it(`refuses more than ${MAX_DROPPED} paths at once, and takes ${MAX_DROPPED}`, async () => {
    const file = join(dir, 'n1.tar.gz');
    expect(await validateDropped(Array.from({ length: MAX_DROPPED + 1 }, () => file))).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(await validateDropped(Array.from({ length: MAX_DROPPED }, () => file))).toEqual({ ok: true, value: [file] });
  });

  it('asks the file system nothing for a refused call', async () => {
    let asked = 0;
    const statPath = async (): Promise<never> => {
      asked++;
      throw new Error('not asked');
    };
    await validateDropped([join(dir, 'n1.tar.gz'), 7], statPath);
    expect(asked).toBe(0);
  });
});
