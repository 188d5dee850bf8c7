// Writes a JSON document to a stream in pieces, exactly as
// JSON.stringify(value, null, 2) would (or JSON.stringify(value), compact),
// without ever holding the whole text: a report of a hostile archive can be
// tens of MB, and memory must stay bounded. The report of the large bench
// archive is 21 MB of JSON holding Japanese, so one string of it is 42 MB
// (two bytes a character), and JSON.stringify builds it from parts first.
// The walk is iterative (an explicit stack), so depth costs memory, never the
// call stack: a dependency chain 2,000 resources deep overflowed the recursive
// writer after part of the report was written, leaving invalid JSON.

/** Subtrees of at most this many values are written by one native JSON.stringify (many times faster than walking them here). */
const NATIVE_SUBTREE_VALUES = 4096;
/** ...and at most this deep: the native stringify recurses on the call stack. */
const NATIVE_SUBTREE_DEPTH = 64;
/**
 * Small items of a large array written by one JSON.stringify hold at most
 * this many values together: a run's text then stays about a batch
 * (JSON_BATCH_UNITS), young garbage, not a string in the large-object space.
 */
const RUN_VALUES = 1024;

/**
 * How many values the value holds, when at most `budget`, nested at most `maxDepth` deep; -1 as soon as it does not.
 * Values and their depths on two stacks of their own, reused: a pair per value was an eighth of the writer's garbage.
 */
const smallValues: unknown[] = [];
const smallDepths: number[] = [];
function countSmall(value: unknown, budget: number, maxDepth: number): number {
  const values = smallValues;
  const depths = smallDepths;
  values.length = 0;
  depths.length = 0;
  values.push(value);
  depths.push(0);
  let count = 0;
  while (values.length > 0) {
    if (++count > budget) {
      count = -1;
      break;
    }
    const v = values.pop();
    const depth = depths.pop() as number;
    if (v === null || typeof v !== 'object') continue;
    if (depth >= maxDepth) {
      count = -1;
      break;
    }
    if (Array.isArray(v)) {
      if (count + v.length > budget) {
        count = -1;
        break;
      }
      for (const x of v) {
        values.push(x);
        depths.push(depth + 1);
      }
    } else {
      for (const k in v) {
        values.push((v as Record<string, unknown>)[k]);
        depths.push(depth + 1);
      }
    }
  }
  // Let go of what the report holds.
  values.length = 0;
  depths.length = 0;
  return count;
}

/** A value JSON cannot hold (JSON.stringify would throw on it), found before anything is written. */
export class NotJsonError extends Error {}

/**
 * Throws NotJsonError on what JSON.stringify would throw on (a cycle, a
 * BigInt), so that the writer fails before its first byte rather than after
 * part of the document is out. Iterative, like the writer.
 */
function checkJson(value: unknown): void {
  // Objects on the path from the root to the current one: met again below themselves, they are a cycle.
  const open = new Set<object>();
  // An object is pushed again after LEAVE, under its members: popped that way, it is left (a wrapper object per value was garbage).
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    let v = stack.pop();
    if (v === LEAVE) {
      open.delete(stack.pop() as object);
      continue;
    }
    if (typeof v === 'bigint') throw new NotJsonError('a BigInt cannot be written as JSON');
    if (v === null || typeof v !== 'object') continue;
    const withJson = v as { toJSON?: () => unknown };
    if (typeof withJson.toJSON === 'function') {
      v = withJson.toJSON();
      if (v === null || typeof v !== 'object') {
        if (typeof v === 'bigint') throw new NotJsonError('a BigInt cannot be written as JSON');
        continue;
      }
    }
    const o = v as object;
    if (open.has(o)) throw new NotJsonError('the value holds a cycle, which JSON cannot write');
    open.add(o);
    stack.push(o, LEAVE);
    if (Array.isArray(o)) for (const x of o) stack.push(x);
    else for (const k in o) stack.push((o as Record<string, unknown>)[k]);
  }
}

/** Marks, in checkJson's stack, that the object under it is left. */
const LEAVE = Symbol('leave');

/**
 * Nested this deep at most, a small subtree is laid out by JSON.stringify
 * inside as many arrays as its indent has levels, and cut out of them: the
 * indent comes out as it would at its place, without a second copy of the
 * text with each newline replaced (replaceAll made a third of the writer's
 * garbage). Deeper, it is replaced (the native stringify recurses).
 */
const WRAPPED_MAX_LEVELS = 32;

/** A small subtree's JSON.stringify(v, null, 2) with `indent` after each of its newlines, as it sits at that indent. */
function indented(v: object, indent: string): string {
  const levels = indent.length / 2;
  if (levels === 0) return JSON.stringify(v, null, 2) ?? 'null';
  if (levels > WRAPPED_MAX_LEVELS || !Number.isInteger(levels)) return (JSON.stringify(v, null, 2) ?? 'null').replaceAll('\n', `\n${indent}`);
  const { json, head, tail } = wrappedJson(v, levels);
  return json.slice(head, json.length - tail);
}

