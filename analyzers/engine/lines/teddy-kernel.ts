// The keyword search's WebAssembly SIMD kernel: a Teddy-style prefilter (the
// idea of Hyperscan's Teddy, as in Rust's aho-corasick). Keywords are put in
// 8 buckets; for each of the first FINGERPRINT_BYTES bytes of a keyword, two
// 16-byte tables say, for each value of a byte's low and high nibble, which
// buckets have a keyword with that nibble at that place. Over 16 positions at
// once, one table lookup per nibble (i8x16.swizzle, a pshufb on x86) and ANDs
// give, for each position, the buckets whose keywords may start there; the
// rare positions with any are written out as candidates, and multi-search.ts
// checks the bucket's keywords there byte for byte. So the kernel decides
// nothing alone: it only rules positions out, never in.
//
// In the text format, the one function is:
//
//   (func (export "scan") (param $p i32) (param $end i32) (param $outEnd i32) (result i32)
//     ;; masks: lo0 hi0 lo1 hi1 lo2 hi2 at MASKS (one v128 each)
//     (local.set $out (i32.const OUT))
//     (local.set $nib (i8x16.splat (i32.const 15)))
//     (local.set $lo0 (v128.load offset=MASKS+0 (i32.const 0))) ...   ;; the six tables
//     (block $exit
//       (loop $blocks
//         (br_if $exit (i32.ge_u (local.get $p) (local.get $end)))
//         ;; for j in 0..2: the buckets allowed by byte p+i+j, for i in 0..15 ($r) and 16..31 ($r2)
//         (local.set $r
//           (v128.and (v128.and (i8x16.swizzle (local.get $lo0) (v128.and (local.tee $v (v128.load offset=0 (local.get $p))) (local.get $nib)))
//                               (i8x16.swizzle (local.get $hi0) (v128.and (i16x8.shr_u (local.get $v) (i32.const 4)) (local.get $nib))))
//                     ... the same for offset=1 and offset=2 ...))
//         (local.set $r2 ... the same with offset=16, 17 and 18 ...)
//         (if (v128.any_true (v128.or (local.get $r) (local.get $r2)))
//           (then
//             ;; for $r (places p+0..15), then for $r2 (p+16..31), so that candidates stay in order:
//             (if (v128.any_true (local.get $r))
//               (then
//                 (v128.store offset=SCRATCH (i32.const 0) (local.get $r))
//                 ;; the lanes that are not 0
//                 (local.set $m (i32.xor (i8x16.bitmask (i8x16.eq (local.get $r) (i8x16.splat (i32.const 0)))) (i32.const 0xffff)))
//                 (loop $lanes   ;; one candidate per lane: (address << 8) | buckets
//                   (i32.store (local.get $out)
//                     (i32.or (i32.shl (i32.add (i32.add (local.get $p) (i32.const 0)) (local.tee $i (i32.ctz (local.get $m)))) (i32.const 8))
//                             (i32.load8_u offset=SCRATCH (local.get $i))))
//                   (local.set $out (i32.add (local.get $out) (i32.const 4)))
//                   (br_if $lanes (local.tee $m (i32.and (local.get $m) (i32.sub (local.get $m) (i32.const 1))))))))
//             ... the same for $r2, with (i32.const 16) ...
//             ;; the answer area is full: stop after this step
//             (if (i32.ge_u (local.get $out) (local.get $outEnd))
//               (then (local.set $p (i32.add (local.get $p) (i32.const 32))) (br $exit)))))
//         (local.set $p (i32.add (local.get $p) (i32.const 32)))
//         (br $blocks)))
//     (i32.store offset=OUT_END_AT (i32.const 0) (local.get $out))
//     (local.get $p))
//
// A second function counts line breaks, for the line numbers of the text
// between hits, which the scanner then need not walk line by line:
//
//   (func (export "count") (param $p i32) (param $end i32) (result i32)   ;; '\n' bytes in [p, end)
//     (local.set $nl (i8x16.splat (i32.const 10)))
//     (block $exit
//       (loop $blocks
//         (br_if $exit (i32.gt_u (i32.add (local.get $p) (i32.const 16)) (local.get $end)))
//         (local.set $n (i32.add (local.get $n) (i32.popcnt (i8x16.bitmask (i8x16.eq (v128.load (local.get $p)) (local.get $nl))))))
//         (local.set $p (i32.add (local.get $p) (i32.const 16)))
//         (br $blocks)))
//     (if (i32.lt_u (local.get $p) (local.get $end))   ;; the last, partial block: only its first end - p lanes
//       (then (local.set $n (i32.add (local.get $n) (i32.popcnt (i32.and
//         (i8x16.bitmask (i8x16.eq (v128.load (local.get $p)) (local.get $nl)))
//         (i32.sub (i32.shl (i32.const 1) (i32.sub (local.get $end) (local.get $p))) (i32.const 1))))))))
//     (local.get $n))
//
// scan returns where it stopped (at or past $end, or after the step that
// filled the answer area) and leaves the end of its answers at OUT_END_AT.
// The memory is fixed (MEMORY_PAGES, never grown): the text is searched in
// segments of at most SEGMENT_BYTES copied to SEGMENT.
import { Code, encodeModule } from './wasm-encoder.js';

