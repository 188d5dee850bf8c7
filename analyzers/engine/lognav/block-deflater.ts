// Deflates the log view's kept blocks (raw deflate, level 1, each on its own)
// through a few zlib handles made once per keeper and reset between blocks,
// into output buffers made once: no zlib stream, no handle, no output
// chunks and no Buffer.concat per block.
//
// deflateRaw() and deflateRawSync() make a whole zlib stream for every block
// (a Transform, a native handle whose state zlib allocates and clears, 16 KiB
// output chunks joined into a new Buffer): the event-heavy bench archive's 3,200
// blocks spent more of the analysis worker's time in that machinery and in
// collecting its garbage than in deflating (docs/performance.md, issue 18).
// The handle is not a public API (archive/native-gunzip.ts and
// archive/gzip-index.ts drive it too): its class is taken from a stream made
// and closed here and checked, and where it is missing or fails, blocks are
// deflated by deflateRaw() and deflateRawSync() as before.
import { constants, createDeflateRaw, deflateRaw, deflateRawSync } from 'node:zlib';

/** zlib's native handle, as lib/zlib.js drives it (Node 20). */
interface ZlibHandle {
  init(windowBits: number, level: number, memLevel: number, strategy: number, writeState: Uint32Array, callback: () => void, dictionary: undefined): void;
  write(flush: number, input: Uint8Array, inOff: number, inLen: number, out: Uint8Array, outOff: number, outLen: number): void;
  writeSync(flush: number, input: Uint8Array, inOff: number, inLen: number, out: Uint8Array, outOff: number, outLen: number): void;
  reset(): void;
  close(): void;
  onerror: ((message: string, errno: number, code?: string) => void) | null;
}

type ZlibHandleClass = new (mode: number) => ZlibHandle;

/** The level every kept block is deflated at: the fastest (logs deflate to a tenth or a fifth of their size). */
export const BLOCK_LEVEL = 1;

let handleClass: ZlibHandleClass | null | undefined;
let forced: boolean | null = null;
/** zlib handles made so far by every BlockDeflater of this thread (tests read it: one per slot, not one per block). */
let made = 0;

export const handlesMade = (): number => made;

function findHandleClass(): ZlibHandleClass | null {
  try {
    const probe = createDeflateRaw() as unknown as { _handle?: object; close(): void };
    const Handle = probe._handle?.constructor as unknown;
    probe.close();
    if (typeof Handle !== 'function') return null;
    const proto = (Handle as { prototype?: Record<string, unknown> }).prototype;
    for (const m of ['init', 'write', 'writeSync', 'reset', 'close']) if (!proto || typeof proto[m] !== 'function') return null;
    return Handle as ZlibHandleClass;
  } catch {
    return null;
  }
}

/** A handle class given by a test instead of zlib's. */
let given: ZlibHandleClass | null = null;

/**
 * For tests: deflate with zlib's convenience functions (false), through the
 * handle where it is found (null), or through this class of handle (one that
 * behaves otherwise than Node 20's, as another Node's might).
 */
export function useDeflateHandles(use: boolean | null | (new (mode: number) => unknown)): void {
  given = typeof use === 'function' ? (use as ZlibHandleClass) : null;
  forced = typeof use === 'function' ? true : use;
}

function handles(): ZlibHandleClass | null {
  if (forced === false) return null;
  if (given) return given;
  return (handleClass ??= findHandleClass());
}

/** Room for any block of `rawBytes` deflated (zlib's deflateBound for a raw stream, with margin). */
function outBytes(rawBytes: number): number {
  return rawBytes + (rawBytes >> 8) + 1024;
}

/** One handle and its output buffer. */
class Slot {
  readonly handle: ZlibHandle;
  readonly state = new Uint32Array(2);
  readonly out: Buffer;
  used = false;
  failed = false;
  onDone: (() => void) | null = null;