/** JSON.stringify(v, null, 2) inside `levels` arrays, and the lengths of what those arrays add before and after it. */
function wrappedJson(v: unknown, levels: number): { json: string; head: number; tail: number } {
  let wrapped: unknown = v;
  for (let i = 0; i < levels; i++) wrapped = [wrapped];
  const json = JSON.stringify(wrapped, null, 2);
  // Each level opens with "[\n" and the next level's indent, and closes with "\n", its own indent and "]".
  let head = 0;
  let tail = 0;
  for (let i = 0; i < levels; i++) {
    head += 2 + 2 * (i + 1);
    tail += 2 + 2 * i;
  }
  return { json, head, tail };
}

/**
 * Items from `from` on of a large array that are small together (at most
 * RUN_VALUES values, none with a toJSON): the index after the
 * last, or `from` when fewer than two are. The writer lays such a run out
 * with one JSON.stringify of the run, not one per item: a report's arrays of
 * thousands of events took a native call each, and most of the writer's time.
 */
function smallRun(items: readonly unknown[], from: number): number {
  let room = RUN_VALUES;
  let i = from;
  for (; i < items.length; i++) {
    const x = items[i];
    if (x !== null && typeof x === 'object' && typeof (x as { toJSON?: unknown }).toJSON === 'function') break;
    const n = countSmall(x, room, NATIVE_SUBTREE_DEPTH);
    if (n < 0) break;
    room -= n;
  }
  return i - from >= 2 ? i : from;
}

/**
 * Items `from` to `to` of an array at `indent`, as the writer would write
 * them one by one (the first with its indent, commas and newlines between,
 * nothing after the last): JSON.stringify of the run, inside arrays for its
 * indent, cut out. JSON.stringify writes null for undefined and functions in
 * an array, as the writer does.
 */
function runText(items: readonly unknown[], from: number, to: number, indent: string, compact: boolean): string {
  const run = items.slice(from, to);
  if (compact) return JSON.stringify(run).slice(1, -1);
  const levels = indent.length / 2;
  if (levels > WRAPPED_MAX_LEVELS || !Number.isInteger(levels)) {
    const json = JSON.stringify(run, null, 2).replaceAll('\n', `\n${indent}`);
    // "[\n" then the items at indent + 2, then "\n", the indent and "]".
    return json.slice(2, json.length - indent.length - 2);
  }
  const { json, head, tail } = wrappedJson(run, levels);
  return json.slice(head + 2, json.length - tail - indent.length - 2);
}

type Frame =
  | { kind: 'array'; items: readonly unknown[]; i: number; indent: string }
  | { kind: 'object'; entries: Array<[string, unknown]>; i: number; indent: string };

/** What JSON.stringify writes for a value in an array (undefined and functions become null). */
const inArray = (v: unknown): unknown => (v === undefined || typeof v === 'function' || typeof v === 'symbol' ? null : v);

function* pieces(root: unknown, compact: boolean): Generator<string> {
  const stack: Frame[] = [];
  /** Writes one value at `indent`; a large container is opened and pushed, its members written by the loop below. */
  function* open(value: unknown, indent: string): Generator<string> {
    let v = value;
    if (v !== null && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON === 'function') v = (v as { toJSON: () => unknown }).toJSON();
    if (v === null || typeof v !== 'object') {
      yield JSON.stringify(v) ?? 'null';
      return;
    }
    if (countSmall(v, NATIVE_SUBTREE_VALUES, NATIVE_SUBTREE_DEPTH) >= 0) {
      if (compact) {
        yield JSON.stringify(v) ?? 'null';
        return;
      }
      // JSON strings never hold a raw newline, so every newline is one of the layout's.
      yield indented(v, indent);
      return;
    }
    if (Array.isArray(v)) {
      if (v.length === 0) {
        yield '[]';
        return;
      }
      yield compact ? '[' : '[\n';
      stack.push({ kind: 'array', items: v, i: 0, indent });
      return;
    }
    const entries = Object.entries(v).filter(([, x]) => x !== undefined && typeof x !== 'function' && typeof x !== 'symbol');
    if (entries.length === 0) {
      yield '{}';
      return;
    }
    yield compact ? '{' : '{\n';
    stack.push({ kind: 'object', entries, i: 0, indent });
  }

  yield* open(root, '');
  while (stack.length > 0) {
    const frame = stack[stack.length - 1] as Frame;
    const inner = compact ? '' : `${frame.indent}  `;
    const length = frame.kind === 'array' ? frame.items.length : frame.entries.length;
    if (frame.i > 0 && (frame.i < length || !compact)) yield frame.i < length ? (compact ? ',' : ',\n') : '\n';
    if (frame.i >= length) {
      stack.pop();
      yield `${frame.indent}${frame.kind === 'array' ? ']' : '}'}`;
      continue;
    }
    const i = frame.i++;
    if (frame.kind === 'array') {
      const to = smallRun(frame.items, i);
      if (to > i) {
        yield runText(frame.items, i, to, frame.indent, compact);
        frame.i = to;
        continue;
      }
      if (inner) yield inner;
      yield* open(inArray(frame.items[i]), inner);
    } else {
      const [k, v] = frame.entries[i] as [string, unknown];
      yield compact ? `${JSON.stringify(k)}:` : `${inner}${JSON.stringify(k)}: `;
      yield* open(v, inner);
    }
  }
}

