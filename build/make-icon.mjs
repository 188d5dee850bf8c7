// Writes build/icon.png (512x512): the app icon, drawn here so it is reproducible
// and nothing is fetched. A shield in LifeKeeper blue with a check mark.
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const N = 512;
const px = Buffer.alloc(N * N * 4);
const set = (x, y, [r, g, b, a]) => { const i = (y * N + x) * 4; px[i] = r; px[i + 1] = g; px[i + 2] = b; px[i + 3] = a; };
for (let y = 0; y < N; y++) for (let x = 0; x < N; x++) {
  const cx = x - N / 2, top = 48, bottom = 470;
  const half = y < 300 ? 200 : 200 * Math.max(0, (bottom - y) / (bottom - 300));
  const inShield = y > top && y < bottom && Math.abs(cx) < half;
  if (!inShield) { set(x, y, [0, 0, 0, 0]); continue; }
  // check mark: two thick strokes
  const d1 = Math.abs((y - 300) - (x - 170)) / Math.SQRT2, on1 = x > 150 && x < 240 && d1 < 26;
  const d2 = Math.abs((y - 390) + (x - 240)) / Math.SQRT2, on2 = x > 225 && x < 380 && d2 < 26;
  set(x, y, on1 || on2 ? [255, 255, 255, 255] : [11, 105, 163, 255]);
}
const raw = Buffer.alloc((N * 4 + 1) * N);
for (let y = 0; y < N; y++) px.copy(raw, y * (N * 4 + 1) + 1, y * N * 4, (y + 1) * N * 4);
const crcTable = Array.from({ length: 256 }, (_, n) => { let c = n; for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; return c >>> 0; });
const crc = (buf) => { let c = 0xffffffff; for (const b of buf) c = crcTable[(c ^ b) & 255] ^ (c >>> 8); return (c ^ 0xffffffff) >>> 0; };
const chunk = (type, data) => { const len = Buffer.alloc(4); len.writeUInt32BE(data.length); const td = Buffer.concat([Buffer.from(type), data]); const c = Buffer.alloc(4); c.writeUInt32BE(crc(td)); return Buffer.concat([len, td, c]); };
const ihdr = Buffer.alloc(13); ihdr.writeUInt32BE(N, 0); ihdr.writeUInt32BE(N, 4); ihdr[8] = 8; ihdr[9] = 6;
writeFileSync(new URL('./icon.png', import.meta.url), Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]));
