// Turns raw bytes of one line into text without losing it: UTF-8 when valid,
// else Shift_JIS or EUC-JP (both exist in Japanese sites' logs), else UTF-8
// with replacement characters. Also tells binary content from text.
import { isUtf8 } from 'node:buffer';

export type Encoding = 'utf-8' | 'shift_jis' | 'euc-jp' | 'invalid';

const sjis = new TextDecoder('shift_jis', { fatal: true });
const eucjp = new TextDecoder('euc-jp', { fatal: true });
const utf8Lossy = new TextDecoder('utf-8', { fatal: false });

/**
 * EUC-JP uses only bytes 0xA1-0xFE (and 0x8E/0x8F single-shifts) outside
 * ASCII; Shift_JIS lead bytes 0x81-0x9F are never EUC-JP, so their presence
 * decides it. The fatal decoders then confirm the guess.
 */
function legacyOrder(bytes: Uint8Array): Array<['shift_jis' | 'euc-jp', InstanceType<typeof TextDecoder>]> {
  let sjisOnly = false;
  for (const b of bytes) {
    if (b >= 0x80 && b < 0xa1 && b !== 0x8e && b !== 0x8f) {
      sjisOnly = true;
      break;
    }
  }
  return sjisOnly
    ? [['shift_jis', sjis], ['euc-jp', eucjp]]
    : [['euc-jp', eucjp], ['shift_jis', sjis]];
}

export interface Decoded {
  text: string;
  encoding: Encoding;
}

export function decodeLine(bytes: Uint8Array): Decoded {
  let out: Decoded | null = null;
  if (isUtf8(bytes)) out = { text: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'), encoding: 'utf-8' };
  else {
    for (const [encoding, decoder] of legacyOrder(bytes)) {
      try {
        out = { text: decoder.decode(bytes), encoding };
        break;
      } catch {
        // not this one
      }
    }
    out ??= { text: utf8Lossy.decode(bytes), encoding: 'invalid' };
  }
  if (out.text.includes('\0')) out.text = out.text.replace(/\0+/g, '\u2400');
  return out;
}

const ELF = [0x7f, 0x45, 0x4c, 0x46];

/**
 * Binary content is recognised by its head: an ELF header, or more than 5%
 * control bytes among the non-NUL bytes (text uses tab, CR, LF, and ^A in
 * LifeKeeper's LCDI lists). NUL runs alone do not make a log binary: logs cut
 * by a crash often hold them.
 */
export function looksBinary(head: Uint8Array): boolean {
  if (head.length >= 4 && ELF.every((b, i) => head[i] === b)) return true;
  let nonNul = 0;
  let control = 0;
  const n = Math.min(head.length, 8192);
  for (let i = 0; i < n; i++) {
    const b = head[i] ?? 0;
    if (b === 0) continue;
    nonNul++;
    if ((b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x01 && b !== 0x1b) || b === 0x7f) control++;
  }
  if (n >= 512 && nonNul < n / 100) return true;
  return nonNul > 0 && control / nonNul > 0.05;
}
