// Recognises what a file is from its first bytes, so that a zip, an xz or a
// random file gets a plain-words reason instead of a decoder's error.
import type { Text } from '../plugin/text.js';
import { text } from '../plugin/text.js';

export type ArchiveFormat = 'gzip' | 'tar';
export type ForeignFormat = 'zip' | 'xz' | 'bzip2' | '7z' | 'zstd' | 'rar';

export type Sniffed =
  | { kind: 'archive'; format: ArchiveFormat }
  | { kind: 'foreign'; format: ForeignFormat }
  | { kind: 'empty' }
  | { kind: 'unknown' };

const MAGIC: ReadonlyArray<[ForeignFormat, number[]]> = [
  ['zip', [0x50, 0x4b, 0x03, 0x04]],
  ['zip', [0x50, 0x4b, 0x05, 0x06]],
  ['xz', [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]],
  ['bzip2', [0x42, 0x5a, 0x68]],
  ['7z', [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]],
  ['zstd', [0x28, 0xb5, 0x2f, 0xfd]],
  ['rar', [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07]],
];

export function startsWith(head: Uint8Array, magic: readonly number[]): boolean {
  return magic.length <= head.length && magic.every((b, i) => head[i] === b);
}

export function isGzip(head: Uint8Array): boolean {
  return startsWith(head, [0x1f, 0x8b]);
}

/** A tar header block: `ustar` magic, or an old v7 header whose checksum adds up. */
export function isTarHeader(block: Uint8Array): boolean {
  if (block.length < 512) return false;
  // An end-of-archive block: a valid, empty tar.
  if (block.subarray(0, 512).every((b) => b === 0)) return true;
  if (startsWith(block.subarray(257), [0x75, 0x73, 0x74, 0x61, 0x72])) return true;
  const field = Buffer.from(block.subarray(148, 156)).toString('latin1').replace(/[\0 ]+$/g, '').trim();
  if (!/^[0-7]{1,7}$/.test(field)) return false;
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 0x20 : (block[i] ?? 0);
  return sum === parseInt(field, 8) && block[0] !== 0;
}

export function sniff(head: Uint8Array): Sniffed {
  if (head.length === 0) return { kind: 'empty' };
  if (isGzip(head)) return { kind: 'archive', format: 'gzip' };
  for (const [format, magic] of MAGIC) if (startsWith(head, magic)) return { kind: 'foreign', format };
  if (isTarHeader(head)) return { kind: 'archive', format: 'tar' };
  return { kind: 'unknown' };
}

const FOREIGN_NAMES: Record<ForeignFormat, string> = {
  zip: 'a zip archive',
  xz: 'xz-compressed data',
  bzip2: 'bzip2-compressed data',
  '7z': 'a 7-Zip archive',
  zstd: 'zstd-compressed data',
  rar: 'a RAR archive',
};

const FOREIGN_NAMES_JA: Record<ForeignFormat, string> = {
  zip: 'zip アーカイブ',
  xz: 'xz 圧縮データ',
  bzip2: 'bzip2 圧縮データ',
  '7z': '7-Zip アーカイブ',
  zstd: 'zstd 圧縮データ',
  rar: 'RAR アーカイブ',
};

export function foreignFormatReason(format: ForeignFormat): Text {
  return text(
    `it is ${FOREIGN_NAMES[format]}, which is not supported yet; lksupport archives are .tar.gz (extract it and give the .tar.gz inside)`,
    `${FOREIGN_NAMES_JA[format]}です。この形式にはまだ対応していません。lksupport のアーカイブは .tar.gz です(展開して中の .tar.gz を指定してください)`,
  );
}

/** The compression a member name announces, for members inside the tar. */
export function compressionOfName(path: string): 'gzip' | ForeignFormat | null {
  const m = /\.(gz|tgz|xz|bz2|zst|zip|7z|rar)$/i.exec(path);
  if (!m?.[1]) return null;
  const ext = m[1].toLowerCase();
  if (ext === 'gz' || ext === 'tgz') return 'gzip';
  if (ext === 'bz2') return 'bzip2';
  if (ext === 'zst') return 'zstd';
  return ext as ForeignFormat;
}

export function stripCompressionSuffix(path: string): string {
  return path.replace(/\.(gz|xz|bz2|zst|zip|7z|rar)$/i, '').replace(/\.tgz$/i, '.tar');
}
