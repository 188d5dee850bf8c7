// Archives the browser sends to `lkanalyze serve` (its Open button, or files
// dropped on the page). The body is streamed to a private temporary file and
// never held whole: the engine reads that file like any other archive, which it
// must be able to do again (a second analysis, another selection) and which a
// zip needs anyway (its directory is at its end, read by seeking). The files
// live in one private folder (0700, files 0600) that is removed when the
// server stops. What is refused is said plainly: a name that is not an
// archive's, content that is not one, a size over the bound, too many files.
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { isInputArchiveName } from '../../analyzers/engine/archive/archive-names.js';
import { foreignFormatReason, sniff } from '../../analyzers/engine/archive/archive-format.js';
import type { Text } from '../../analyzers/engine/plugin/text.js';
import { formatBytes } from '../../presentation/format.js';

/** The largest archive the page may send (lksupport archives with core files run to gigabytes). */
export const MAX_UPLOAD_BYTES = 8 * 1024 ** 3;
/** How many archives one server takes from the page. */
export const MAX_UPLOADS = 64;
/** What is looked at to tell an archive from anything else: a tar header is 512 bytes. */
const HEAD_BYTES = 512;

export interface UploadLimits {
  maxBytes: number;
  maxFiles: number;
}

export type Received =
  | { ok: true; path: string }
  /** `close`: the rest of the body was not read (it is over the bound): answer, then close the connection. */
  | { ok: false; status: 400 | 411 | 413 | 415 | 429; message: Text; close?: true }
  /** The client went away (cancelled): nobody to answer. */
  | { ok: false; status: 0; message: Text };

const refused = (status: 400 | 411 | 413 | 415 | 429, en: string, ja: string): Received => ({ ok: false, status, message: { en, ja } });

/**
 * The file's own name as the page gave it: its last path segment, printable,
 * bounded. C0 and C1 controls, DEL and the bidi controls are taken out: the
 * name is the archive's name in every report and on the operator's terminal,
 * and "x\u202Ezg.rat.tar.gz" would show as another file's name.
 */
export function uploadName(raw: string | null): string | null {
  if (!raw) return null;
  // eslint-disable-next-line no-control-regex -- control characters are what is taken out
  const name = (raw.split(/[/\\]/).pop() ?? '').replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '').trim();
  if (!name || name === '.' || name === '..' || name.length > 200) return null;
  return name;
}

/** Why the first bytes are not an archive this tool reads, or null when they are (gzip, tar, zip). */
function contentProblem(head: Buffer): Text | null {
  const s = sniff(head);
  if (s.kind === 'archive' || (s.kind === 'foreign' && s.format === 'zip')) return null;
  if (s.kind === 'foreign') return foreignFormatReason(s.format);
  if (s.kind === 'empty') return { en: 'the file is empty', ja: 'ファイルが空です' };
  return { en: 'it is neither a .tar.gz, a .tar nor a .zip (unknown content)', ja: '.tar.gz、.tar、.zip のいずれでもありません(内容を認識できません)' };
}

export class Uploads {
  private dir: Promise<string> | null = null;
  /** Files kept now (the bound), and uploads begun (each one's folder name). */
  private kept = 0;
  private seq = 0;
  private closed = false;

  constructor(private readonly limits: UploadLimits = { maxBytes: MAX_UPLOAD_BYTES, maxFiles: MAX_UPLOADS }) {}

  /** The private folder, made on the first upload (mkdtemp: mode 0700, a name no one else can guess ahead). */
  private folder(): Promise<string> {
    this.dir ??= mkdtemp(join(tmpdir(), 'lkanalyze-serve-'));
    return this.dir;
  }

