// The floor of the benchmark: Node's own zlib inflating the same archives as
// the analysis reads them (1 MiB read and output chunks, the engine's
// ZLIB_CHUNK), one after the other on one core, and nothing else. Analysis
// can overlap inflate with its own work, so its time over this is the cost
// of everything the analyzer does besides reading. Prints the inflated bytes.
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import { createGunzip } from 'node:zlib';
/** The engine's ZLIB_CHUNK (analyzers/engine/archive/archive.ts), not imported: loading the engine would add its start-up to the floor. */
const ZLIB_CHUNK = 1 << 20;

let bytes = 0;
for (const file of process.argv.slice(2)) {
  await pipeline(
    createReadStream(file, { highWaterMark: ZLIB_CHUNK }),
    createGunzip({ chunkSize: ZLIB_CHUNK }),
    new Writable({
      highWaterMark: ZLIB_CHUNK,
      write(chunk: Buffer, _enc, cb) {
        bytes += chunk.length;
        cb();
      },
    }),
  );
}
process.stdout.write(`${bytes}\n`);
