// Generates the benchmark archive once, cached outside the repo: months of
// lifekeeper.log and messages with LifeKeeper events sprinkled in, rotated
// .gz logs, and a large core file. Sizes are parameters; content is seeded.
import { createWriteStream } from 'node:fs';
import { mkdir, rename, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip, gzipSync } from 'node:zlib';
import * as tar from 'tar-stream';

export interface BenchSpec {
  /** Bytes of current logs (lifekeeper.log + messages), uncompressed. */
  logBytes: number;
  /** Number of rotated .gz logs of each kind, each about logBytes / 20. */
  rotated: number;
  coreBytes: number;
  /** Node name in the archive and its log lines (default bench1). */
  host?: string;
  /** Varies the generated content between archives. */
  seed?: number;
  /** Share of lifekeeper.log lines that are events (default 0.003; a sick cluster logs far more). */
  eventShare?: number;
}

/** A small, fast, seeded generator: the archive is the same every time. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number): string => String(n).padStart(2, '0');

function lineFactory(seed: number, kind: 'lk' | 'messages', startMs: number, stepMs: number, host = 'bench1', eventShare = 0.003): () => string {
  const r = rng(seed);
  // The event thresholds below add up to 0.003: scaling the draw gives the share asked for.
  const scale = kind === 'lk' ? 0.003 / eventShare : 1;
  let t = startMs;
  let n = 0;
  return () => {
    t += Math.floor(r() * stepMs);
    n++;
    const d = new Date(t);
    const stamp = `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
    const pid = 1000 + Math.floor(r() * 60000);
    const x = r() * scale;
    if (kind === 'lk') {
      if (x < 0.0005) return `${stamp} ${host} mirror_action[${pid}]: INFO:dr:resume:datarep-data:104009:/dev/md0: bitmap merged, resyncing ${(r() * 900).toFixed(1)} MB`;
      if (x < 0.001) return `${stamp} ${host} lkscsid[${pid}]: INFO:lkscsid:::007046:lkscsid daemon pid:${pid} mlock:1 nice:-10`;
      if (x < 0.002) return `${stamp} ${host} quickCheck[${pid}]: NOTIFY:RKActionHandler:quickCheck:fs-data:001047:END failed quickCheck of "fs-data" due to a "ALRM" signal.`;
      if (x < 0.003) return `${stamp} ${host} lcm[${pid}]: ERROR:lcd.mes:::004217:Communication failure: destination system "bench2" is out of service.`;
      return `${stamp} ${host} quickCheck[${pid}]: INFO:RKActionHandler:quickCheck:ip-${n % 7}:000000:quickCheck of "ip-${n % 7}" completed in ${Math.floor(r() * 900)} ms (sequence ${n})`;
    }
    if (x < 0.3) return `${stamp} ${host} kernel: [${(t / 1000).toFixed(6)}] IPv4: martian source 10.${Math.floor(r() * 255)}.${Math.floor(r() * 255)}.${Math.floor(r() * 255)} from 10.0.0.${Math.floor(r() * 255)}, on dev eth0`;
    if (x < 0.6) return `${stamp} ${host} systemd[1]: Started Session ${n} of user app${Math.floor(r() * 40)}.`;
    if (x < 0.9) return `${stamp} ${host} sshd[${pid}]: Accepted publickey for app${Math.floor(r() * 40)} from 192.168.${Math.floor(r() * 255)}.${Math.floor(r() * 255)} port ${Math.floor(r() * 60000)} ssh2: RSA SHA256:${Math.floor(r() * 1e12).toString(36)}`;
    return `${stamp} ${host} CROND[${pid}]: (root) CMD (/usr/lib64/sa/sa1 1 1) run ${n}`;
  };
}

/** Exactly `size` bytes of whole log lines, produced in chunks. */
function* logChunks(size: number, next: () => string): Generator<Buffer> {
  let left = size;
  while (left > 0) {
    const lines: string[] = [];
    let bytes = 0;
    while (bytes < 1 << 20) {
      const l = `${next()}\n`;
      lines.push(l);
      bytes += l.length;
    }
    let chunk = Buffer.from(lines.join(''));
    if (chunk.length >= left) {
      chunk = chunk.subarray(0, left);
      if (left > 0) chunk[left - 1] = 10;
    }
    left -= chunk.length;
    yield chunk;
  }
}