/**
 * UTF-16 code units handed to the stream in one write. Each batch is one
 * string that the stream turns into one Buffer: kept under V8's largest
 * regular object (128 KiB, a two-byte string of 64K units), a batch dies in
 * the young generation. Batches of 1M units went to the large-object space,
 * which only a full collection frees: writing the large bench archive's
 * 28.8 MB report left up to 14 MiB of them and grew the heap by 34 MiB at
 * the very end of the run, where its peak RSS is. 16K units also wrote that
 * report faster (435 against 510 ms of CPU).
 */
export const JSON_BATCH_UNITS = 1 << 14;

/** How a document is laid out: as JSON.stringify(value, null, 2) does (the default), or with no white space. */
export interface JsonLayout {
  compact?: boolean;
}

/**
 * The JSON text of `value` in batches of at most `batch` UTF-16 code units
 * (a piece longer than the room left is cut, never inside a surrogate pair):
 * joined, exactly JSON.stringify(value, null, 2), or JSON.stringify(value)
 * when compact. A value JSON cannot hold (a cycle, a BigInt) is refused with
 * NotJsonError before the first batch.
 */
export function* jsonBatches(value: unknown, batch = JSON_BATCH_UNITS, layout: JsonLayout = {}): Generator<string> {
  checkJson(value);
  let buffer = '';
  for (let piece of pieces(value, layout.compact === true)) {
    // Handed on before it would pass a batch.
    while (buffer.length + piece.length > batch) {
      let room = batch - buffer.length;
      // A batch is one write, encoded on its own: a surrogate pair must not straddle two.
      if (room > 0 && isHighSurrogate(piece.charCodeAt(room - 1))) room--;
      if (room > 0) {
        buffer += piece.slice(0, room);
        piece = piece.slice(room);
      } else if (buffer.length === 0) {
        // A batch of one code unit and a pair to write: the pair goes whole.
        buffer = piece.slice(0, 2);
        piece = piece.slice(2);
      }
      yield buffer;
      buffer = '';
    }
    buffer += piece;
  }
  if (buffer.length > 0) yield buffer;
}

const isHighSurrogate = (c: number): boolean => c >= 0xd800 && c <= 0xdbff;

/** Resolves once `out` can take more, or has closed (a client gone away: nothing more will be read, and the writer stops). */
async function drained(out: NodeJS.WritableStream): Promise<boolean> {
  const stream = out as NodeJS.WritableStream & { destroyed?: boolean };
  if (stream.destroyed) return false;
  return new Promise<boolean>((resolve, reject) => {
    const done = (open: boolean) => (): void => {
      out.off('drain', onDrain);
      out.off('close', onClose);
      out.off('error', onError);
      resolve(open);
    };
    const onDrain = done(true);
    const onClose = done(false);
    const onError = (err: Error): void => {
      done(false)();
      reject(err);
    };
    out.once('drain', onDrain);
    out.once('close', onClose);
    out.once('error', onError);
  });
}

/**
 * Streams `JSON.stringify(value, null, 2) + "\n"` (or `JSON.stringify(value)`
 * when compact, as an HTTP answer) to `out`, honouring backpressure, in
 * writes of at most `batch` UTF-16 code units (see jsonBatches). A value JSON
 * cannot hold is refused with NotJsonError before anything is written. Stops
 * writing if `out` closes while it waits.
 */
export async function writeJson(value: unknown, out: NodeJS.WritableStream, batch = JSON_BATCH_UNITS, layout: JsonLayout = {}): Promise<void> {
  // One batch held back: the last gets the newline, in the same write.
  let last: string | null = null;
  for (const b of jsonBatches(value, batch, layout)) {
    if (last !== null && !out.write(last) && !(await drained(out))) return;
    last = b;
  }
  const end = `${last ?? ''}${layout.compact ? '' : '\n'}`;
  if (end.length > 0 && !out.write(end)) await drained(out);
}
