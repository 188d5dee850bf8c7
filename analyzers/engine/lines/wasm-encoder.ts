// A small typed encoder of WebAssembly's binary format: just what the keyword
// search's kernel (teddy-kernel.ts) uses. There is no WebAssembly toolchain in
// this project, and none is needed: the kernel is written as calls to this
// encoder, one per instruction and named as in the text format (WAT), and its
// bytes are made when the module loads (a few hundred bytes, microseconds), so
// the source is the only artifact and nothing binary is checked in.
// Reference: the WebAssembly core specification, 2.0 (binary format, chapter 5),
// whose opcodes (SIMD ones behind the 0xfd prefix) are spelt out below.

export type ValType = 'i32' | 'v128';

const VALTYPE: Record<ValType, number> = { i32: 0x7f, v128: 0x7b };

/** Unsigned LEB128. */
export function uleb(n: number): number[] {
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new Error(`uleb: ${n}`);
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n = Math.floor(n / 128);
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

/** Signed LEB128 of a 32-bit integer. */
export function sleb(n: number): number[] {
  if (!Number.isInteger(n) || n < -0x80000000 || n > 0x7fffffff) throw new Error(`sleb: ${n}`);
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

/**
 * A function body, instruction by instruction. Memory instructions take their
 * static offset (the `offset=` of WAT); alignment is given as the natural one
 * or, for v128, 1 byte (unaligned loads are what the kernel does).
 */
export class Code {
  readonly bytes: number[] = [];

  private op(...b: number[]): this {
    for (const x of b) this.bytes.push(x);
    return this;
  }

  private simd(opcode: number, ...imm: number[]): this {
    return this.op(0xfd, ...uleb(opcode), ...imm);
  }

  // Control (block types are always empty: 0x40).
  block(): this { return this.op(0x02, 0x40); }
  loop(): this { return this.op(0x03, 0x40); }
  if(): this { return this.op(0x04, 0x40); }
  end(): this { return this.op(0x0b); }
  br(depth: number): this { return this.op(0x0c, ...uleb(depth)); }
  br_if(depth: number): this { return this.op(0x0d, ...uleb(depth)); }

  // Variables.
  local_get(i: number): this { return this.op(0x20, ...uleb(i)); }
  local_set(i: number): this { return this.op(0x21, ...uleb(i)); }
  local_tee(i: number): this { return this.op(0x22, ...uleb(i)); }

  // Memory: memarg is (log2 alignment, offset).
  i32_load(offset = 0): this { return this.op(0x28, 2, ...uleb(offset)); }
  i32_load8_u(offset = 0): this { return this.op(0x2d, 0, ...uleb(offset)); }
  i32_store(offset = 0): this { return this.op(0x36, 2, ...uleb(offset)); }

  // i32 arithmetic.
  i32_const(n: number): this { return this.op(0x41, ...sleb(n)); }
  i32_eqz(): this { return this.op(0x45); }
  i32_lt_u(): this { return this.op(0x49); }
  i32_gt_u(): this { return this.op(0x4b); }
  i32_ge_u(): this { return this.op(0x4f); }
  i32_ctz(): this { return this.op(0x68); }
  i32_popcnt(): this { return this.op(0x69); }
  i32_add(): this { return this.op(0x6a); }
  i32_sub(): this { return this.op(0x6b); }
  i32_and(): this { return this.op(0x71); }
  i32_or(): this { return this.op(0x72); }
  i32_xor(): this { return this.op(0x73); }
  i32_shl(): this { return this.op(0x74); }

  // SIMD (v128).
  v128_load(offset = 0): this { return this.simd(0x00, 0, ...uleb(offset)); }
  v128_store(offset = 0): this { return this.simd(0x0b, 0, ...uleb(offset)); }
  i8x16_swizzle(): this { return this.simd(0x0e); }
  i8x16_splat(): this { return this.simd(0x0f); }
  i8x16_eq(): this { return this.simd(0x23); }
  v128_and(): this { return this.simd(0x4e); }
  v128_or(): this { return this.simd(0x50); }
  v128_any_true(): this { return this.simd(0x53); }
  i8x16_bitmask(): this { return this.simd(0x64); }
  i16x8_shr_u(): this { return this.simd(0x8d); }
}

export interface FunctionSpec {
  /** The name it is exported under. */
  name: string;
  params: readonly ValType[];
  results: readonly ValType[];
  /** Locals after the parameters, in order (their indexes follow the parameters'). */
  locals: readonly ValType[];
  code: Code;
}

function vec(items: readonly number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

function section(id: number, content: number[]): number[] {
  return [id, ...uleb(content.length), ...content];
}

function name(s: string): number[] {
  const b = [...Buffer.from(s, 'utf8')];
  return [...uleb(b.length), ...b];
}

/**
 * A module of the given functions (each with a type of its own, all
 * exported) and one memory of a fixed size (`pages` of 64 KiB, minimum and
 * maximum alike: it never grows), exported as "memory".
 */
export function encodeModule(spec: { pages: number; functions: readonly FunctionSpec[] }): Uint8Array {
  const types = spec.functions.map((f) => [0x60, ...vec(f.params.map((t) => [VALTYPE[t]])), ...vec(f.results.map((t) => [VALTYPE[t]]))]);
  const funcs = spec.functions.map((_, i) => uleb(i));
  const memory = [[0x01, ...uleb(spec.pages), ...uleb(spec.pages)]];
  const exports = [[...name('memory'), 0x02, 0], ...spec.functions.map((f, i) => [...name(f.name), 0x00, ...uleb(i)])];
  const bodies = spec.functions.map((f) => {
    // Locals run-length encoded by type, in order.
    const runs: number[][] = [];
    for (const t of f.locals) {
      const last = runs[runs.length - 1];
      if (last && last[1] === VALTYPE[t]) last[0] = (last[0] ?? 0) + 1;
      else runs.push([1, VALTYPE[t]]);
    }
    const body = [...vec(runs.map(([count, type]) => [...uleb(count ?? 0), type ?? 0])), ...f.code.bytes, 0x0b];
    return [...uleb(body.length), ...body];
  });
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec(types)),
    ...section(3, vec(funcs)),
    ...section(5, vec(memory)),
    ...section(7, vec(exports)),
    ...section(10, vec(bodies)),
  ]);
}