function* coreChunks(size: number): Generator<Buffer> {
  const r = rng(7);
  const block = 1 << 16;
  let left = size;
  let first = true;
  while (left > 0) {
    const b = Buffer.alloc(Math.min(block, left));
    const x = r();
    if (first) Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]).copy(b);
    else if (x < 0.25) for (let i = 0; i < b.length; i += 4) b.writeUInt32LE(Math.floor(r() * 4294967296), i);
    else if (x < 0.45) for (let i = 0; i < b.length; i++) b[i] = i & 0x3f;
    first = false;
    left -= b.length;
    yield b;
  }
}

async function entry(pack: tar.Pack, name: string, size: number, chunks: Iterable<Buffer>, mtime: Date): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const sink = pack.entry({ name, size, mtime, mode: 0o644 }, (err) => (err ? reject(err) : resolve()));
    (async () => {
      for (const c of chunks) {
        if (!sink.write(c)) await new Promise<void>((r) => sink.once('drain', () => r()));
      }
      sink.end(undefined);
    })().catch(reject);
  });
}

export async function generate(path: string, spec: BenchSpec): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.partial`;
  const pack = tar.pack();
  const out = pipeline(pack, createGzip({ chunkSize: 1 << 20 }), createWriteStream(tmp));
  const host = spec.host ?? 'bench1';
  const seed = spec.seed ?? 0;
  const root = `lksupport-${host}-20240520-102001`;
  const end = Date.UTC(2024, 4, 20, 1, 0, 0);
  const mtime = new Date(end);
  const small = (name: string, text: string): Promise<void> => entry(pack, `${root}/${name}`, Buffer.byteLength(text), [Buffer.from(text)], mtime);
  await small('cmd/hostname.out', `${host}\n`);
  await small('cmd/date.out', 'Mon May 20 10:20:01 JST 2024\n');
  await small('cmd/uname_-a.out', 'Linux bench1 4.18.0-305.el8.x86_64 #1 SMP Thu Apr 29 08:54:30 EDT 2021 x86_64 x86_64 x86_64 GNU/Linux\n');
  await small('cmd/rpm_-qa.out', 'steeleye-lk-9.6.2-7047.x86_64\nsteeleye-lkDR-9.6.2-7047.noarch\n');
  await small('etc/os-release', 'NAME="Red Hat Enterprise Linux"\nID="rhel"\nVERSION_ID="8.4"\n');
  const rotatedBytes = Math.floor(spec.logBytes / 20);
  const day = 86_400_000;
  for (let i = spec.rotated; i >= 1; i--) {
    for (const kind of ['lk', 'messages'] as const) {
      const start = end - (i + 1) * 7 * day;
      const next = lineFactory(seed * 1009 + i * 97 + (kind === 'lk' ? 1 : 2), kind, start, kind === 'lk' ? 4000 : 300, host, spec.eventShare);
      const raw = Buffer.concat([...logChunks(rotatedBytes, next)]);
      const gz = gzipSync(raw);
      const d = new Date(start + 7 * day);
      const stamp = `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}`;
      const name = kind === 'lk' ? `var/log/lifekeeper.log-${stamp}.gz` : `var/log/messages-${stamp}.gz`;
      await entry(pack, `${root}/${name}`, gz.length, [gz], d);
    }
  }
  const lkShare = Math.floor(spec.logBytes / 4);
  await entry(pack, `${root}/var/log/lifekeeper.log`, lkShare, logChunks(lkShare, lineFactory(seed * 1009 + 11, 'lk', end - 7 * day, 200, host, spec.eventShare)), mtime);
  await entry(pack, `${root}/var/log/messages`, spec.logBytes - lkShare, logChunks(spec.logBytes - lkShare, lineFactory(seed * 1009 + 12, 'messages', end - 7 * day, 20, host)), mtime);
  if (spec.coreBytes > 0) await entry(pack, `${root}/var/crash/core.lkscsid.4410`, spec.coreBytes, coreChunks(spec.coreBytes), mtime);
  pack.finalize();
  await out;
  await rename(tmp, path);
}

export async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