/** How many leading bytes of each keyword the prefilter looks at (fewer when a keyword is shorter: the rest of its tables then let every byte pass). */
export const FINGERPRINT_BYTES = 3;
export const BUCKETS = 8;

/** Memory layout (byte addresses). */
export const MASKS = 0;
const SCRATCH = MASKS + FINGERPRINT_BYTES * 2 * 16;
export const OUT_END_AT = SCRATCH + 16;
export const OUT = 128;
/** Bytes scanned a step: two blocks of 16 places. */
export const STEP = 32;
/** Candidates written before the kernel stops and hands them over (a step adds at most STEP past this). */
export const OUT_CAPACITY = 16 * 1024;
export const SEGMENT = OUT + (OUT_CAPACITY + STEP) * 4;
/** Text copied into the memory at a time; the bytes after a segment's end are read (and their positions dropped), hence the slack. */
export const SEGMENT_BYTES = 1024 * 1024;
const SLACK = 64;
export const MEMORY_PAGES = Math.ceil((SEGMENT + SEGMENT_BYTES + SLACK) / 65536);

// Parameters and locals of scan, by index.
const P = 0;
const END = 1;
const OUT_END = 2;
const OUT_PTR = 3;
const M = 4;
const I = 5;
const NIB = 6;
const V = 7;
const R = 8;
const TABLE0 = 9;
/** The second block's bucket bits (after the tables, so that their indexes stay). */
const R2 = TABLE0 + FINGERPRINT_BYTES * 2;

/** The bucket bits of the 16 places from p + offset: the three nibble-table lookups of each, ANDed (left on the stack). */
function fingerprints(c: Code, offset: number): void {
  for (let j = 0; j < FINGERPRINT_BYTES; j++) {
    c.local_get(TABLE0 + 2 * j).local_get(P).v128_load(offset + j).local_tee(V).local_get(NIB).v128_and().i8x16_swizzle();
    c.local_get(TABLE0 + 2 * j + 1).local_get(V).i32_const(4).i16x8_shr_u().local_get(NIB).v128_and().i8x16_swizzle();
    c.v128_and();
    if (j > 0) c.v128_and();
  }
}

/** Writes a candidate for each lane of `r` that is not 0, the places from p + offset, in order. */
function candidates(c: Code, r: number, offset: number): void {
  c.local_get(r).v128_any_true();
  c.if();
  c.i32_const(0).local_get(r).v128_store(SCRATCH);
  c.local_get(r).i32_const(0).i8x16_splat().i8x16_eq().i8x16_bitmask().i32_const(0xffff).i32_xor().local_set(M);
  c.loop();
  c.local_get(OUT_PTR);
  c.local_get(P).i32_const(offset).i32_add().local_get(M).i32_ctz().local_tee(I).i32_add().i32_const(8).i32_shl();
  c.local_get(I).i32_load8_u(SCRATCH).i32_or();
  c.i32_store(0);
  c.local_get(OUT_PTR).i32_const(4).i32_add().local_set(OUT_PTR);
  c.local_get(M).local_get(M).i32_const(1).i32_sub().i32_and().local_tee(M).br_if(0);
  c.end();
  c.end();
}

/**
 * Two blocks of 16 places a step (32 bytes): the two fingerprint chains are
 * independent, so the CPU overlaps them, and the one test of both for a
 * candidate halves the branches. 2,398 → 2,833 MB/s on messages (the kernel
 * alone over 1 MiB of the bench's syslog, CPU time, median of 9).
 */
