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

/** Whether the value holds at most `budget` values, nested at most `maxDepth` deep; stops counting as soon as it does not. */
function isSmall(value: unknown, budget: number, maxDepth: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    if (--budget < 0) return false;
    const [v, depth] = stack.pop() as [unknown, number];
    if (v === null || typeof v !== 'object') continue;
    if (depth >= maxDepth) return false;
    if (Array.isArray(v)) {
      if (v.length > budget) return false;
      for (const x of v) stack.push([x, depth + 1]);
    } else {
      for (const k in v) stack.push([(v as Record<string, unknown>)[k], depth + 1]);
    }
  }
  return true;
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
  const stack: Array<{ value: unknown; leave: boolean }> = [{ value, leave: false }];
  while (stack.length > 0) {
    const top = stack.pop() as { value: unknown; leave: boolean };
    let v = top.value;
    if (top.leave) {
      open.delete(v as object);
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
    stack.push({ value: o, leave: true });
    if (Array.isArray(o)) for (const x of o) stack.push({ value: x, leave: false });
    else for (const k in o) stack.push({ value: (o as Record<string, unknown>)[k], leave: false });
  }
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
    if (isSmall(v, NATIVE_SUBTREE_VALUES, NATIVE_SUBTREE_DEPTH)) {
      if (compact) {
        yield JSON.stringify(v) ?? 'null';
        return;
      }
      // JSON strings never hold a raw newline, so every newline is one of the layout's.
      const json = JSON.stringify(v, null, 2) ?? 'null';
      yield indent === '' ? json : json.replaceAll('\n', `\n${indent}`);
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
 * (one piece longer than that is a batch alone): joined, exactly
 * JSON.stringify(value, null, 2), or JSON.stringify(value) when compact. A
 * value JSON cannot hold (a cycle, a BigInt) is refused with NotJsonError
 * before the first batch.
 */
export function* jsonBatches(value: unknown, batch = JSON_BATCH_UNITS, layout: JsonLayout = {}): Generator<string> {
  checkJson(value);
  let buffer = '';
  for (const piece of pieces(value, layout.compact === true)) {
    // Handed on before it would pass a batch; a piece longer than a batch (one small subtree) goes alone.
    if (buffer.length > 0 && buffer.length + piece.length > batch) {
      yield buffer;
      buffer = '';
    }
    buffer += piece;
  }
  if (buffer.length > 0) yield buffer;
}

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
  checkJson(value);
  let buffer = '';
  for (const piece of pieces(value, layout.compact === true)) {
    // Written before it would pass a batch; a piece longer than a batch (one small subtree) goes alone.
    if (buffer.length > 0 && buffer.length + piece.length > batch) {
      if (!out.write(buffer) && !(await drained(out))) return;
      buffer = '';
    }
    buffer += piece;
  }
  if (!layout.compact) buffer += '\n';
  if (!out.write(buffer)) await drained(out);
}