  constructor(Handle: ZlibHandleClass, rawBytes: number) {
    this.out = Buffer.allocUnsafeSlow(outBytes(rawBytes));
    this.handle = new Handle(constants.DEFLATERAW);
    made++;
    this.handle.onerror = () => {
      this.failed = true;
      const done = this.onDone;
      this.onDone = null;
      done?.();
    };
    // As createDeflateRaw({ level }) sets it up: a 32 KiB window, memLevel 8, the default strategy.
    this.handle.init(15, BLOCK_LEVEL, 8, constants.Z_DEFAULT_STRATEGY, this.state, () => {
      const done = this.onDone;
      this.onDone = null;
      done?.();
    }, undefined);
  }

  /** Starts a block afresh: a stream reset, not a new one. */
  prepare(): void {
    if (this.used) this.handle.reset();
    this.used = true;
  }

  /** The bytes made by the last write, or null when they did not all fit (or zlib failed). */
  result(): Uint8Array | null {
    const availOut = this.state[0] ?? 0;
    const availIn = this.state[1] ?? 0;
    // Input left, or the output full: the stream may not have ended (it cannot happen with deflateBound's room).
    if (this.failed || availIn !== 0 || availOut === 0) return null;
    return this.out.subarray(0, this.out.length - availOut);
  }
}

/**
 * Deflates blocks of at most `rawBytes` bytes: up to `slots` at once on
 * zlib's thread pool (run), or in this thread (deflateSync). What either
 * gives is valid only until the callback returns, or the next deflateSync:
 * the caller copies it (the keeper copies it into its arenas).
 */
export class BlockDeflater {
  private readonly idle: Slot[] = [];
  private syncSlot: Slot | null = null;
  private running = 0;
  private handle: ZlibHandleClass | null = handles();
  private closed = false;

  constructor(private readonly rawBytes: number, private readonly slots: number) {}

  /** Whether every slot is deflating. */
  get busy(): boolean {
    return this.running >= this.slots;
  }

  /** Deflates `raw` on the pool and calls `done` with the result; only when not busy. */
  run(raw: Uint8Array, done: (out: Uint8Array) => void): void {
    this.running++;
    const finish = (out: Uint8Array): void => {
      this.running--;
      done(out);
    };
    const Handle = this.handle;
    if (!Handle || raw.length > this.rawBytes) {
      deflateRaw(raw, { level: BLOCK_LEVEL }, (err, out) => finish(err ? deflateRawSync(raw, { level: BLOCK_LEVEL }) : out));
      return;
    }
    const slot = this.idle.pop() ?? this.newSlot(Handle);
    if (!slot) {
      this.running--;
      this.run(raw, done);
      return;
    }
    slot.prepare();
    slot.onDone = () => {
      const out = slot.result();
      if (slot.failed) slot.handle.close();
      else if (!this.closed) this.idle.push(slot);
      else slot.handle.close();
      finish(out ?? deflateRawSync(raw, { level: BLOCK_LEVEL }));
    };
    slot.handle.write(constants.Z_FINISH, raw, 0, raw.length, slot.out, 0, slot.out.length);
  }

  /** Deflates `raw` in this thread; the result is valid until the next call. */
  deflateSync(raw: Uint8Array): Uint8Array {
    const Handle = this.handle;
    if (!Handle || raw.length > this.rawBytes || this.closed) return deflateRawSync(raw, { level: BLOCK_LEVEL });
    const slot = (this.syncSlot ??= this.newSlot(Handle));
    if (!slot) return deflateRawSync(raw, { level: BLOCK_LEVEL });
    slot.prepare();
    slot.handle.writeSync(constants.Z_FINISH, raw, 0, raw.length, slot.out, 0, slot.out.length);
    const out = slot.result();
    if (out) return out;
    slot.handle.close();
    this.syncSlot = null;
    return deflateRawSync(raw, { level: BLOCK_LEVEL });
  }

  /** A handle and its buffer; null, and zlib's functions from then on, where the handle does not take its setup (another Node). */
  private newSlot(Handle: ZlibHandleClass): Slot | null {
    try {
      return new Slot(Handle, this.rawBytes);
    } catch {
      this.handle = null;
      return null;
    }
  }

  /** Frees the handles (those deflating close when their block is done). */
  close(): void {
    this.closed = true;
    for (const s of this.idle.splice(0)) s.handle.close();
    this.syncSlot?.handle.close();
    this.syncSlot = null;
  }
}