function scanBody(): Code {
  const c = new Code();
  c.i32_const(OUT).local_set(OUT_PTR);
  c.i32_const(15).i8x16_splat().local_set(NIB);
  for (let t = 0; t < FINGERPRINT_BYTES * 2; t++) c.i32_const(0).v128_load(MASKS + 16 * t).local_set(TABLE0 + t);
  c.block();
  c.loop();
  c.local_get(P).local_get(END).i32_ge_u().br_if(1);
  fingerprints(c, 0);
  c.local_set(R);
  fingerprints(c, 16);
  c.local_set(R2);
  c.local_get(R).local_get(R2).v128_or().v128_any_true();
  c.if();
  candidates(c, R, 0);
  candidates(c, R2, 16);
  c.local_get(OUT_PTR).local_get(OUT_END).i32_ge_u();
  c.if();
  c.local_get(P).i32_const(STEP).i32_add().local_set(P).br(3);
  c.end();
  c.end();
  c.local_get(P).i32_const(STEP).i32_add().local_set(P);
  c.br(0);
  c.end();
  c.end();
  c.i32_const(0).local_get(OUT_PTR).i32_store(OUT_END_AT);
  c.local_get(P);
  return c;
}

// Parameters and locals of count, by index.
const C_P = 0;
const C_END = 1;
const C_N = 2;
const C_NL = 3;

function countBody(): Code {
  const c = new Code();
  c.i32_const(10).i8x16_splat().local_set(C_NL);
  c.block();
  c.loop();
  c.local_get(C_P).i32_const(16).i32_add().local_get(C_END).i32_gt_u().br_if(1);
  c.local_get(C_N).local_get(C_P).v128_load(0).local_get(C_NL).i8x16_eq().i8x16_bitmask().i32_popcnt().i32_add().local_set(C_N);
  c.local_get(C_P).i32_const(16).i32_add().local_set(C_P);
  c.br(0);
  c.end();
  c.end();
  c.local_get(C_P).local_get(C_END).i32_lt_u();
  c.if();
  c.local_get(C_N);
  c.local_get(C_P).v128_load(0).local_get(C_NL).i8x16_eq().i8x16_bitmask();
  c.i32_const(1).local_get(C_END).local_get(C_P).i32_sub().i32_shl().i32_const(1).i32_sub();
  c.i32_and().i32_popcnt().i32_add().local_set(C_N);
  c.end();
  c.local_get(C_N);
  return c;
}

/** The kernel's module, as bytes. */
export function kernelBytes(): Uint8Array {
  return encodeModule({
    pages: MEMORY_PAGES,
    functions: [{
      name: 'scan',
      params: ['i32', 'i32', 'i32'],
      results: ['i32'],
      locals: ['i32', 'i32', 'i32', 'v128', 'v128', 'v128', ...new Array<'v128'>(FINGERPRINT_BYTES * 2).fill('v128'), 'v128'],
      code: scanBody(),
    }, {
      name: 'count',
      params: ['i32', 'i32'],
      results: ['i32'],
      locals: ['i32', 'v128'],
      code: countBody(),
    }],
  });
}

export interface Kernel {
  /** Scans STEP bytes at a time from address p while p < end; see above. */
  scan(p: number, end: number, outEnd: number): number;
  /** The line breaks at addresses p to end (excluded). */
  count(p: number, end: number): number;
  /** The module's memory (fixed size: these views stay valid). */
  bytes: Uint8Array;
  words: Int32Array;
}

/** The little of the WebAssembly JavaScript API used here (not in this project's TypeScript lib). */
export interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}

let kernel: Kernel | null | undefined;

/**
 * The kernel of this thread, made on first use; null where WebAssembly or its
 * SIMD instructions are missing (the search then runs in JavaScript).
 */
export function teddyKernel(): Kernel | null {
  if (kernel === undefined) kernel = makeKernel((globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly);
  return kernel;
}

/** A kernel from this WebAssembly API, or null if there is none or it lacks SIMD (exported for tests). */
export function makeKernel(api: WasmApi | undefined): Kernel | null {
  if (!api) return null;
  try {
    const bytes = kernelBytes();
    if (!api.validate(bytes)) return null;
    const exports = new api.Instance(new api.Module(bytes), {}).exports;
    const memory = exports['memory'] as { buffer: ArrayBuffer };
    const scan = exports['scan'] as (p: number, end: number, outEnd: number) => number;
    const count = exports['count'] as (p: number, end: number) => number;
    return { scan, count, bytes: new Uint8Array(memory.buffer), words: new Int32Array(memory.buffer) };
  } catch {
    return null;
  }
}