  /** Streams one request body to a private file, after checking its name, its declared size and its first bytes. */
  async receive(req: IncomingMessage, rawName: string | null): Promise<Received> {
    const name = uploadName(rawName);
    if (!name || !isInputArchiveName(name)) {
      return drained(req, refused(415, `only lksupport archives are opened: files named .tar.gz, .tgz, .tar, or the .zip a ticket came with (not "${name ?? ''}")`, `開けるのは lksupport のアーカイブ (.tar.gz、.tgz、.tar) か、それらをまとめた .zip だけです(「${name ?? ''}」は開けません)`));
    }
    const declared = Number(req.headers['content-length']);
    if (req.headers['content-length'] === undefined || !Number.isSafeInteger(declared) || declared < 0) {
      return drained(req, refused(411, 'the upload must say its length', 'アップロードにはサイズの指定が必要です'));
    }
    if (declared > this.limits.maxBytes) {
      // Not read to its end: that is the very cost the bound is for.
      return { ...refused(413, `${name} is ${formatBytes(declared)}, over the ${formatBytes(this.limits.maxBytes)} this page can open; give it on the lkanalyze serve command line instead`, `${name} は ${formatBytes(declared)} で、このページで開ける上限 ${formatBytes(this.limits.maxBytes)} を超えています。lkanalyze serve のコマンドラインで指定してください`), close: true } as Received;
    }
    if (this.kept >= this.limits.maxFiles) {
      return drained(req, refused(429, `this server has taken ${this.limits.maxFiles} archives already: restart lkanalyze serve`, `このサーバーはすでに ${this.limits.maxFiles} 個のアーカイブを受け取りました。lkanalyze serve を起動し直してください`));
    }
    if (this.closed) return drained(req, refused(400, 'the server is stopping', 'サーバーを停止しています'));
    this.kept++;
    // One folder per upload, so that the file keeps the name the report shows, and two files of one name do not meet.
    const folder = join(await this.folder(), String(++this.seq));
    await mkdir(folder, { mode: 0o700 });
    const path = join(folder, name);
    const out = createWriteStream(path, { flags: 'wx', mode: 0o600 });
    let head = Buffer.alloc(0);
    let checked = false;
    let received = 0;
    let outcome: Received | null = null;
    let aborted = false;
    req.once('aborted', () => (aborted = true));
    try {
      for await (const chunk of req as AsyncIterable<Buffer>) {
        received += chunk.length;
        if (outcome) continue;
        if (received > declared || received > this.limits.maxBytes) {
          outcome = refused(413, 'the upload is longer than it said', 'アップロードが申告したサイズを超えています');
          continue;
        }
        if (!checked) {
          head = Buffer.concat([head, chunk]);
          if (head.length < HEAD_BYTES) continue;
          checked = true;
          const problem = contentProblem(head);
          if (problem) {
            outcome = refused(415, `${name}: ${problem.en}`, `${name}: ${problem.ja}`);
            continue;
          }
          if (!out.write(head)) await once(out, 'drain');
          continue;
        }
        if (!out.write(chunk)) await once(out, 'drain');
      }
    } catch {
      aborted = true;
    }
    if (aborted || req.readableAborted) outcome = { ok: false, status: 0, message: { en: 'the upload was cancelled', ja: 'アップロードを中止しました' } };
    if (!outcome && !checked) {
      // A file shorter than a tar header: what it holds decides.
      const problem = contentProblem(head);
      if (problem) outcome = refused(415, `${name}: ${problem.en}`, `${name}: ${problem.ja}`);
      else if (!out.write(head)) await once(out, 'drain');
    }
    if (!outcome && received !== declared) outcome = refused(400, 'the upload ended before its length', 'アップロードが途中で終わりました');
    out.end();
    await once(out, 'close').catch(() => undefined);
    if (outcome) {
      this.kept--;
      await rm(folder, { recursive: true, force: true });
      return outcome;
    }
    return { ok: true, path };
  }

  /** Removes every file received; no upload is taken after. */
  async close(): Promise<void> {
    this.closed = true;
    const dir = this.dir;
    this.dir = null;
    if (dir) await rm(await dir, { recursive: true, force: true }).catch(() => undefined);
  }

  /** The private folder, or null before the first upload (tests look at it). */
  get folderPath(): Promise<string> | null {
    return this.dir;
  }
}

/** Reads what is left of a refused request, so that the browser gets the answer instead of a reset connection; a localhost body costs little. */
async function drained(req: IncomingMessage, answer: Received): Promise<Received> {
  try {
    for await (const _ of req as AsyncIterable<Buffer>) void _;
  } catch {
    // The client went away: there is nobody to answer anyway.
  }
  return answer;
}
